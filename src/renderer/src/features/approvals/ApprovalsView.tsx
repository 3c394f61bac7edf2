import { useEffect, useState } from 'react'
import type { Action } from '../../../../shared/domain/action'
import { formatMoney } from '../../../../shared/domain/money'
import { getApi } from '../../api'
import { EmptyState } from '../../components/EmptyState'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingRows } from '../../components/LoadingRows'
import { useNow } from '../../hooks/useNow'
import { useFrontlineStore } from '../../store'
import { followApprovals } from '../../store/approvals-slice'
import { ActionCard } from './ActionCard'
import { viewOf } from './kinds'
import { DecisionRow } from './DecisionRow'
import { DecisionHistory } from './DecisionHistory'
import { PeopleOptions, ProposerOptions } from './ProposerOptions'
import { useOpenTicket } from '../../hooks/useOpenTicket'
import '../console-views.css'
import './approvals.css'

type ApprovalsTab = 'queue' | 'history'
const tabs: { id: ApprovalsTab; label: string }[] = [
  { id: 'queue', label: 'Waiting' },
  { id: 'history', label: 'Decision history' }
]

/** Team mode: the queue by who proposed, and a person's decisions. */
function ApprovalsFilters() {
  const people = useFrontlineStore((s) => s.people.data) ?? []
  const filter = useFrontlineStore((s) => s.approvalsFilter)
  const setFilter = useFrontlineStore((s) => s.setApprovalsFilter)
  const pick = (key: 'proposedBy' | 'decidedBy', value: string): void =>
    void setFilter({ ...filter, [key]: value || undefined })
  return (
    <div className="approvals__filters" role="group" aria-label="Filter approvals">
      <label>
        Proposed by{' '}
        <select value={filter.proposedBy ?? ''} onChange={(event) => pick('proposedBy', event.target.value)}>
          <ProposerOptions />
        </select>
      </label>
      <label>
        Decided by{' '}
        <select value={filter.decidedBy ?? ''} onChange={(event) => pick('decidedBy', event.target.value)}>
          <option value="">—</option>
          <PeopleOptions people={people} />
        </select>
      </label>
    </div>
  )
}

/** "$120.00 in refunds", "$15.00 in credits": the money in the queue, by what it is. */
function moneyAtStake(queue: readonly Action[]): string[] {
  const totals = new Map<string, { amount: number; currency: string }>()
  for (const action of queue) {
    const label = viewOf(action).amountLabel
    if (!action.amount || !label) continue
    const total = totals.get(label) ?? { amount: 0, currency: action.amount.currency }
    total.amount += action.amount.amount
    totals.set(label, total)
  }
  return [...totals].map(([label, total]) => `${formatMoney(total)} in ${label.toLowerCase()}s`)
}

/** The queue of proposed returns, refunds and other actions that wait for a person, oldest first. */
export function ApprovalsView() {
  const approvals = useFrontlineStore((s) => s.approvals)
  const queueDecisions = useFrontlineStore((s) => s.queueDecisions)
  const recent = useFrontlineStore((s) => s.recentDecisions)
  const loadApprovals = useFrontlineStore((s) => s.loadApprovals)
  const approveFromQueue = useFrontlineStore((s) => s.approveFromQueue)
  const rejectFromQueue = useFrontlineStore((s) => s.rejectFromQueue)
  const dismissQueueError = useFrontlineStore((s) => s.dismissQueueError)
  const openTicket = useOpenTicket()
  const now = useNow()
  const team = useFrontlineStore((s) => s.me?.team === true)
  const decisionsBy = useFrontlineStore((s) => s.decisionsBy)
  const decider = useFrontlineStore((s) => s.people.data?.find((p) => p.id === s.approvalsFilter.decidedBy))
  const [tab, setTab] = useState<ApprovalsTab>('queue')

  useEffect(() => {
    void loadApprovals()
    return followApprovals(getApi(), useFrontlineStore)
  }, [loadApprovals])

  const queue = approvals.data ?? []
  const money = moneyAtStake(queue)

  return (
    <section className="console-view approvals" aria-labelledby="approvals-heading">
      <header className="view-header">
        <div>
          <h1 id="approvals-heading" className="view-header__title">
            Approvals
          </h1>
          <p className="view-header__meta" aria-live="polite">
            {approvals.data
              ? queue.length === 0
                ? 'Nothing awaits a decision'
                : [`${queue.length} awaiting a decision`, ...money, 'oldest first'].join(' · ')
              : ''}
          </p>
        </div>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => void loadApprovals()}
          disabled={approvals.status === 'loading'}
        >
          Refresh
        </button>
      </header>

      <div className="view-body approvals__content">
        <div role="tablist" aria-label="Approvals" className="approvals__tabs">
          {tabs.map(({ id, label }) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`approvals-tab-${id}`}
              aria-selected={tab === id}
              aria-controls="approvals-panel"
              className="approvals__tab"
              onClick={() => setTab(id)}
            >
              {id === 'queue' && approvals.data ? `${label} (${queue.length})` : label}
            </button>
          ))}
        </div>
        <div
          role="tabpanel"
          id="approvals-panel"
          aria-labelledby={`approvals-tab-${tab}`}
          className="approvals__panel"
        >
          {tab === 'history' ? <DecisionHistory onOpenTicket={openTicket} /> : null}
          {tab === 'queue' ? (
            <>
              {team ? <ApprovalsFilters /> : null}
              {approvals.status === 'error' && approvals.error ? (
                <ErrorNotice
                  what="the approvals queue"
                  error={approvals.error}
                  onRetry={() => void loadApprovals()}
                />
              ) : null}

              {!approvals.data && approvals.status !== 'error' ? (
                <LoadingRows rows={3} label="Loading the approvals queue…" />
              ) : null}

              {approvals.data && queue.length === 0 ? (
                <EmptyState title="You're all caught up">
                  When the AI proposes a return or a refund, it waits here for a person to approve or reject
                  it.
                </EmptyState>
              ) : null}

              {queue.length > 0 ? (
                <div className="approvals__queue" role="list" aria-label="Approvals queue">
                  {queue.map((action) => (
                    <div role="listitem" key={action.id}>
                      <ActionCard
                        action={action}
                        refusal={action.approvalRefusal}
                        decision={queueDecisions[action.id]}
                        now={now}
                        onApprove={() => void approveFromQueue(action.id)}
                        onReject={(reason) => void rejectFromQueue(action.id, reason)}
                        onOpenTicket={openTicket}
                        onDismissError={() => dismissQueueError(action.id)}
                      />
                    </div>
                  ))}
                </div>
              ) : null}

              {decider && decisionsBy.data ? (
                <section className="approvals__recent" aria-labelledby="decisions-by-heading">
                  <h2 id="decisions-by-heading" className="section-title">
                    Decided by {decider.name}{' '}
                    <span className="section-title__count">{decisionsBy.data.length}</span>
                  </h2>
                  <ul className="decision-list">
                    {decisionsBy.data.map((action) => (
                      <DecisionRow key={action.id} action={action} onOpenTicket={openTicket} />
                    ))}
                  </ul>
                </section>
              ) : null}

              {recent.length > 0 ? (
                <section className="approvals__recent" aria-labelledby="recent-decisions-heading">
                  <h2 id="recent-decisions-heading" className="section-title">
                    Decided just now <span className="section-title__count">{recent.length}</span>
                  </h2>
                  <ul className="decision-list">
                    {recent.map((action) => (
                      <DecisionRow key={action.id} action={action} onOpenTicket={openTicket} />
                    ))}
                  </ul>
                </section>
              ) : null}
            </>
          ) : null}
        </div>
      </div>
    </section>
  )
}
