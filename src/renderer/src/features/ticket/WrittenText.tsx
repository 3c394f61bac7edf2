import { useId, type KeyboardEvent } from 'react'
import { CharCount } from '../../components/CharCount'
import { useOfflineReason } from '../../hooks/useOffline'
import { useFrontlineStore } from '../../store'
import type { WrittenKind } from '../../store/ticket-work-slice'
import { useMacroSlash } from '../helpdesk/useMacroSlash'

/** The contract's limit on a reply or a note. */
export const WRITTEN_MAX = 20_000

const words: Record<
  WrittenKind,
  { label: string; placeholder: string; send: string; sending: string; hint: string }
> = {
  reply: {
    label: 'Write a reply',
    placeholder: 'Write your reply to the customer…',
    send: 'Send reply',
    sending: 'Sending…',
    hint: 'Goes to the customer. Type / for a macro. Press Ctrl+Enter to send.'
  },
  note: {
    label: 'Internal note',
    placeholder: 'A note for the team: the customer never sees it…',
    send: 'Add note',
    sending: 'Adding…',
    hint: 'Only the team sees notes; they are never sent to the customer. Ctrl+Enter adds it.'
  }
}

const rowsFor = (text: string): number => Math.min(12, Math.max(3, text.split('\n').length + 1))

/**
 * What a person writes themselves on the open ticket — a reply with no AI draft, or an internal
 * note — kept per ticket until the core has it, so switching tickets loses nothing.
 */
export function WrittenText({ ticketId, kind }: { ticketId: string; kind: WrittenKind }) {
  const text = useFrontlineStore((s) => s.unsent[ticketId]?.[kind] ?? '')
  const setUnsent = useFrontlineStore((s) => s.setUnsent)
  const send = useFrontlineStore((s) => s.sendWritten)
  const work = useFrontlineStore((s) => s.ticketWork)
  const offline = useOfflineReason()
  const fieldId = useId()
  const hintId = useId()
  const countId = useId()
  const w = words[kind]
  const empty = text.trim().length === 0
  const sending = work.busy === kind
  const blocked = offline ?? (sending ? `${w.sending.replace('…', '')}: one moment.` : null)
  const failed = work.failed?.work === kind ? work.failed.error : null
  const slash = useMacroSlash({ ticketId, text, setText: (next) => setUnsent(ticketId, kind, next) })
  // Macros are replies to the customer; a note is the team's own words.
  const macros = kind === 'reply'
  // Someone else replied after this person opened the ticket: the core asks before sending.
  const crossed = failed?.issues?.some((i) => i.field === 'seenMessageId') === true
  const setEditing = useFrontlineStore((s) => s.setEditingDraft)

  const submit = (): void => {
    if (empty || blocked !== null) return
    void send(kind, { macroIds: macros ? slash.macroIds : [] }).then((sent) => {
      if (sent) slash.reset()
    })
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (macros && slash.onKeyDown(event)) return
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      submit()
    }
  }

  return (
    <div className={`written written--${kind}`}>
      <label htmlFor={fieldId} className="written__label">
        {w.label}
      </label>
      <textarea
        id={fieldId}
        className="written__text"
        dir="auto"
        value={text}
        rows={rowsFor(text)}
        maxLength={WRITTEN_MAX}
        placeholder={w.placeholder}
        aria-describedby={`${hintId} ${countId}`}
        data-shortcut={kind}
        {...(macros ? slash.fieldProps : {})}
        onChange={(event) => {
          setUnsent(ticketId, kind, event.target.value)
          if (macros) slash.onChange(event)
        }}
        onKeyDown={onKeyDown}
        {...(kind === 'reply' ? { onFocus: () => setEditing(true), onBlur: () => setEditing(false) } : {})}
      />
      {macros ? slash.picker : null}
      <p id={hintId} className="written__hint">
        {w.hint} <CharCount id={countId} length={text.length} max={WRITTEN_MAX} />
      </p>
      {crossed && failed ? (
        <div className="callout callout--warning" role="alert">
          <p>{failed.message}</p>
          <button
            type="button"
            className="button button--compact"
            disabled={blocked !== null}
            onClick={() =>
              void send(kind, { sendAnyway: true, macroIds: macros ? slash.macroIds : [] }).then((sent) => {
                if (sent) slash.reset()
              })
            }
          >
            Send anyway
          </button>
        </div>
      ) : failed ? (
        <div className="inline-error" role="alert">
          <span>
            Not {kind === 'reply' ? 'sent' : 'added'}: {failed.issues?.[0]?.message ?? failed.message}
          </span>
        </div>
      ) : null}
      <div className="draft-actions">
        <button
          type="button"
          className={kind === 'reply' ? 'button' : 'button button--quiet'}
          onClick={submit}
          disabled={empty || blocked !== null}
          title={blocked ?? (empty ? 'Write something first.' : undefined)}
          aria-keyshortcuts="Control+Enter"
        >
          {sending ? w.sending : w.send}
        </button>
      </div>
    </div>
  )
}
