import { useId, useState, type FormEvent, type ReactNode } from 'react'
import type {
  SettableTicketStatus,
  TicketPriority,
  TicketSummary,
  TicketTag
} from '../../../../shared/domain/ticket'
import { CharCount } from '../../components/CharCount'
import { SegmentedChoice, type Choice } from '../../components/SegmentedChoice'
import { useOfflineReason } from '../../hooks/useOffline'
import { useFrontlineStore } from '../../store'

export const statusChoices: readonly Choice<SettableTicketStatus>[] = [
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending' },
  { value: 'on_hold', label: 'On hold' },
  { value: 'solved', label: 'Solved' },
  { value: 'closed', label: 'Closed' }
]

const priorityChoices: readonly Choice<TicketPriority>[] = [
  { value: 'low', label: 'Low' },
  { value: 'normal', label: 'Normal' },
  { value: 'high', label: 'High' },
  { value: 'urgent', label: 'Urgent' }
]

const TAG_MAX = 40

const tagTitle = (tag: TicketTag): string =>
  tag.source === 'triage' ? `Set by triage (${tag.setBy})` : `Set by ${tag.setBy}`

function Tags({ tags, blocked }: { tags: readonly TicketTag[]; blocked: string | null }) {
  const add = useFrontlineStore((s) => s.addOpenTicketTag)
  const remove = useFrontlineStore((s) => s.removeOpenTicketTag)
  const [text, setText] = useState('')
  const fieldId = useId()
  const countId = useId()

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (text.trim() === '' || blocked) return
    if (await add(text)) setText('')
  }

  return (
    <div className="ticket-tags" role="group" aria-label="Tags">
      <ul className="ticket-tags__list" aria-label="Tags of this ticket">
        {tags.map((tag) => (
          <li key={tag.tag} className={`tag tag--${tag.source}`} title={tagTitle(tag)}>
            <span>{tag.tag}</span>
            <button
              type="button"
              className="tag__remove"
              aria-label={`Remove tag ${tag.tag}`}
              disabled={blocked !== null}
              title={blocked ?? undefined}
              onClick={() => void remove(tag.tag)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="ticket-tags__add" onSubmit={(event) => void submit(event)}>
        <label htmlFor={fieldId} className="visually-hidden">
          Add a tag
        </label>
        <input
          id={fieldId}
          className="ticket-tags__input"
          placeholder="Add tag…"
          value={text}
          maxLength={TAG_MAX}
          aria-describedby={countId}
          data-shortcut="tag"
          onChange={(event) => setText(event.target.value)}
        />
        <CharCount id={countId} length={text.length} max={TAG_MAX} />
      </form>
    </div>
  )
}

/** A control with its word before it; the control's own name is what a screen reader says. */
function ControlField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <span className="ticket-controls__field">
      <span className="ticket-controls__label" aria-hidden="true">
        {label}
      </span>
      {children}
    </span>
  )
}

/** Status, priority and tags of the open ticket, set by hand: by mouse, or with s, p and t then the arrows. */
export function TicketControls({ ticket, tags }: { ticket: TicketSummary; tags: readonly TicketTag[] }) {
  const setStatus = useFrontlineStore((s) => s.setOpenTicketStatus)
  const setPriority = useFrontlineStore((s) => s.setOpenTicketPriority)
  const work = useFrontlineStore((s) => s.ticketWork)
  // Changes queue up in order (see ticket-work-slice): only a lost connection stops them.
  const blocked = useOfflineReason()
  const failed = work.failed && ['status', 'priority', 'tag'].includes(work.failed.work) ? work.failed : null

  return (
    <div className="ticket-controls">
      <div className="ticket-controls__row">
        <ControlField label="Status">
          <SegmentedChoice
            label="Ticket status"
            choices={statusChoices}
            value={ticket.status === 'new' ? null : (ticket.status as SettableTicketStatus)}
            onChoose={(status) => void setStatus(status)}
            disabledReason={blocked}
            shortcut="status"
          />
        </ControlField>
        <ControlField label="Priority">
          <SegmentedChoice
            label="Ticket priority"
            choices={priorityChoices}
            value={ticket.priority}
            onChoose={(priority) => void setPriority(priority)}
            disabledReason={blocked}
            shortcut="priority"
          />
        </ControlField>
      </div>
      <Tags tags={tags} blocked={blocked} />
      {failed ? (
        <p className="inline-error" role="alert">
          Not saved: {failed.error.issues?.[0]?.message ?? failed.error.message}
        </p>
      ) : null}
    </div>
  )
}
