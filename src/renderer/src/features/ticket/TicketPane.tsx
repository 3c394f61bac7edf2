import { useEffect, useRef } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ErrorNotice } from '../../components/ErrorNotice'
import { LoadingRows } from '../../components/LoadingRows'
import { useFrontlineStore } from '../../store'
import { TicketView } from './TicketView'

/** The right-hand side of the console: the open ticket, or what to do when none is open. */
export function TicketPane() {
  const ticketId = useFrontlineStore((s) => s.openTicketId)
  const detail = useFrontlineStore((s) => s.openTicketDetail)
  const reload = useFrontlineStore((s) => s.reloadOpenTicket)
  const close = useFrontlineStore((s) => s.closeTicket)
  const paneRef = useRef<HTMLDivElement>(null)

  // Another ticket starts at its top, not where the last one was scrolled to.
  useEffect(() => {
    if (paneRef.current) paneRef.current.scrollTop = 0
  }, [ticketId])

  if (!ticketId) {
    return (
      <div className="ticket-pane">
        <EmptyState title="No ticket open">
          Pick a ticket in the inbox to read the conversation and see the customer and their orders.
        </EmptyState>
      </div>
    )
  }
  return (
    <div className="ticket-pane" ref={paneRef}>
      {detail.status === 'error' && detail.error ? (
        <ErrorNotice what={`ticket ${ticketId}`} error={detail.error} onRetry={() => void reload()} />
      ) : null}
      {detail.data ? (
        <TicketView detail={detail.data} refreshing={detail.status === 'loading'} onClose={close} />
      ) : detail.status === 'loading' ? (
        <LoadingRows rows={4} label={`Loading ticket ${ticketId}…`} />
      ) : null}
    </div>
  )
}
