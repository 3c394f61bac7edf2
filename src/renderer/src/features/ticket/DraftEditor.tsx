import { useId, useState, type KeyboardEvent } from 'react'
import type { DraftDetail } from '../../../../shared/domain/draft'
import { useFrontlineStore } from '../../store'
import type { DraftOperation, ModelChoice } from '../../store/draft-slice'
import { useOfflineReason } from '../../hooks/useOffline'
import { ModelPicker } from './ModelPicker'
import { useMacroSlash } from '../helpdesk/useMacroSlash'

interface DraftEditorProps {
  draft: DraftDetail
  choice: ModelChoice | null
  onChoice(choice: ModelChoice): void
  /** confirmEdited: the person agreed to set aside a draft someone edited. */
  onRegenerate(confirmEdited?: boolean): void
}

/** Tall enough to read the whole draft without scrolling the field, up to a point. */
const visibleRows = (text: string): number => {
  const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 72)), 0)
  return Math.min(22, Math.max(6, lines + 1))
}

const failureWords: Record<DraftOperation, string> = {
  generate: 'Could not start a new draft',
  save: 'Could not save your edit',
  send: 'Could not send the reply',
  discard: 'Could not discard the draft',
  restore: 'Could not restore the draft',
  review: 'Could not save your choice'
}

/** Why setting this draft aside would cost someone's work, or null when it would not. */
function workAtStake(draft: DraftDetail, editedHere: boolean): string | null {
  if (editedHere) return 'You have edited this draft.'
  if (draft.editedBy) return `${draft.editedBy} edited this draft.`
  if (draft.toldDecision) return "This draft tells the customer a teammate's decision."
  return null
}

/** One side of the rewrite: the text it replaced, or the new one. */
function RewriteSide({ side, text }: { side: 'before' | 'after'; text: string }) {
  const label = side === 'before' ? 'Before' : 'After'
  return (
    <div>
      <p className="draft-meta__label">{label}</p>
      <pre
        className={`rewrite-review__text rewrite-review__text--${side}`}
        dir="auto"
        aria-label={`Text ${side}`}
      >
        {text}
      </pre>
    </div>
  )
}

/** The reply rewritten after a decision, shown as a change before it can be sent. */
function RewriteReview({ draft }: { draft: DraftDetail }) {
  const op = useFrontlineStore((s) => s.draftOp)
  const review = useFrontlineStore((s) => s.reviewRewrite)
  const rewrite = draft.rewrite
  if (!rewrite) return null
  if (rewrite.state === 'writing') {
    return (
      <p className="draft-panel__working" role="status">
        <span className="pulse" aria-hidden="true" />
        <span>A decision was made on what this reply proposed: rewriting it to tell the customer…</span>
      </p>
    )
  }
  return (
    <div
      className="callout callout--warning rewrite-review"
      role="group"
      aria-label="Rewritten after the decision"
    >
      <p className="callout__title">
        Rewritten after the decision
        {rewrite.writtenBy === 'template' ? ' (from the template)' : ' (by the AI)'}
      </p>
      <p>Check the change before sending: keep the new text, or restore the one it replaced.</p>
      <div className="rewrite-review__change">
        <RewriteSide side="before" text={rewrite.previousBody} />
        <RewriteSide side="after" text={draft.body} />
      </div>
      <span className="draft-actions">
        <button type="button" className="button" disabled={op.busy} onClick={() => void review('accept')}>
          Use the new text
        </button>
        <button
          type="button"
          className="button button--quiet"
          disabled={op.busy}
          onClick={() => void review('restore')}
        >
          Restore the old text
        </button>
      </span>
    </div>
  )
}

/**
 * The draft as the person makes it theirs: edit, then Approve & send (Ctrl+Enter), or Regenerate
 * with another model, or Discard. Edits are saved when the field loses focus, so they survive
 * switching tickets.
 */
export function DraftEditor({ draft, choice, onChoice, onRegenerate }: DraftEditorProps) {
  const op = useFrontlineStore((s) => s.draftOp)
  const send = useFrontlineStore((s) => s.sendDraft)
  const save = useFrontlineStore((s) => s.saveDraftEdit)
  const discard = useFrontlineStore((s) => s.discardDraft)
  const [text, setText] = useState(draft.body)
  // The core may change the body under the person (a decided return adds its outcome): unedited
  // text follows it; an edit in progress is theirs and stays.
  const [shownBody, setShownBody] = useState(draft.body)
  if (draft.body !== shownBody) {
    setShownBody(draft.body)
    if (text === shownBody) setText(draft.body)
  }
  const offline = useOfflineReason()
  const fieldId = useId()
  const hintId = useId()
  const slash = useMacroSlash({ ticketId: draft.ticketId, text, setText })
  const empty = text.trim().length === 0
  const edited = text !== draft.body
  // Regenerate or Discard waiting for the person to agree to set someone's work aside.
  const [asking, setAsking] = useState<'generate' | 'discard' | null>(null)
  const atStake = workAtStake(draft, edited)
  const rewriting = draft.rewrite !== null
  const regenerate = (): void => {
    if (atStake) setAsking('generate')
    else onRegenerate()
  }
  const askDiscard = (): void => {
    if (atStake) setAsking('discard')
    else void discard()
  }
  const confirmAsked = (): void => {
    if (asking === 'generate') onRegenerate(true)
    if (asking === 'discard') void discard(true)
    setAsking(null)
  }

  const approveAndSend = (): void => {
    if (empty || op.busy || offline || rewriting) return
    void send(text, { macroIds: slash.macroIds })
  }
  // Someone else replied after this person opened the ticket: the core asks before sending.
  const crossed = op.kind === 'send' && op.error?.issues?.some((i) => i.field === 'seenMessageId') === true
  const setEditing = useFrontlineStore((s) => s.setEditingDraft)
  const retry: Record<DraftOperation, () => void> = {
    generate: regenerate,
    save: () => void save(text),
    send: approveAndSend,
    discard: askDiscard,
    restore: () => undefined,
    review: () => undefined
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (slash.onKeyDown(event)) return
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      approveAndSend()
    }
  }

  return (
    <div className="draft-editor">
      <RewriteReview draft={draft} />
      <label htmlFor={fieldId} className="visually-hidden">
        Reply to the customer
      </label>
      <textarea
        id={fieldId}
        className="draft-editor__text"
        value={text}
        dir="auto"
        data-shortcut="reply"
        rows={visibleRows(text)}
        maxLength={20_000}
        aria-describedby={hintId}
        {...slash.fieldProps}
        onChange={(event) => {
          setText(event.target.value)
          slash.onChange(event)
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setEditing(true)}
        onBlur={() => {
          setEditing(false)
          if (edited && !empty && !op.busy) void save(text)
        }}
      />
      {slash.picker}
      <p id={hintId} className="draft-editor__hint">
        {edited ? 'Edited by you · ' : draft.editedBy ? `Edited by ${draft.editedBy} · ` : ''}Type / for a
        macro. Press Ctrl+Enter to approve and send.
      </p>
      {crossed && op.error ? (
        <div className="callout callout--warning" role="alert">
          <p>{op.error.message}</p>
          <button
            type="button"
            className="button button--compact"
            disabled={op.busy}
            onClick={() => void send(text, { sendAnyway: true, macroIds: slash.macroIds })}
          >
            Send anyway
          </button>
        </div>
      ) : op.error && op.kind ? (
        <div className="inline-error" role="alert">
          <span>
            {failureWords[op.kind]}: {op.error.message}
          </span>
          <button type="button" className="button button--quiet button--compact" onClick={retry[op.kind]}>
            Retry
          </button>
        </div>
      ) : null}
      {asking && atStake ? (
        <div className="callout callout--warning" role="alertdialog" aria-label="Set this draft aside?">
          <p className="callout__title">
            {asking === 'generate' ? 'Replace this draft with a new one?' : 'Discard this draft?'}
          </p>
          <p>{atStake} It stays among the ticket&apos;s earlier drafts, and you can undo this right after.</p>
          <span className="draft-actions">
            <button type="button" className="button button--warn" onClick={confirmAsked}>
              {asking === 'generate' ? 'Regenerate anyway' : 'Discard anyway'}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setAsking(null)}>
              Keep the draft
            </button>
          </span>
        </div>
      ) : null}
      <div className="draft-actions">
        <button
          type="button"
          className="button"
          onClick={approveAndSend}
          disabled={empty || op.busy || offline !== null || rewriting}
          title={offline ?? (rewriting ? 'Check the rewritten reply first' : undefined)}
          aria-keyshortcuts="Control+Enter"
        >
          {op.busy && op.kind === 'send' ? 'Sending…' : 'Approve & send'}
        </button>
        <span className="draft-actions__group">
          <button
            type="button"
            className="button button--quiet"
            onClick={regenerate}
            disabled={op.busy || offline !== null}
            title={offline ?? undefined}
          >
            Regenerate
          </button>
          <ModelPicker value={choice} onChange={onChoice} disabled={op.busy} />
        </span>
        <button
          type="button"
          className="button button--quiet button--warn draft-actions__end"
          onClick={askDiscard}
          disabled={op.busy || offline !== null}
          title={offline ?? undefined}
        >
          Discard
        </button>
      </div>
    </div>
  )
}
