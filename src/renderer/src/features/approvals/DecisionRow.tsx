import type { Action } from '../../../../shared/domain/action'
import { formatMoney } from '../../../../shared/domain/money'
import { Badge } from '../../components/Badge'
import { formatDateTime } from '../../format'
import { appliedRecordsOf, viewOf } from './kinds'

/** One decided action: what it was, the decision, what it wrote or why it was rejected, who and when. */
export function DecisionRow({
  action,
  onOpenTicket
}: {
  action: Action
  onOpenTicket(ticketId: string): void
}) {
  const applied = action.status === 'applied'
  const { lead, target } = viewOf(action).heading(action)
  return (
    <li className="decision-row">
      <Badge tone={applied ? 'success' : action.status === 'rejected' ? 'neutral' : 'danger'}>
        {applied ? 'Approved' : action.status === 'rejected' ? 'Rejected' : 'Failed'}
      </Badge>
      <div className="decision-row__main">
        <p>
          {lead} <span className="mono">{target}</span>
          {action.amount ? <> · {formatMoney(action.amount)}</> : null}
        </p>
        <p className="decision-row__detail muted">
          {applied
            ? appliedRecordsOf(action)
                .map((r) => `${r.name} ${r.id} ${r.verb}`)
                .join(', ')
            : action.decisionReason
              ? `Reason: ${action.decisionReason}`
              : null}
        </p>
      </div>
      <div className="decision-row__side muted">
        {action.decidedBy ? <span>by {action.decidedBy}</span> : null}
        {action.decidedAt ? (
          <time dateTime={action.decidedAt}>{formatDateTime(action.decidedAt)}</time>
        ) : null}
        {action.ticketId ? (
          <button type="button" className="link-button" onClick={() => onOpenTicket(action.ticketId!)}>
            ticket {action.ticketId}
          </button>
        ) : null}
      </div>
    </li>
  )
}
