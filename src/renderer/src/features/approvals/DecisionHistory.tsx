import { useEffect, useId } from 'react'
import type { Action, DecidedStatus } from '../../../../shared/domain/action'
import { getApi } from '../../api'
import { EmptyState } from '../../components/EmptyState'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingRows } from '../../components/LoadingRows'
import { Pager } from '../../components/Pager'
import { formatCount } from '../../format'
import { useFrontlineStore } from '../../store'
import {
  HISTORY_PAGE_SIZE,
  noHistoryFilters,
  type DecisionHistoryFilters
} from '../../store/decision-history-slice'
import { DecisionRow } from './DecisionRow'
import { ProposerOptions } from './ProposerOptions'

const decisions: { value: DecidedStatus; label: string }[] = [
  { value: 'applied', label: 'Approved' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'failed', label: 'Failed' }
]

const kinds: { value: Action['kind']; label: string }[] = [
  { value: 'return', label: 'Returns' },
  { value: 'refund', label: 'Refunds' },
  { value: 'external_tool', label: 'External tools' }
]

const noDeciders: readonly string[] = []

const toggled = <T,>(list: readonly T[], value: T): T[] =>
  list.includes(value) ? list.filter((v) => v !== value) : [...list, value]

const filtered = (f: DecisionHistoryFilters): boolean =>
  f.status.length > 0 ||
  f.kind.length > 0 ||
  f.decidedBy !== null ||
  f.proposedBy !== null ||
  f.fromDay !== null ||
  f.untilDay !== null

/** A day of the person's calendar (yyyy-mm-dd), or none. */
function DayField(props: {
  label: string
  value: string | null
  min?: string | null
  max?: string | null
  onChange(day: string | null): void
}) {
  const id = useId()
  return (
    <label className="history-filters__field" htmlFor={id}>
      <span>{props.label}</span>
      <input
        id={id}
        type="date"
        value={props.value ?? ''}
        min={props.min ?? undefined}
        max={props.max ?? undefined}
        onChange={(event) => props.onChange(event.target.value || null)}
      />
    </label>
  )
}

function HistoryFilters() {
  const filters = useFrontlineStore((s) => s.historyFilters)
  const deciders = useFrontlineStore((s) => s.decisionHistory.data?.deciders) ?? noDeciders
  const setFilters = useFrontlineStore((s) => s.setHistoryFilters)
  const update = (patch: Partial<DecisionHistoryFilters>): void => void setFilters({ ...filters, ...patch })
  const ids = { kind: useId(), by: useId(), proposer: useId() }
  const team = useFrontlineStore((s) => s.me?.team === true)

  return (
    <div className="history-filters">
      <div role="group" aria-label="Decision" className="chip-group">
        {decisions.map((d) => (
          <button
            key={d.value}
            type="button"
            className="chip"
            aria-pressed={filters.status.includes(d.value)}
            onClick={() => update({ status: toggled(filters.status, d.value) })}
          >
            {d.label}
          </button>
        ))}
      </div>
      <label className="history-filters__field" htmlFor={ids.kind}>
        <span>Kind</span>
        <select
          id={ids.kind}
          value={filters.kind[0] ?? ''}
          onChange={(event) =>
            update({ kind: event.target.value ? [event.target.value as Action['kind']] : [] })
          }
        >
          <option value="">All kinds</option>
          {kinds.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <label className="history-filters__field" htmlFor={ids.by}>
        <span>Decided by</span>
        <select
          id={ids.by}
          value={filters.decidedBy ?? ''}
          onChange={(event) => update({ decidedBy: event.target.value || null })}
        >
          <option value="">Anyone</option>
          {deciders.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {team ? (
        <label className="history-filters__field" htmlFor={ids.proposer}>
          <span>Proposed by</span>
          <select
            id={ids.proposer}
            value={filters.proposedBy ?? ''}
            onChange={(event) => update({ proposedBy: event.target.value || null })}
          >
            <ProposerOptions />
          </select>
        </label>
      ) : null}
      <DayField
        label="From"
        value={filters.fromDay}
        max={filters.untilDay}
        onChange={(fromDay) => update({ fromDay })}
      />
      <DayField
        label="To"
        value={filters.untilDay}
        min={filters.fromDay}
        onChange={(untilDay) => update({ untilDay })}
      />
      {filtered(filters) ? (
        <button type="button" className="link-like" onClick={() => void setFilters(noHistoryFilters)}>
          Clear filters
        </button>
      ) : null}
    </div>
  )
}

/**
 * Every decision on a proposed action, newest first: approved and rejected, who decided, when and
 * why; filtered by decision, kind, person and dates, a page at a time, and kept current live.
 */
export function DecisionHistory({ onOpenTicket }: { onOpenTicket(ticketId: string): void }) {
  const history = useFrontlineStore((s) => s.decisionHistory)
  const page = useFrontlineStore((s) => s.historyPage)
  const filters = useFrontlineStore((s) => s.historyFilters)
  const load = useFrontlineStore((s) => s.loadDecisionHistory)
  const showPage = useFrontlineStore((s) => s.showHistoryPage)

  useEffect(() => {
    void load()
    // A decision made anywhere (this console, another, the command line's events) shows at once.
    return getApi().on('actions.changed', () => void load())
  }, [load])

  const data = history.data
  return (
    <section className="decision-history" aria-labelledby="decision-history-heading">
      <h2 id="decision-history-heading" className="section-title">
        Decision history{' '}
        {data ? <span className="section-title__count">{formatCount(data.total)}</span> : null}
      </h2>
      <HistoryFilters />
      {history.status === 'error' && history.error ? (
        <ErrorNotice what="the decision history" error={history.error} onRetry={() => void load()} />
      ) : null}
      {!data && history.status !== 'error' ? <LoadingRows rows={3} label="Loading the decisions…" /> : null}
      {data && data.total === 0 ? (
        <EmptyState title={filtered(filters) ? 'No decisions match' : 'No decisions yet'}>
          {filtered(filters)
            ? 'Try other filters, or clear them.'
            : 'Approved and rejected returns and refunds are listed here, with who decided and why.'}
        </EmptyState>
      ) : null}
      {data && data.actions.length > 0 ? (
        <>
          <ul className="decision-list" aria-label="Decisions" aria-busy={history.status === 'loading'}>
            {data.actions.map((action) => (
              <DecisionRow key={action.id} action={action} onOpenTicket={onOpenTicket} />
            ))}
          </ul>
          <Pager
            label="Decision history pages"
            page={page}
            pageSize={HISTORY_PAGE_SIZE}
            shown={data.actions.length}
            total={data.total}
            words={{ previous: 'Newer', next: 'Older' }}
            onPage={(next) => void showPage(next)}
          />
        </>
      ) : null}
    </section>
  )
}
