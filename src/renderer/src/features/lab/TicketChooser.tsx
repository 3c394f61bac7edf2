import type { AnsweredTicketFilter } from '../../../../shared/domain/replay'
import { Pager } from '../../components/Pager'
import { formatDateTime } from '../../format'
import { useFrontlineStore } from '../../store'
import { LAB_CANDIDATES_PAGE_SIZE } from '../../store/lab-slice'

const COMPOSED = [
  { value: '', label: 'Any reply' },
  { value: 'ai_draft', label: 'Sent from an AI draft' },
  { value: 'person', label: 'Written by a person' }
] as const

/** The filters that choose answered tickets, and the tickets they match (ticked one by one when choosing). */
export function TicketChooser({ choosing }: { choosing: boolean }) {
  const filter = useFrontlineStore((s) => s.labFilter)
  const candidates = useFrontlineStore((s) => s.labCandidates)
  const page = useFrontlineStore((s) => s.labCandidatesPage)
  const chosen = useFrontlineStore((s) => s.labChosen)
  const load = useFrontlineStore((s) => s.loadLabCandidates)
  const toggle = useFrontlineStore((s) => s.toggleLabTicket)
  const refilter = (next: AnsweredTicketFilter): void => void load(next, 0)
  const rows = candidates.data?.candidates ?? []
  const total = candidates.data?.total ?? 0

  return (
    <>
      <div className="lab__filters">
        <label className="field">
          <span className="field__label">Replied from</span>
          <input
            className="field__input"
            type="date"
            value={filter.repliedFrom ?? ''}
            onChange={(event) => refilter({ ...filter, repliedFrom: event.target.value || undefined })}
          />
        </label>
        <label className="field">
          <span className="field__label">to</span>
          <input
            className="field__input"
            type="date"
            value={filter.repliedTo ?? ''}
            onChange={(event) => refilter({ ...filter, repliedTo: event.target.value || undefined })}
          />
        </label>
        <label className="field">
          <span className="field__label">Reply</span>
          <select
            className="field__input"
            value={filter.composedBy ?? ''}
            onChange={(event) =>
              refilter({
                ...filter,
                composedBy: (event.target.value || undefined) as AnsweredTicketFilter['composedBy']
              })
            }
          >
            {COMPOSED.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {candidates.error ? <p className="field__error">{candidates.error.message}</p> : null}
      <p className="field__hint" data-testid="lab-candidates-total">
        {total} answered {total === 1 ? 'ticket matches' : 'tickets match'}.
      </p>
      {rows.length > 0 ? (
        <ul className="lab__candidates" aria-label="Answered tickets">
          {rows.map((row) => (
            <li key={row.ticketId}>
              <label className="lab__candidate">
                {choosing ? (
                  <input
                    type="checkbox"
                    checked={chosen.includes(row.ticketId)}
                    onChange={() => toggle(row.ticketId)}
                  />
                ) : null}
                <span className="mono">{row.ticketId}</span>
                <span className="lab__candidate-subject" dir="auto">
                  {row.subject}
                </span>
                <span className="muted">{formatDateTime(row.repliedAt)}</span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {total > LAB_CANDIDATES_PAGE_SIZE ? (
        <Pager
          label="Answered ticket pages"
          page={page}
          pageSize={LAB_CANDIDATES_PAGE_SIZE}
          shown={rows.length}
          total={total}
          order=", newest reply first"
          onPage={(next) => void load(filter, next)}
        />
      ) : null}
    </>
  )
}
