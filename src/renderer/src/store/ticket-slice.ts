import type { StateCreator } from 'zustand'
import type { ActionForCaller } from '../../../shared/domain/team'
import type { TicketDetail } from '../../../shared/domain/ticket'
import type { AppError, Result } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

/** A decision on one proposed action while it is on its way, or why it did not go through. */
export interface ActionDecisionState {
  busy: 'approve' | 'reject' | null
  error: AppError | null
}

export interface TicketSlice {
  openTicketId: string | null
  openTicketDetail: Loadable<TicketDetail>
  /** The open ticket's proposed actions (returns, refunds), decided ones included. */
  ticketActions: Loadable<ActionForCaller[]>
  actionDecisions: Readonly<Record<string, ActionDecisionState>>
  /**
   * The thread's latest message when the person opened the ticket (or last sent): a reply someone
   * else sent after it makes the core ask before this person's goes out.
   */
  seenMessageId: number | null
  /** Forgets what was seen: the next load of the thread counts as seen (after this person's own reply). */
  resetSeenMessage(): void
  openTicket(ticketId: string): Promise<void>
  reloadOpenTicket(): Promise<void>
  loadTicketActions(): Promise<void>
  approveAction(actionId: string): Promise<boolean>
  rejectAction(actionId: string, reason: string): Promise<boolean>
  closeTicket(): void
}

export const createTicketSlice: StateCreator<FrontlineState, [], [], TicketSlice> = (set, get) => {
  const load = async (ticketId: string): Promise<void> => {
    const result = await getApi().invoke('tickets.get', { ticketId })
    // The person may have opened another ticket while this one was loading.
    if (get().openTicketId === ticketId) {
      set({ openTicketDetail: settled(get().openTicketDetail, result) })
      if (result.ok && get().seenMessageId === null)
        set({ seenMessageId: Math.max(0, ...result.value.messages.map((m) => m.id)) })
    }
    // A ticket that came by email shows each email's attachments, quoted history and delivery.
    if (result.ok && result.value.ticket.channel === 'email') await get().loadTicketEmails()
  }

  const decide = async (
    actionId: string,
    kind: 'approve' | 'reject',
    call: () => Promise<Result<unknown>>
  ): Promise<boolean> => {
    set({ actionDecisions: { ...get().actionDecisions, [actionId]: { busy: kind, error: null } } })
    const result = await call()
    set({
      actionDecisions: {
        ...get().actionDecisions,
        [actionId]: { busy: null, error: result.ok ? null : result.error }
      }
    })
    await get().loadTicketActions()
    return result.ok
  }

  return {
    openTicketId: null,
    openTicketDetail: idle(),
    ticketActions: idle(),
    actionDecisions: {},
    seenMessageId: null,

    resetSeenMessage() {
      set({ seenMessageId: null })
    },

    async openTicket(ticketId) {
      const switching = get().openTicketId !== ticketId
      set({
        openTicketId: ticketId,
        openTicketDetail: switching
          ? { ...idle<TicketDetail>(), status: 'loading' }
          : loading(get().openTicketDetail),
        ...(switching
          ? {
              ticketActions: idle<ActionForCaller[]>(),
              actionDecisions: {},
              ticketEmails: {},
              emailActions: {},
              seenMessageId: null,
              ticketWork: { ...get().ticketWork, failed: null }
            }
          : {})
      })
      if (switching) get().resetDraft()
      await Promise.all([load(ticketId), get().loadTicketActions(), get().loadDraft()])
    },

    async reloadOpenTicket() {
      const ticketId = get().openTicketId
      if (!ticketId) return
      set({ openTicketDetail: loading(get().openTicketDetail) })
      await load(ticketId)
    },

    async loadTicketActions() {
      const ticketId = get().openTicketId
      if (!ticketId) return
      set({ ticketActions: loading(get().ticketActions) })
      const result = await getApi().invoke('actions.list', { ticketId })
      if (get().openTicketId === ticketId) set({ ticketActions: settled(get().ticketActions, result) })
    },

    approveAction(actionId) {
      return decide(actionId, 'approve', () => getApi().invoke('actions.approve', { actionId }))
    },

    rejectAction(actionId, reason) {
      return decide(actionId, 'reject', () => getApi().invoke('actions.reject', { actionId, reason }))
    },

    closeTicket() {
      set({
        openTicketId: null,
        openTicketDetail: idle(),
        ticketActions: idle(),
        actionDecisions: {},
        seenMessageId: null,
        ticketWork: { ...get().ticketWork, failed: null }
      })
      get().resetDraft()
    }
  }
}
