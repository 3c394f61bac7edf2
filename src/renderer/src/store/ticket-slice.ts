import type { StateCreator } from 'zustand'
import type { TicketDetail } from '../../../shared/domain/ticket'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

export interface TicketSlice {
  openTicketId: string | null
  openTicketDetail: Loadable<TicketDetail>
  openTicket(ticketId: string): Promise<void>
  reloadOpenTicket(): Promise<void>
  closeTicket(): void
}

export const createTicketSlice: StateCreator<FrontlineState, [], [], TicketSlice> = (set, get) => {
  const load = async (ticketId: string): Promise<void> => {
    const result = await getApi().invoke('tickets.get', { ticketId })
    // The person may have opened another ticket while this one was loading.
    if (get().openTicketId === ticketId) set({ openTicketDetail: settled(get().openTicketDetail, result) })
  }
  return {
    openTicketId: null,
    openTicketDetail: idle(),
    async openTicket(ticketId) {
      const switching = get().openTicketId !== ticketId
      set({
        openTicketId: ticketId,
        openTicketDetail: switching
          ? { ...idle<TicketDetail>(), status: 'loading' }
          : loading(get().openTicketDetail)
      })
      await load(ticketId)
    },
    async reloadOpenTicket() {
      const ticketId = get().openTicketId
      if (!ticketId) return
      set({ openTicketDetail: loading(get().openTicketDetail) })
      await load(ticketId)
    },
    closeTicket() {
      set({ openTicketId: null, openTicketDetail: idle() })
    }
  }
}
