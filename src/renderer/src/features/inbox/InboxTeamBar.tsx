import { useId } from 'react'
import type { TicketListQuery } from '../../../../shared/domain/ticket'
import { useFrontlineStore } from '../../store'
import './inbox-team.css'

type Queue = NonNullable<TicketListQuery['assignee']> | 'all'

const queues: { value: Queue; label: string; title: string }[] = [
  { value: 'me', label: 'Mine', title: 'Tickets assigned to you' },
  { value: 'unassigned', label: 'Unassigned', title: "The team's queue: nobody has these yet" },
  { value: 'all', label: 'All', title: 'Every ticket' }
]

export const ASSIGN_PICKER_ID = 'inbox-assign-to'

/**
 * Team mode above the inbox: Mine / Unassigned / All, and, with rows picked, assigning them
 * (to a person, to yourself, or back to the queue).
 */
export function InboxTeamBar() {
  const query = useFrontlineStore((s) => s.inboxQuery)
  const setQuery = useFrontlineStore((s) => s.setInboxQuery)
  const selected = useFrontlineStore((s) => s.selectedTicketIds)
  const people = useFrontlineStore((s) => s.people.data)
  const me = useFrontlineStore((s) => s.me)
  const assign = useFrontlineStore((s) => s.assignTickets)
  const clear = useFrontlineStore((s) => s.clearTicketSelection)
  const op = useFrontlineStore((s) => s.assignOp)
  const hintId = useId()
  const current: Queue = query.assignee ?? 'all'
  const picked = [...selected]

  return (
    <div className="inbox-team">
      <div className="segmented" role="group" aria-label="Whose tickets">
        {queues.map((queue) => (
          <button
            key={queue.value}
            type="button"
            className="segmented__item"
            aria-pressed={current === queue.value}
            title={queue.title}
            onClick={() =>
              void setQuery({ ...query, assignee: queue.value === 'all' ? undefined : queue.value })
            }
          >
            {queue.label}
          </button>
        ))}
      </div>
      {picked.length > 0 ? (
        <div className="inbox-team__bulk" role="group" aria-label="Assign the selected tickets">
          <span className="inbox-team__count">{picked.length} selected</span>
          <label className="visually-hidden" htmlFor={ASSIGN_PICKER_ID}>
            Assign to
          </label>
          <select
            id={ASSIGN_PICKER_ID}
            value=""
            disabled={op.busy}
            aria-describedby={hintId}
            onChange={(event) => {
              const value = event.target.value
              if (value) void assign(picked, value === 'queue' ? null : value)
            }}
          >
            <option value="">Assign to…</option>
            {(people ?? [])
              .filter((p) => p.status !== 'disabled')
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.id === me?.personId ? ' (you)' : ''}
                  {p.online ? ' · online' : ''}
                </option>
              ))}
            <option value="queue">Back to the unassigned queue</option>
          </select>
          {me ? (
            <button
              type="button"
              className="button button--compact"
              disabled={op.busy}
              onClick={() => void assign(picked, me.personId)}
            >
              Take
            </button>
          ) : null}
          <button type="button" className="button button--quiet button--compact" onClick={clear}>
            Clear
          </button>
        </div>
      ) : null}
      <p id={hintId} className="inbox-team__hint muted">
        x picks a row · m makes it mine · Shift+A assigns the picked rows
      </p>
      {op.error ? (
        <p className="inline-error" role="alert">
          Could not assign: {op.error.message}
        </p>
      ) : null}
    </div>
  )
}
