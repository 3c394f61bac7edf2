import { create } from 'zustand'
import { createAppSlice, type AppSlice } from './app-slice'
import { createInboxSlice, type InboxSlice } from './inbox-slice'
import { createTicketSlice, type TicketSlice } from './ticket-slice'

export type FrontlineState = AppSlice & InboxSlice & TicketSlice

/** One bound store of per-concern slices; middleware, when needed, goes here and only here. */
export const useFrontlineStore = create<FrontlineState>()((...args) => ({
  ...createAppSlice(...args),
  ...createInboxSlice(...args),
  ...createTicketSlice(...args)
}))

/** Back to the first render's state: for tests, which share the module between cases. */
export function resetFrontlineStore(): void {
  useFrontlineStore.setState(useFrontlineStore.getInitialState(), true)
}
