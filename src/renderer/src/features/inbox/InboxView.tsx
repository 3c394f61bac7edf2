import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingRows } from '../../components/LoadingRows'
import { useNow } from '../../hooks/useNow'
import { useFrontlineStore } from '../../store'
import { InboxRow } from './InboxRow'

const columns = ['Subject', 'Customer', 'Status', 'Priority', 'Age']

/** Keys that move the focused row, as in any list a support agent works through all day. */
function nextPosition(key: string, current: number, count: number): number | null {
  if (key === 'ArrowDown' || key === 'j') return Math.min(current + 1, count - 1)
  if (key === 'ArrowUp' || key === 'k') return Math.max(current - 1, 0)
  if (key === 'Home') return 0
  if (key === 'End') return count - 1
  return null
}

export function InboxView() {
  const inbox = useFrontlineStore((s) => s.inbox)
  const loadInbox = useFrontlineStore((s) => s.loadInbox)
  const openTicket = useFrontlineStore((s) => s.openTicket)
  const openTicketId = useFrontlineStore((s) => s.openTicketId)
  const [focusPosition, setFocusPosition] = useState(0)
  const bodyRef = useRef<HTMLDivElement>(null)
  const tickets = useMemo(() => inbox.data?.tickets ?? [], [inbox.data])
  const total = inbox.data?.total ?? 0
  const now = useNow()

  const onOpen = useCallback((ticketId: string) => void openTicket(ticketId), [openTicket])
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>, position: number) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault()
        const ticket = tickets[position]
        if (ticket) void openTicket(ticket.id)
        return
      }
      const next = nextPosition(event.key, position, tickets.length)
      if (next === null) return
      event.preventDefault()
      setFocusPosition(next)
      bodyRef.current?.querySelector<HTMLElement>(`[data-position="${next}"]`)?.focus()
    },
    [tickets, openTicket]
  )

  return (
    <section className="inbox" aria-labelledby="inbox-heading">
      <header className="pane-header">
        <h1 id="inbox-heading" className="pane-header__title">
          Inbox
        </h1>
        <span className="pane-header__meta" aria-live="polite">
          {inbox.data
            ? total > tickets.length
              ? `${tickets.length} of ${total} tickets`
              : `${total} ${total === 1 ? 'ticket' : 'tickets'}`
            : ''}
        </span>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => void loadInbox()}
          disabled={inbox.status === 'loading'}
        >
          Refresh
        </button>
      </header>

      {inbox.status === 'error' && inbox.error ? (
        <ErrorNotice what="the inbox" error={inbox.error} onRetry={() => void loadInbox()} />
      ) : null}

      {!inbox.data && inbox.status !== 'error' ? <LoadingRows label="Loading the inbox…" /> : null}

      {inbox.data && tickets.length === 0 ? (
        <EmptyState title="No tickets">When customers write in, their tickets appear here.</EmptyState>
      ) : null}

      {tickets.length > 0 ? (
        <div
          role="grid"
          aria-label="Inbox"
          aria-rowcount={total + 1}
          aria-busy={inbox.status === 'loading'}
          className="inbox-grid"
        >
          <div role="rowgroup" className="inbox-grid__head">
            <div role="row" className="inbox-row inbox-row--head" aria-rowindex={1}>
              {columns.map((name) => (
                <div role="columnheader" key={name}>
                  {name}
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup" className="inbox-grid__body" ref={bodyRef}>
            {tickets.map((ticket, position) => (
              <InboxRow
                key={ticket.id}
                ticket={ticket}
                position={position}
                rowIndex={position + 2}
                selected={ticket.id === openTicketId}
                focusable={position === Math.min(focusPosition, tickets.length - 1)}
                now={now}
                onOpen={onOpen}
                onKeyDown={onKeyDown}
              />
            ))}
          </div>
        </div>
      ) : null}
    </section>
  )
}
