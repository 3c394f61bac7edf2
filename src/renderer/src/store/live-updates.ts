import type { FrontlineApi } from '../../../shared/contract'
import { useFrontlineStore } from './index'

/** Changes arrive in bursts while drafts stream; one reload per burst is enough. */
const COALESCE_MS = 120

/** Keeps the inbox and the open ticket current as the core reports changes. Returns the unsubscribe. */
export function followCoreEvents(api: FrontlineApi): () => void {
  const changed = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | null = null

  const flush = (): void => {
    timer = null
    const state = useFrontlineStore.getState()
    void state.loadInbox()
    if (state.openTicketId && changed.has(state.openTicketId)) void state.reloadOpenTicket()
    changed.clear()
  }

  const off = api.on('tickets.changed', ({ ticketIds }) => {
    for (const id of ticketIds) changed.add(id)
    timer ??= setTimeout(flush, COALESCE_MS)
  })
  return () => {
    off()
    if (timer) clearTimeout(timer)
  }
}
