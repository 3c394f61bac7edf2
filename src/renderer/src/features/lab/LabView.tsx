import { useEffect, useId, useState } from 'react'
import type { ReplaySelection } from '../../../../shared/domain/replay'
import { MAX_REPLAY_TICKETS } from '../../../../shared/domain/replay'
import { getApi } from '../../api'
import { SegmentedChoice } from '../../components/SegmentedChoice'
import { downloadCsv } from '../../download'
import { formatDateTime } from '../../format'
import { useFrontlineStore } from '../../store'
import type { ModelChoice } from '../../store/draft-slice'
import { followReplays, isRunning } from '../../store/lab-slice'
import { ModelPicker } from '../ticket/ModelPicker'
import { LabError, ReplayProgress } from './ReplayProgress'
import { ReplayResults } from './ReplayResults'
import { ShopPromptCard } from './ShopPromptCard'
import { TicketChooser } from './TicketChooser'
import '../console-views.css'
import './lab.css'

type Way = ReplaySelection['kind']
const WAYS = [
  { value: 'latest', label: 'Latest' },
  { value: 'sample', label: 'Random sample' },
  { value: 'tickets', label: 'Chosen' }
] as const

/**
 * The Lab: drafts answered tickets again with a model and a prompt to try, in shadow mode (the
 * core works on a scratch copy of the database: nothing is sent, no action is proposed), and sets
 * each new draft beside the reply that was sent.
 */
export function LabView() {
  const filter = useFrontlineStore((s) => s.labFilter)
  const chosen = useFrontlineStore((s) => s.labChosen)
  const run = useFrontlineStore((s) => s.labRun)
  const detail = useFrontlineStore((s) => s.labDetail)
  const resultsPage = useFrontlineStore((s) => s.labResultsPage)
  const runs = useFrontlineStore((s) => s.labRuns)
  const prompt = useFrontlineStore((s) => s.shopPrompt)
  const store = useFrontlineStore.getState
  const [way, setWay] = useState<Way>('latest')
  const [count, setCount] = useState(20)
  const [model, setModel] = useState<ModelChoice | null>(null)
  const [instructions, setInstructions] = useState<string | null>(null)
  const [starting, setStarting] = useState(false)
  const countId = useId()
  const promptId = useId()

  useEffect(() => {
    const state = useFrontlineStore.getState()
    void state.loadLabCandidates()
    void state.loadReplays()
    void state.loadShopPrompt()
    // The model picker lists the providers of Settings.
    if (state.settings.status === 'idle') void state.loadSettings()
    // Progress missed while the view was closed: read the shown run again.
    if (state.labRun) void state.showReplay(state.labRun.id, state.labResultsPage)
    return followReplays(getApi(), useFrontlineStore)
  }, [])

  const shopInstructions = prompt.data?.instructions ?? ''
  const tried = instructions ?? shopInstructions
  const running = run !== null && isRunning(run)
  // The instructions the shown run drafted with, once its results are read.
  const runInstructions = run && detail.data?.run.id === run.id ? detail.data.instructions : null
  const selection: ReplaySelection =
    way === 'tickets'
      ? { kind: 'tickets', ticketIds: chosen }
      : way === 'latest'
        ? { kind: 'latest', filter, limit: count }
        : { kind: 'sample', filter, size: count }
  const canStart = !running && !starting && (way !== 'tickets' || chosen.length > 0) && count >= 1

  const start = async (): Promise<void> => {
    setStarting(true)
    try {
      await store().startReplay({
        selection,
        ...(model ? { providerId: model.providerId, model: model.model } : {}),
        ...(tried.trim() !== shopInstructions.trim() ? { instructions: tried } : {})
      })
    } finally {
      setStarting(false)
    }
  }
  const exportCsv = async (): Promise<void> => {
    const file = await store().exportReplay()
    if (file) downloadCsv(file.filename, file.csv)
  }

  return (
    <section className="console-view lab" aria-labelledby="lab-heading">
      <header className="view-header">
        <div>
          <h1 id="lab-heading" className="view-header__title">
            Lab
          </h1>
          <p className="view-header__meta">
            Draft answered tickets again with another model or prompt. Shadow mode: nothing is sent, no action
            is proposed.
          </p>
        </div>
      </header>

      <div className="view-body">
        <LabError />
        <div className="lab__columns">
          <section className="card" aria-labelledby="lab-tickets-heading">
            <header className="card__header">
              <h2 id="lab-tickets-heading" className="card__title">
                Tickets
              </h2>
            </header>
            <div className="card__body lab__form">
              <SegmentedChoice
                label="Which tickets"
                choices={WAYS}
                value={way}
                onChoose={(value) => setWay(value)}
              />
              {way !== 'tickets' ? (
                <label className="field" htmlFor={countId}>
                  <span className="field__label">How many</span>
                  <input
                    id={countId}
                    className="field__input lab__count"
                    type="number"
                    min={1}
                    max={MAX_REPLAY_TICKETS}
                    value={count}
                    onChange={(event) => setCount(Math.max(0, Math.floor(Number(event.target.value))))}
                  />
                </label>
              ) : (
                <p className="field__hint">{chosen.length} chosen below.</p>
              )}
              <TicketChooser choosing={way === 'tickets'} />
            </div>
          </section>

          <section className="card" aria-labelledby="lab-model-heading">
            <header className="card__header">
              <h2 id="lab-model-heading" className="card__title">
                Model and prompt
              </h2>
            </header>
            <div className="card__body lab__form">
              <div className="field">
                <span className="field__label">Model</span>
                <ModelPicker value={model} onChange={setModel} disabled={running} />
                <span className="field__hint">
                  Any provider in Settings, an OpenAI-compatible endpoint you added there, or the demo model.
                </span>
              </div>
              <div className="field">
                <label className="field__label" htmlFor={promptId}>
                  Instructions
                </label>
                <textarea
                  id={promptId}
                  className="field__input lab__prompt"
                  rows={6}
                  value={tried}
                  disabled={running}
                  onChange={(event) => setInstructions(event.target.value)}
                />
                <span className="field__hint">
                  {tried.trim() !== shopInstructions.trim()
                    ? 'Edited: the replay tries these instead of the shop’s prompt.'
                    : 'The shop’s prompt. Frontline’s own rules always follow it.'}
                  {instructions !== null && tried !== shopInstructions ? (
                    <>
                      {' '}
                      <button type="button" className="link-button" onClick={() => setInstructions(null)}>
                        Back to the shop’s prompt
                      </button>
                    </>
                  ) : null}
                </span>
              </div>
              <div className="lab__start">
                <button
                  type="button"
                  className="button button--approve"
                  disabled={!canStart}
                  onClick={() => void start()}
                >
                  Start replay
                </button>
              </div>
            </div>
          </section>
        </div>

        {run ? (
          <section className="card" aria-labelledby="lab-run-heading">
            <header className="card__header">
              <h2 id="lab-run-heading" className="card__title">
                Replay <span className="mono">{run.id.slice(0, 12)}</span>
              </h2>
              <div className="view-header__actions">
                {running ? (
                  <button
                    type="button"
                    className="button button--warn"
                    onClick={() => void store().cancelReplay()}
                  >
                    Cancel
                  </button>
                ) : (
                  <>
                    <button type="button" className="button" onClick={() => void exportCsv()}>
                      Export CSV
                    </button>
                    {runInstructions !== null && runInstructions.trim() === shopInstructions.trim() ? (
                      <span className="badge badge--info">Now the shop’s prompt</span>
                    ) : run.promptEdited && run.completed > 0 ? (
                      <button
                        type="button"
                        className="button button--approve"
                        onClick={() => void store().saveReplayPrompt()}
                      >
                        Save this prompt as the shop’s
                      </button>
                    ) : null}
                  </>
                )}
              </div>
            </header>
            <div className="card__body">
              <ReplayProgress run={run} />
            </div>
          </section>
        ) : null}

        {run && !running && detail.data && detail.data.run.id === run.id ? (
          <ReplayResults
            detail={detail.data}
            page={resultsPage}
            onPage={(page) => void store().showReplay(run.id, page)}
          />
        ) : null}

        <div className="lab__columns">
          <ShopPromptCard />
          <section className="card" aria-labelledby="lab-runs-heading">
            <header className="card__header">
              <h2 id="lab-runs-heading" className="card__title">
                Recent replays
              </h2>
            </header>
            <div className="card__body">
              {(runs.data ?? []).length === 0 ? (
                <p className="muted">No replay yet.</p>
              ) : (
                <ul className="lab__runs">
                  {(runs.data ?? []).map((r) => (
                    <li key={r.id}>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => void store().showReplay(r.id)}
                      >
                        {formatDateTime(r.createdAt)}
                      </button>{' '}
                      {r.providerId}/{r.model} · {r.status} · {r.agreed}/{r.completed} agree
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </section>
        </div>
      </div>
    </section>
  )
}
