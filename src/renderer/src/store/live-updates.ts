import type { FrontlineApi } from '../../../shared/contract'
import { useFrontlineStore } from './index'

/** Changes arrive in bursts while drafts stream; one reload per burst is enough. */
const COALESCE_MS = 120

/** Runs `fn` once, `ms` after the first of a burst of calls. */
function coalesced(ms: number, fn: () => void): { schedule(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null
  return {
    schedule() {
      timer ??= setTimeout(() => {
        timer = null
        fn()
      }, ms)
    },
    cancel() {
      if (timer) clearTimeout(timer)
      timer = null
    }
  }
}

/**
 * Keeps every store current as the core reports changes: no polling. Small facts (spend, provider
 * health, the approvals count, streamed text, bulk progress) are applied as they come; lists are
 * fetched again, once per burst. Returns the unsubscribe.
 */
export function followCoreEvents(api: FrontlineApi): () => void {
  const store = useFrontlineStore.getState
  const changedTickets = new Set<string>()

  const tickets = coalesced(COALESCE_MS, () => {
    const state = store()
    void state.loadInbox()
    if (state.openTicketId && changedTickets.has(state.openTicketId)) void state.reloadOpenTicket()
    changedTickets.clear()
  })
  const ticketActions = coalesced(COALESCE_MS, () => void store().loadTicketActions())
  const people = coalesced(COALESCE_MS, () => {
    void store().loadPeople()
    void store().refreshMe()
  })
  // Drafts in flight and queued are counted by the core; ask again when drafting starts or ends.
  const status = coalesced(COALESCE_MS * 2, () => void store().loadStatus())

  const offs = [
    api.on('tickets.changed', ({ ticketIds }) => {
      for (const id of ticketIds) changedTickets.add(id)
      tickets.schedule()
    }),
    api.on('draft.tokens', (payload) => store().appendDraftTokens(payload)),
    api.on('draft.changed', (draft) => {
      store().applyDraftChanged(draft)
      status.schedule()
    }),
    api.on('actions.changed', ({ pending }) => {
      store().applyPendingActions(pending)
      if (store().openTicketId) ticketActions.schedule()
    }),
    api.on('costs.changed', ({ todayMicroUsd }) => store().applySpendToday(todayMicroUsd)),
    api.on('provider.health', (health) => store().applyProviderHealth(health)),
    api.on('mailbox.status', (mailboxStatus) => store().applyMailboxStatus(mailboxStatus)),
    api.on('bulk.progress', (progress) => {
      store().applyBulkProgress(progress)
      status.schedule()
    }),
    api.on('presence.changed', ({ entries }) => store().applyPresence(entries)),
    api.on('people.changed', () => people.schedule()),
    api.on('session.ended', ({ sessionIds, reason }) => {
      const mine = store().me?.sessionId
      // An empty list is this connection's own session (the host speaks for it).
      if (sessionIds.length === 0 || (mine && sessionIds.includes(mine))) store().sessionEnded(reason)
    }),
    api.on('shop.import.progress', (progress) => store().applyImportProgress(progress))
  ]
  return () => {
    for (const off of offs) off()
    for (const pending of [tickets, ticketActions, status, people]) pending.cancel()
  }
}
