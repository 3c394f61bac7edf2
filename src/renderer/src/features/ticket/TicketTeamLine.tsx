import { useId } from 'react'
import type { TicketSummary } from '../../../../shared/domain/ticket'
import { useFrontlineStore } from '../../store'
import '../inbox/inbox-team.css'

/** Who works this ticket (and a way to change it), and who else has it open or is editing its reply, live. */
export function TicketTeamLine({ ticket }: { ticket: TicketSummary }) {
  const me = useFrontlineStore((s) => s.me)
  const people = useFrontlineStore((s) => s.people.data)
  const presence = useFrontlineStore((s) => s.presence)
  const assign = useFrontlineStore((s) => s.assignTickets)
  const busy = useFrontlineStore((s) => s.assignOp.busy)
  const pickerId = useId()
  if (!me?.team) return null

  const others = new Map<string, { name: string; editing: boolean }>()
  for (const entry of presence) {
    if (entry.ticketId !== ticket.id || entry.personId === me.personId) continue
    const known = others.get(entry.personId)
    others.set(entry.personId, { name: entry.name, editing: (known?.editing ?? false) || entry.editing })
  }

  return (
    <div className="presence-line">
      <span className="assignee-picker">
        <label htmlFor={pickerId}>Assigned to</label>
        <select
          id={pickerId}
          value={ticket.assigneeId ?? ''}
          disabled={busy}
          onChange={(event) => void assign([ticket.id], event.target.value || null)}
        >
          <option value="">Nobody (unassigned)</option>
          {(people ?? [])
            .filter((p) => p.status !== 'disabled' || p.id === ticket.assigneeId)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.id === me.personId ? ' (you)' : ''}
              </option>
            ))}
        </select>
        {ticket.assigneeId !== me.personId ? (
          <button
            type="button"
            className="button button--quiet button--compact"
            disabled={busy}
            onClick={() => void assign([ticket.id], me.personId)}
          >
            Take it
          </button>
        ) : null}
      </span>
      <span aria-live="polite" aria-label="Who else is here">
        {[...others.values()].map((person) => (
          <span key={person.name} className="presence-line__person">
            <span
              className={`presence-line__dot${person.editing ? ' presence-line__dot--editing' : ''}`}
              aria-hidden="true"
            />
            {person.name} {person.editing ? 'is editing the reply' : 'is viewing'}
          </span>
        ))}
      </span>
    </div>
  )
}
