import { memo, type KeyboardEvent } from 'react'
import type { TicketSummary } from '../../../../shared/domain/ticket'
import { StateBadge } from '../../components/Badge'
import { formatAge, formatDateTime } from '../../format'

interface InboxRowProps {
  ticket: TicketSummary
  rowIndex: number
  selected: boolean
  focusable: boolean
  now: number
  onOpen(ticketId: string): void
  onKeyDown(event: KeyboardEvent<HTMLDivElement>, position: number): void
  position: number
}

export const InboxRow = memo(function InboxRow({
  ticket,
  rowIndex,
  selected,
  focusable,
  now,
  onOpen,
  onKeyDown,
  position
}: InboxRowProps) {
  return (
    <div
      role="row"
      className="inbox-row"
      aria-rowindex={rowIndex}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      data-position={position}
      data-ticket-id={ticket.id}
      onClick={() => onOpen(ticket.id)}
      onKeyDown={(event) => onKeyDown(event, position)}
    >
      <div role="gridcell" className="inbox-row__subject">
        <span className="inbox-row__title">{ticket.subject}</span>
        <span className="inbox-row__id">{ticket.id}</span>
      </div>
      <div role="gridcell" className="inbox-row__customer">
        {ticket.customerName ?? 'Unknown customer'}
      </div>
      <div role="gridcell">
        <StateBadge value={ticket.status} label="Status" />
      </div>
      <div role="gridcell">
        <StateBadge value={ticket.priority} label="Priority" />
      </div>
      <div role="gridcell" className="inbox-row__age">
        <time dateTime={ticket.lastCustomerMessageAt} title={formatDateTime(ticket.lastCustomerMessageAt)}>
          {formatAge(ticket.lastCustomerMessageAt, now)}
        </time>
      </div>
    </div>
  )
})
