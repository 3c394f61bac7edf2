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
  onRegenerate(): void
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
  discard: 'Could not discard the draft'
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

  const approveAndSend = (): void => {
    if (empty || op.busy || offline) return
    void send(text, slash.macroIds)
  }
  const retry: Record<DraftOperation, () => void> = {
    generate: onRegenerate,
    save: () => void save(text),
    send: approveAndSend,
    discard: () => void discard()
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
        onBlur={() => {
          if (edited && !empty && !op.busy) void save(text)
        }}
      />
      {slash.picker}
      <p id={hintId} className="draft-editor__hint">
        {edited ? 'Edited by you · ' : ''}Type / for a macro. Press Ctrl+Enter to approve and send.
      </p>
      {op.error && op.kind ? (
        <div className="inline-error" role="alert">
          <span>
            {failureWords[op.kind]}: {op.error.message}
          </span>
          <button type="button" className="button button--quiet button--compact" onClick={retry[op.kind]}>
            Retry
          </button>
        </div>
      ) : null}
      <div className="draft-actions">
        <button
          type="button"
          className="button"
          onClick={approveAndSend}
          disabled={empty || op.busy || offline !== null}
          title={offline ?? undefined}
          aria-keyshortcuts="Control+Enter"
        >
          {op.busy && op.kind === 'send' ? 'Sending…' : 'Approve & send'}
        </button>
        <span className="draft-actions__group">
          <button
            type="button"
            className="button button--quiet"
            onClick={onRegenerate}
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
          onClick={() => void discard()}
          disabled={op.busy || offline !== null}
          title={offline ?? undefined}
        >
          Discard
        </button>
      </div>
    </div>
  )
}
