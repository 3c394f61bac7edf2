import type { StateCreator } from 'zustand'
import type { ConnectionState, FrontlineApi } from '../../../shared/contract'
import type { FrontlineState } from './index'

/** Whether the console reaches its core (the web host, a team server); the desktop app always does. */
export interface ConnectionSlice {
  connection: ConnectionState
  applyConnection(state: ConnectionState): void
}

export const createConnectionSlice: StateCreator<FrontlineState, [], [], ConnectionSlice> = (set) => ({
  // The desktop app's IPC cannot drop; a bridge that can says so as soon as it is followed.
  connection: 'connected',
  applyConnection(state) {
    set({ connection: state })
  }
})

/** Why an action cannot be done right now, for a disabled button's title; null when it can. */
export const offlineReason = (connection: ConnectionState): string | null =>
  connection === 'disconnected'
    ? 'Not connected to Frontline: this can be done again once the connection is back.'
    : null

/**
 * Follows the connection and, when it comes back after a drop, fetches again what events may
 * have changed meanwhile (the inbox, the open ticket, the status bar, the queue). Returns the
 * unsubscribe; nothing to follow where the api cannot drop.
 */
export function followConnection(api: FrontlineApi, store: () => FrontlineState): () => void {
  let dropped = false
  return (
    api.onConnection?.((state) => {
      store().applyConnection(state)
      if (state === 'disconnected') dropped = true
      if (state !== 'connected' || !dropped) return
      dropped = false
      const now = store()
      void now.loadInbox()
      void now.loadStatus()
      void now.reloadOpenTicket()
      if (now.openTicketId) {
        void now.loadDraft()
        void now.loadTicketActions()
      }
      if (now.approvals.status !== 'idle') void now.loadApprovals()
    }) ?? (() => undefined)
  )
}
