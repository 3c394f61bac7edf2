import { useState } from 'react'
import type { DraftDetail } from '../../../../shared/domain/draft'
import { formatMoney } from '../../../../shared/domain/money'
import { StateBadge } from '../../components/Badge'
import { ErrorNotice } from '../../components/ErrorNotice'
import { SparkIcon } from '../../components/Icons'
import { LoadingRows } from '../../components/LoadingRows'
import { formatCount, formatDateTime, plural } from '../../format'
import { useNow } from '../../hooks/useNow'
import { useFrontlineStore } from '../../store'
import type { ModelChoice } from '../../store/draft-slice'
import { useOfflineReason } from '../../hooks/useOffline'
import { DraftEditor } from './DraftEditor'
import { DraftHistory } from './DraftHistory'
import { WrittenText } from './WrittenText'
import { ModelPicker } from './ModelPicker'
import { TracePanel } from './TracePanel'
import { DraftSources } from '../helpdesk/DraftSources'

const FALLBACK_PREFIX = 'Written without the AI: '

/** Sub-cent costs keep their digits: "$0.0004", not "$0.00". */
const formatCost = (draft: DraftDetail): string =>
  draft.costMicroUsd > 0 && draft.costMicroUsd < 10_000
    ? `$${(draft.costMicroUsd / 1_000_000).toFixed(4)}`
    : formatMoney(draft.cost)

function DraftMeta({ draft }: { draft: DraftDetail }) {
  return (
    <p className="draft-meta">
      <StateBadge value={draft.status} label="Draft status" />
      <span>
        <span className="draft-meta__label">Model</span> <span className="mono">{draft.model || '—'}</span>
      </span>
      <span>
        <span className="draft-meta__label">Tokens</span> {formatCount(draft.tokensIn)} in ·{' '}
        {formatCount(draft.tokensOut)} out
      </span>
      <span>
        <span className="draft-meta__label">Cost</span> {formatCost(draft)}
      </span>
    </p>
  )
}

/** Why the AI could not write the draft, as a clause: "because the AI provider returned an error". */
const becauseOf = (draft: DraftDetail): string => {
  const why = (draft.reason ?? '').replace(FALLBACK_PREFIX, '').replace(/\.$/, '')
  return why ? ` because ${why}` : ''
}

/** A draft that is not the AI's own work, or did not finish, says so (sent or not). */
function DraftNotice({ draft }: { draft: DraftDetail }) {
  if (draft.status === 'fallback') {
    return (
      <div className="callout callout--warning" role="note" aria-label="Written without the AI">
        <p className="callout__title">Written without the AI</p>
        <p>
          Frontline could not use the AI for this reply{becauseOf(draft)}. It was filled in from the
          shop&apos;s data with a standard template: check it before sending.
        </p>
      </div>
    )
  }
  if (draft.status === 'sent' && draft.writtenWithoutAi) {
    return (
      <div className="callout callout--warning" role="note" aria-label="Sent without the AI">
        <p className="callout__title">Sent without the AI</p>
        <p>
          This reply went out written without the AI: Frontline could not use it{becauseOf(draft)}. It was
          filled in from the shop&apos;s data with a standard template.
        </p>
      </div>
    )
  }
  if (draft.status === 'failed' || draft.status === 'interrupted') {
    return (
      <div className="callout callout--danger" role="note" aria-label="Draft did not finish">
        <p className="callout__title">
          {draft.status === 'failed' ? 'The draft failed' : 'The draft was interrupted'}
        </p>
        <p>{draft.reason ?? 'No reply was written.'} Regenerate to try again, or write the reply yourself.</p>
      </div>
    )
  }
  return null
}

/** Past this, a draft being written may have lost its way (a dropped connection): offer to look again. */
const SLOW_DRAFT_MS = 45_000

function GeneratingDraft(props: { draft: DraftDetail; streamed: string | undefined; onCheck(): void }) {
  const { draft, streamed, onCheck } = props
  const now = useNow(5_000)
  const slow = now - Date.parse(draft.updatedAt) > SLOW_DRAFT_MS
  return (
    <>
      <p className="draft-panel__working" role="status">
        <span className="pulse" aria-hidden="true" />
        <span>
          Writing the reply with <span className="mono">{draft.model}</span>…
        </span>
      </p>
      <div className="draft-stream" aria-label="Draft so far" aria-busy="true">
        {streamed ? streamed : <span className="muted">Looking things up before writing…</span>}
        <span className="draft-stream__caret" aria-hidden="true" />
      </div>
      {slow ? (
        <p className="draft-panel__slow">
          This is taking longer than usual.{' '}
          <button type="button" className="link-like" onClick={onCheck}>
            Check again
          </button>
        </p>
      ) : null}
    </>
  )
}

/** The next ticket still waiting on the shop, after the open one in the inbox as it is loaded. */
function useOpenNextTicket(): (() => void) | null {
  const openTicketId = useFrontlineStore((s) => s.openTicketId)
  const pages = useFrontlineStore((s) => s.inbox.pages)
  const openTicket = useFrontlineStore((s) => s.openTicket)
  const rows = Object.keys(pages)
    .map(Number)
    .sort((a, b) => a - b)
    .flatMap((page) => pages[page] ?? [])
  const current = rows.findIndex((t) => t.id === openTicketId)
  const waiting = (t: (typeof rows)[number]) =>
    t.id !== openTicketId && (t.status === 'new' || t.status === 'open')
  const next = rows.slice(current + 1).find(waiting) ?? rows.find(waiting)
  return next ? () => void openTicket(next.id) : null
}

/** Right after Regenerate or Discard set a draft aside: one click brings it back. */
function UndoSetAside() {
  const setAside = useFrontlineStore((s) => s.setAside)
  const ticketId = useFrontlineStore((s) => s.openTicketId)
  const restore = useFrontlineStore((s) => s.restoreDraft)
  const op = useFrontlineStore((s) => s.draftOp)
  if (!setAside || setAside.ticketId !== ticketId) return null
  return (
    <div className="inline-note" role="status">
      <span>
        {setAside.verb === 'replaced'
          ? 'The earlier draft was replaced; it is kept among the earlier drafts.'
          : 'The draft was discarded; it is kept among the earlier drafts.'}
      </span>
      <button
        type="button"
        className="button button--quiet button--compact"
        disabled={op.busy}
        onClick={() => void restore(setAside.draftId)}
      >
        Undo
      </button>
      {op.error && op.kind === 'restore' ? (
        <span role="alert">Could not undo: {op.error.message}</span>
      ) : null}
    </div>
  )
}

/** The AI draft of the open ticket: write it, watch it stream, read its trace, edit, send. */
export function DraftPanel() {
  const draft = useFrontlineStore((s) => s.draft)
  const op = useFrontlineStore((s) => s.draftOp)
  const streamed = useFrontlineStore((s) => (s.draft.data ? s.streamedText[s.draft.data.id] : undefined))
  const generate = useFrontlineStore((s) => s.generateDraft)
  const loadDraft = useFrontlineStore((s) => s.loadDraft)
  const openNext = useOpenNextTicket()
  const ticketId = useFrontlineStore((s) => s.openTicketId)
  const handText = useFrontlineStore((s) => (s.openTicketId ? (s.unsent[s.openTicketId]?.reply ?? '') : ''))
  const offline = useOfflineReason()
  const [choice, setChoice] = useState<ModelChoice | null>(null)
  const [traceOpen, setTraceOpen] = useState(false)
  const data = draft.data

  const write = (confirmEdited?: boolean): void => void generate(choice ?? undefined, confirmEdited)
  const starting = op.busy && op.kind === 'generate'
  // A draft would sit beside what the person is writing; they send or clear their own text first.
  const draftBlocked =
    offline ?? (handText.trim() !== '' ? 'You are writing a reply yourself: send or clear it first.' : null)

  const draftButton = (label: string, primary = true) => (
    <span className="draft-actions">
      <button
        type="button"
        className={primary ? 'button' : 'button button--quiet'}
        onClick={() => write()}
        disabled={starting || draftBlocked !== null}
        title={draftBlocked ?? undefined}
      >
        <SparkIcon />
        {starting ? 'Starting…' : label}
      </button>
      <ModelPicker value={choice} onChange={setChoice} disabled={starting} />
    </span>
  )
  const generateError =
    op.error && op.kind === 'generate' && (!data || data.status === 'sent') ? (
      <div className="inline-error" role="alert">
        <span>Could not start the draft: {op.error.message}</span>
        <button type="button" className="button button--quiet button--compact" onClick={() => write()}>
          Retry
        </button>
      </div>
    ) : null

  let body
  if (!data && draft.status === 'error' && draft.error) {
    body = <ErrorNotice what="the draft" error={draft.error} onRetry={() => void loadDraft()} />
  } else if (!data && draft.status !== 'ready') {
    body = <LoadingRows rows={2} label="Loading the draft…" />
  } else if (!data) {
    body = (
      <>
        <p className="draft-panel__empty">
          No draft yet. The AI reads the conversation, looks up the customer&apos;s orders and writes a reply
          for you to check; a return or refund it suggests waits for your approval. Or write the reply
          yourself below.
        </p>
        {draftButton('Draft reply')}
        {generateError}
        {ticketId ? <WrittenText ticketId={ticketId} kind="reply" /> : null}
      </>
    )
  } else if (data.status === 'generating') {
    body = <GeneratingDraft draft={data} streamed={streamed} onCheck={() => void loadDraft()} />
  } else if (data.status === 'sent') {
    body = (
      <>
        <div className="callout callout--success" role="status">
          <p className="callout__title">Reply sent{data.sentAt ? ` · ${formatDateTime(data.sentAt)}` : ''}</p>
          <p>The ticket is now pending: it waits for the customer&apos;s answer.</p>
        </div>
        <DraftNotice draft={data} />
        <span className="draft-actions">
          {openNext ? (
            <button type="button" className="button" onClick={openNext}>
              Next ticket
            </button>
          ) : null}
          {draftButton('Draft reply', !openNext)}
        </span>
        {generateError}
        {ticketId ? <WrittenText ticketId={ticketId} kind="reply" /> : null}
      </>
    )
  } else {
    body = (
      <>
        <DraftNotice draft={data} />
        <DraftEditor key={data.id} draft={data} choice={choice} onChoice={setChoice} onRegenerate={write} />
      </>
    )
  }

  const showTrace = data !== null && data.status !== 'generating'
  return (
    <section
      className="panel draft-panel"
      aria-labelledby="draft-heading"
      aria-busy={data?.status === 'generating'}
      data-draft-id={data?.id}
    >
      <header className="draft-panel__header">
        <h3 id="draft-heading" className="section-title">
          AI draft
        </h3>
        {data ? <DraftMeta draft={data} /> : null}
      </header>
      <UndoSetAside />
      {body}
      {showTrace ? <DraftSources sources={data.sources} /> : null}
      {showTrace ? (
        <div className="draft-panel__trace">
          <button
            type="button"
            className="link-like"
            aria-expanded={traceOpen}
            onClick={() => setTraceOpen((open) => !open)}
          >
            {traceOpen ? 'Hide trace' : `Show trace (${plural(data.trace.length, 'tool call')})`}
          </button>
          {traceOpen ? <TracePanel trace={data.trace} /> : null}
        </div>
      ) : null}
      {ticketId ? <DraftHistory key={ticketId} /> : null}
    </section>
  )
}
