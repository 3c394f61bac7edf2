import type { TicketDetail } from '../../../../shared/domain/ticket'
import { requesterOf } from '../../../../shared/domain/caller'
import { Badge, StateBadge } from '../../components/Badge'
import { capitalize, formatDateTime } from '../../format'
import { CustomerPanel } from './CustomerPanel'
import { DraftPanel } from './DraftPanel'
import { FollowUps } from './FollowUps'
import { OrderList } from './OrderList'
import { ProposedActions } from './ProposedActions'
import { Thread } from './Thread'
import { TicketTeamLine } from './TicketTeamLine'
import { TicketControls } from './TicketControls'
import { TriagePanel } from '../helpdesk/TriagePanel'
import { TicketHistory } from './TicketHistory'
import { WrittenText } from './WrittenText'

interface TicketViewProps {
  detail: TicketDetail
  refreshing: boolean
  onClose(): void
}

export function TicketView({ detail, refreshing, onClose }: TicketViewProps) {
  const { ticket } = detail
  const guest = requesterOf(ticket).kind === 'guest'
  return (
    <section className="ticket" aria-labelledby="ticket-subject" aria-busy={refreshing}>
      <header className="ticket__header">
        <div className="ticket__heading">
          <h2 id="ticket-subject" className="ticket__subject" dir="auto">
            {ticket.subject}
          </h2>
          <p className="ticket__meta">
            <span className="mono">{ticket.id}</span>
            <StateBadge value={ticket.status} label="Status" />
            <StateBadge value={ticket.priority} label="Priority" />
            <span>via {capitalize(ticket.channel)}</span>
            {guest ? (
              <Badge tone="neutral">
                <span title="No customer account is linked to this conversation">Guest</span>
              </Badge>
            ) : null}
            <span>
              opened <time dateTime={ticket.createdAt}>{formatDateTime(ticket.createdAt)}</time>
            </span>
          </p>
          <TicketTeamLine ticket={ticket} />
        </div>
        <button type="button" className="button button--quiet" onClick={onClose} aria-keyshortcuts="Escape">
          Close
        </button>
      </header>
      <TicketControls ticket={ticket} tags={detail.tags} />
      <TriagePanel ticket={ticket} />
      <div className="ticket__body">
        <div className="ticket__main">
          <Thread messages={detail.messages} customerName={ticket.customerName} />
          <FollowUps followUps={detail.followUps} />
          <DraftPanel />
          <section className="panel note-panel" aria-label="Internal note">
            <WrittenText ticketId={ticket.id} kind="note" />
          </section>
          <ProposedActions />
          <TicketHistory history={detail.history} />
        </div>
        <aside className="ticket__aside" aria-label="Customer and orders">
          <CustomerPanel customer={detail.customer} guest={guest} />
          <OrderList orders={detail.orders} />
        </aside>
      </div>
    </section>
  )
}
