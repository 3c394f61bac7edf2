import { useId, useState, type FormEvent } from 'react'
import type { SettingsView } from '../../../../shared/domain/settings'
import { Badge } from '../../components/Badge'
import { useFrontlineStore } from '../../store'
import { fieldErrors } from './field-errors'
import { SaveFeedback } from './SaveFeedback'

const DEMO_PROVIDER = 'demo'

const choiceValue = (providerId: string, model: string): string => `${providerId}/${model}`
const parseChoice = (value: string): { providerId: string; model: string } => {
  const cut = value.indexOf('/')
  return { providerId: value.slice(0, cut), model: value.slice(cut + 1) }
}

/** The model every draft uses unless the person picks another, and demo mode, which is that model being the demo. */
export function ModelSettings({ settings }: { settings: SettingsView }) {
  const saveSettings = useFrontlineStore((s) => s.saveSettings)
  const save = useFrontlineStore((s) => s.settingsSaves.defaultModel)
  const current = choiceValue(settings.defaultModel.providerId, settings.defaultModel.model)
  const [picked, setPicked] = useState<string | null>(null)
  const choice = picked ?? current
  const pickerId = useId()
  const errorId = useId()
  const errors = fieldErrors(save, 'defaultModel.', ['providerId', 'model'])
  const fieldError = errors.byField.model ?? errors.byField.providerId ?? null

  const provider = settings.providers.find((p) => p.id === settings.defaultModel.providerId)
  const pickedProvider = settings.providers.find((p) => p.id === parseChoice(choice).providerId)
  const firstReal = settings.providers.find((p) => p.id !== DEMO_PROVIDER && p.keySet && p.models.length > 0)

  const saveChoice = async (value: string): Promise<void> => {
    if (await saveSettings('defaultModel', { defaultModel: parseChoice(value) })) setPicked(null)
  }
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    void saveChoice(choice)
  }
  const leaveDemo = (): void => {
    const target = parseChoice(choice).providerId !== DEMO_PROVIDER ? choice : null
    const fallback = firstReal ? choiceValue(firstReal.id, firstReal.models[0]!.id) : null
    const next = target ?? fallback
    if (next) void saveChoice(next)
  }
  const demoModel = settings.providers.find((p) => p.id === DEMO_PROVIDER)?.models[0]?.id
  const canLeaveDemo = parseChoice(choice).providerId !== DEMO_PROVIDER || firstReal !== undefined

  return (
    <section className="card settings-card" aria-labelledby="model-heading">
      <header className="card__header">
        <div>
          <h2 id="model-heading" className="card__title">
            AI model
          </h2>
          <p className="card__subtitle">
            Every draft uses this model unless you pick another when regenerating.
          </p>
        </div>
      </header>
      <div className="card__body settings-stack">
        <div className="demo-row">
          <div>
            <p className="demo-row__title">
              Demo mode {settings.demoMode ? <Badge tone="info">On</Badge> : <Badge tone="muted">Off</Badge>}
            </p>
            <p className="field__hint">
              {settings.demoMode
                ? 'Drafts come from the offline demo model: free, instant, and limited to the sample shop. Choose a real model to turn it off.'
                : 'Drafts come from a real AI provider and cost money. Turn demo mode on to try Frontline without one.'}
            </p>
          </div>
          <button
            type="button"
            role="switch"
            aria-checked={settings.demoMode}
            aria-label="Demo mode"
            className="switch"
            disabled={
              save?.state === 'saving' || (settings.demoMode ? !canLeaveDemo : demoModel === undefined)
            }
            title={
              settings.demoMode && !canLeaveDemo ? 'Add an API key to a provider below first' : undefined
            }
            onClick={() =>
              settings.demoMode
                ? leaveDemo()
                : demoModel && void saveChoice(choiceValue(DEMO_PROVIDER, demoModel))
            }
          >
            <span className="switch__thumb" aria-hidden="true" />
          </button>
        </div>

        <form className="settings-form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={pickerId} className="field__label">
              Default model
            </label>
            <div className="field__row">
              <select
                id={pickerId}
                className="field__input"
                value={choice}
                aria-invalid={fieldError !== null}
                aria-describedby={fieldError ? errorId : undefined}
                onChange={(event) => setPicked(event.target.value)}
              >
                {settings.providers.map((p) => (
                  <optgroup
                    key={p.id}
                    label={p.id === DEMO_PROVIDER ? p.name : `${p.name}${p.keySet ? '' : ' (no key)'}`}
                  >
                    {p.models.map((m) => (
                      <option key={m.id} value={choiceValue(p.id, m.id)}>
                        {p.id === DEMO_PROVIDER
                          ? `${m.id} — free, offline`
                          : `${m.id} · ${p.name} — $${m.inputPerMTok} in / $${m.outputPerMTok} out per 1M tokens`}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <button
                type="submit"
                className="button"
                disabled={choice === current || save?.state === 'saving'}
              >
                {save?.state === 'saving' ? 'Saving…' : 'Save model'}
              </button>
            </div>
            {fieldError ? (
              <p id={errorId} className="field__error">
                {fieldError}
              </p>
            ) : null}
            {pickedProvider && pickedProvider.id !== DEMO_PROVIDER && !pickedProvider.keySet ? (
              <p className="field__warning">
                {pickedProvider.name} has no API key yet: drafts will be written without the AI (from
                templates) until you add one below.
              </p>
            ) : null}
          </div>
          <SaveFeedback
            save={save}
            generalError={errors.general}
            savedWords={`Drafts now use ${provider?.name ?? settings.defaultModel.providerId} · ${settings.defaultModel.model}.`}
          />
        </form>
      </div>
    </section>
  )
}
