import type { StateCreator } from 'zustand'
import type { TicketListPage, TicketListQuery } from '../../../shared/domain/ticket'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

export interface InboxSlice {
  inbox: Loadable<TicketListPage>
  inboxQuery: TicketListQuery
  loadInbox(): Promise<void>
  setInboxQuery(query: TicketListQuery): Promise<void>
}

// Only the answer to the latest request may land: an older, slower one would show stale tickets.
let latestRequest = 0

export const createInboxSlice: StateCreator<FrontlineState, [], [], InboxSlice> = (set, get) => ({
  inbox: idle(),
  inboxQuery: { sort: 'age' },
  async loadInbox() {
    const request = ++latestRequest
    set({ inbox: loading(get().inbox) })
    const result = await getApi().invoke('tickets.list', get().inboxQuery)
    if (request === latestRequest) set({ inbox: settled(get().inbox, result) })
  },
  async setInboxQuery(query) {
    set({ inboxQuery: query })
    await get().loadInbox()
  }
})
