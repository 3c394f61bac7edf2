import type { FrontlineApi } from '../../../shared/contract'
import { useFrontlineStore } from './index'

/** Keeps the inbox and the open ticket current as the core reports changes. Returns the unsubscribe. */
export function followCoreEvents(api: FrontlineApi): () => void {
  return api.on('tickets.changed', ({ ticketIds }) => {
    const state = useFrontlineStore.getState()
    void state.loadInbox()
    if (state.openTicketId && ticketIds.includes(state.openTicketId)) void state.reloadOpenTicket()
  })
}
