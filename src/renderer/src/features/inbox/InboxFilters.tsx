import type { DraftStatus } from '../../../../shared/domain/draft'
import type { TicketPriority, TicketStatus } from '../../../../shared/domain/ticket'
import { useFrontlineStore } from '../../store'
import type { InboxQuery } from '../../store/inbox-slice'
import { INTENT_LABELS, LANGUAGE_NAMES, TicketIntent } from '../../../../shared/domain/triage'

const sortOptions: { value: NonNullable<InboxQuery['sort']>; label: string }[] = [
  { value: 'age', label: 'Longest waiting first' },
  { value: 'priority', label: 'Priority' },
  { value: 'due', label: 'SLA due first' },
  { value: 'intent', label: 'Intent' },
  { value: 'language', label: 'Language' }
]

type DraftFilter = DraftStatus | 'none'

const statusChips: { value: TicketStatus; label: string }[] = [
  { value: 'new', label: 'New' },
  { value: 'open', label: 'Open' },
  { value: 'pending', label: 'Pending' },
  { value: 'on_hold', label: 'On hold' },
  { value: 'solved', label: 'Solved' },
  { value: 'closed', label: 'Closed' }
]

const priorityChips: { value: TicketPriority; label: string }[] = [
  { value: 'urgent', label: 'Urgent' },
  { value: 'high', label: 'High' },
  { value: 'normal', label: 'Normal' },
  { value: 'low', label: 'Low' }
]

type DraftQuery = Pick<InboxQuery, 'draftStatus' | 'draftWrittenWithoutAi'>

/** Each chip keeps tickets by their latest draft; one chip of the group at a time. */
const draftChips: { label: string; title?: string; query: DraftQuery }[] = [
  { label: 'Has draft', query: { draftStatus: ['ready', 'fallback'] } },
  {
    label: 'Fallback',
    title: 'The latest draft was written without the AI, sent or not',
    query: { draftWrittenWithoutAi: true }
  },
  { label: 'No draft', query: { draftStatus: ['none'] } }
]

const noDraftFilter: DraftQuery = { draftStatus: undefined, draftWrittenWithoutAi: undefined }

const sameDraftFilter = (query: InboxQuery, chip: DraftQuery): boolean => {
  const selected: DraftFilter[] = query.draftStatus ?? []
  const wanted: DraftFilter[] = chip.draftStatus ?? []
  return (
    selected.length === wanted.length &&
    wanted.every((s) => selected.includes(s)) &&
    (query.draftWrittenWithoutAi === true) === (chip.draftWrittenWithoutAi === true)
  )
}

const toggled = <T,>(list: readonly T[] | undefined, value: T): T[] =>
  list?.includes(value) ? list.filter((v) => v !== value) : [...(list ?? []), value]

function Chip(props: { pressed: boolean; onClick(): void; label: string; title?: string }) {
  const { pressed, onClick, label, title } = props
  return (
    <button type="button" className="chip" aria-pressed={pressed} onClick={onClick} title={title}>
      {label}
    </button>
  )
}

export const hasFilters = (query: InboxQuery): boolean =>
  (query.status?.length ?? 0) > 0 ||
  (query.priority?.length ?? 0) > 0 ||
  (query.draftStatus?.length ?? 0) > 0 ||
  query.draftWrittenWithoutAi === true ||
  query.awaitingApproval === true ||
  (query.intent?.length ?? 0) > 0 ||
  (query.language?.length ?? 0) > 0 ||
  query.tag !== undefined ||
  query.followUpOpen === true ||
  (query.search?.trim().length ?? 0) > 0

/** Search, sort and filter chips; every change asks the core for the first page of the new list. */
export function InboxFilters() {
  const query = useFrontlineStore((s) => s.inboxQuery)
  const setQuery = useFrontlineStore((s) => s.setInboxQuery)
  const search = useFrontlineStore((s) => s.inboxSearchText)
  const typeSearch = useFrontlineStore((s) => s.typeInboxSearch)

  const update = (patch: Partial<InboxQuery>): void => void setQuery({ ...query, ...patch })

  return (
    <div className="inbox-filters">
      <div className="inbox-filters__row">
        <input
          type="search"
          className="inbox-filters__search"
          aria-label="Search tickets"
          aria-keyshortcuts="/"
          data-shortcut="search"
          placeholder="Search messages, notes, customers, emails, ids  ( / )"
          maxLength={200}
          value={search}
          onChange={(event) => typeSearch(event.target.value)}
        />
        <label className="inbox-filters__sort">
          <span>Sort</span>
          <select
            value={query.sort ?? 'age'}
            onChange={(event) => update({ sort: event.target.value as InboxQuery['sort'] })}
          >
            {sortOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="inbox-filters__row">
        <div role="group" aria-label="Status" className="chip-group">
          {statusChips.map((chip) => (
            <Chip
              key={chip.value}
              label={chip.label}
              pressed={query.status?.includes(chip.value) ?? false}
              onClick={() => update({ status: toggled(query.status, chip.value) })}
            />
          ))}
        </div>
        <div role="group" aria-label="Priority" className="chip-group">
          {priorityChips.map((chip) => (
            <Chip
              key={chip.value}
              label={chip.label}
              pressed={query.priority?.includes(chip.value) ?? false}
              onClick={() => update({ priority: toggled(query.priority, chip.value) })}
            />
          ))}
        </div>
      </div>
      <div className="inbox-filters__row">
        <div role="group" aria-label="Draft" className="chip-group">
          {draftChips.map((chip) => {
            const pressed = sameDraftFilter(query, chip.query)
            return (
              <Chip
                key={chip.label}
                label={chip.label}
                title={chip.title}
                pressed={pressed}
                onClick={() => update(pressed ? noDraftFilter : { ...noDraftFilter, ...chip.query })}
              />
            )
          })}
        </div>
        <div role="group" aria-label="Approval" className="chip-group">
          <Chip
            label="Awaiting approval"
            pressed={query.awaitingApproval === true}
            onClick={() => update({ awaitingApproval: query.awaitingApproval ? undefined : true })}
          />
          <Chip
            label="Open follow-up"
            title="Tickets with a follow-up the team has not yet done"
            pressed={query.followUpOpen === true}
            onClick={() => update({ followUpOpen: query.followUpOpen ? undefined : true })}
          />
        </div>
        <label className="inbox-filters__sort">
          <span>Intent</span>
          <select
            value={query.intent?.[0] ?? ''}
            onChange={(event) => {
              const value = event.target.value
              update({ intent: value ? [value as TicketIntent | 'untriaged'] : undefined })
            }}
          >
            <option value="">Any</option>
            {TicketIntent.options.map((intent) => (
              <option key={intent} value={intent}>
                {INTENT_LABELS[intent]}
              </option>
            ))}
            <option value="untriaged">Not triaged</option>
          </select>
        </label>
        <label className="inbox-filters__sort">
          <span>Language</span>
          <select
            value={query.language?.[0] ?? ''}
            onChange={(event) => update({ language: event.target.value ? [event.target.value] : undefined })}
          >
            <option value="">Any</option>
            {Object.entries(LANGUAGE_NAMES).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="inbox-filters__sort">
          <span>Tag</span>
          <input
            type="text"
            className="inbox-filters__tag"
            maxLength={40}
            placeholder="any"
            defaultValue={query.tag ?? ''}
            key={query.tag ?? ''}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return
              const tag = event.currentTarget.value.trim().toLowerCase()
              update({ tag: tag || undefined })
            }}
            onBlur={(event) => {
              const tag = event.currentTarget.value.trim().toLowerCase()
              if ((tag || undefined) !== query.tag) update({ tag: tag || undefined })
            }}
          />
        </label>
        {hasFilters(query) ? (
          <button
            type="button"
            className="link-like inbox-filters__clear"
            onClick={() => void setQuery({ sort: query.sort })}
          >
            Clear filters
          </button>
        ) : null}
      </div>
    </div>
  )
}
