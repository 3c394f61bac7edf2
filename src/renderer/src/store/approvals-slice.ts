import type { StateCreator, StoreApi } from 'zustand'
import type { FrontlineApi } from '../../../shared/contract'
import type { Action } from '../../../shared/domain/action'
import type { ActionForCaller } from '../../../shared/domain/team'
import type { AppError, Result } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

/** What is happening to one action the person decided on; absent when nothing is. */
export type QueueDecision =
  | { state: 'approving' }
  | { state: 'rejecting' }
  | { state: 'failed'; attempted: 'approve' | 'reject'; error: AppError }

/** The queue of proposed actions a person must approve or reject, oldest first. */
/** Team mode: whose proposals the queue shows, and whose decisions the list below it shows. */
export interface ApprovalsFilter {
  /** A person's id, or `ai`, `mcp`, `chat`, `cli`. */
  proposedBy?: string
  /** A person's id. */
  decidedBy?: string
}

export interface ApprovalsSlice {
  approvals: Loadable<ActionForCaller[]>
  approvalsFilter: ApprovalsFilter
  /** Decisions matching the filter's decider (and proposer), oldest first. */
  decisionsBy: Loadable<ActionForCaller[]>
  setApprovalsFilter(filter: ApprovalsFilter): Promise<void>
  /**
   * How many actions await a person while the queue is followed (see followApprovals), from the queue
   * and the core's actions.changed events; null otherwise, so readers fall back to the status count.
   */
  pendingApprovals: number | null
  /** Decided this session, newest first: what approving wrote (return and refund ids) or why it was rejected. */
  recentDecisions: Action[]
  queueDecisions: Record<string, QueueDecision>
  loadApprovals(): Promise<void>
  approveFromQueue(actionId: string): Promise<boolean>
  rejectFromQueue(actionId: string, reason: string): Promise<boolean>
  dismissQueueError(actionId: string): void
}

const RECENT_LIMIT = 8
/** Approving one action can announce several changes at once; one reload answers them. */
const COALESCE_MS = 100

// Only the latest load may land: an older answer would bring back an action already decided.
let latestLoad = 0
/** Subscriptions of followApprovals: the count is only kept while one is live. */
let followers = 0

export const createApprovalsSlice: StateCreator<FrontlineState, [], [], ApprovalsSlice> = (set, get) => {
  const withDecision = (actionId: string, decision: QueueDecision | null): Record<string, QueueDecision> => {
    const next = { ...get().queueDecisions }
    if (decision) next[actionId] = decision
    else delete next[actionId]
    return next
  }

  const decided = (action: Action): void => {
    if (get().approvalsFilter.decidedBy) void get().setApprovalsFilter(get().approvalsFilter)
    const queue = get().approvals
    const remaining = queue.data?.filter((a) => a.id !== action.id) ?? null
    set({
      queueDecisions: withDecision(action.id, null),
      recentDecisions: [action, ...get().recentDecisions.filter((a) => a.id !== action.id)].slice(
        0,
        RECENT_LIMIT
      ),
      approvals: remaining ? { ...queue, data: remaining } : queue,
      pendingApprovals: remaining && followers > 0 ? remaining.length : get().pendingApprovals
    })
  }

  const decide = async (
    actionId: string,
    attempted: 'approve' | 'reject',
    call: () => Promise<Result<Action>>
  ): Promise<boolean> => {
    const current = get().queueDecisions[actionId]
    if (current && current.state !== 'failed') return false
    set({
      queueDecisions: withDecision(actionId, { state: attempted === 'approve' ? 'approving' : 'rejecting' })
    })
    const result = await call()
    if (result.ok) {
      decided(result.value)
      return true
    }
    set({ queueDecisions: withDecision(actionId, { state: 'failed', attempted, error: result.error }) })
    // The queue may have moved on (decided elsewhere, order changed): show it as it is now.
    void get().loadApprovals()
    return false
  }

  return {
    approvals: idle(),
    approvalsFilter: {},
    decisionsBy: idle(),
    pendingApprovals: null,
    recentDecisions: [],
    queueDecisions: {},

    async loadApprovals() {
      const request = ++latestLoad
      set({ approvals: loading(get().approvals) })
      const { proposedBy } = get().approvalsFilter
      const result = await getApi().invoke('actions.list', { status: 'pending_approval', proposedBy })
      if (request !== latestLoad) return
      set({
        approvals: settled(get().approvals, result),
        // The count is the whole queue's: a filtered list is not.
        ...(result.ok && followers > 0 && !proposedBy ? { pendingApprovals: result.value.length } : {})
      })
    },

    async setApprovalsFilter(filter) {
      set({ approvalsFilter: filter })
      const decisions = filter.decidedBy
        ? getApi().invoke('actions.list', { decidedBy: filter.decidedBy, proposedBy: filter.proposedBy })
        : null
      await get().loadApprovals()
      if (!decisions) {
        set({ decisionsBy: idle() })
        return
      }
      set({ decisionsBy: loading(get().decisionsBy) })
      const result = await decisions
      if (get().approvalsFilter === filter) set({ decisionsBy: settled(get().decisionsBy, result) })
    },

    approveFromQueue: (actionId) =>
      decide(actionId, 'approve', () => getApi().invoke('actions.approve', { actionId })),

    rejectFromQueue: (actionId, reason) =>
      decide(actionId, 'reject', () => getApi().invoke('actions.reject', { actionId, reason })),

    dismissQueueError(actionId) {
      if (get().queueDecisions[actionId]?.state === 'failed')
        set({ queueDecisions: withDecision(actionId, null) })
    }
  }
}

/**
 * Keeps the queue and its count current from the core's actions.changed events: the count at once
 * (it travels in the event), the list by one reload per burst. Returns the unsubscribe.
 */
export function followApprovals(
  api: FrontlineApi,
  store: Pick<StoreApi<FrontlineState>, 'getState' | 'setState'>
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  followers++
  const off = api.on('actions.changed', ({ pending }) => {
    store.setState({ pendingApprovals: pending })
    // Nobody has opened the queue yet: the count is all the console shows of it.
    if (store.getState().approvals.status === 'idle') return
    timer ??= setTimeout(() => {
      timer = null
      void store.getState().loadApprovals()
    }, COALESCE_MS)
  })
  return () => {
    off()
    if (timer) clearTimeout(timer)
    // Nobody keeps it current any more: a stale count must not shadow the status bar's live one.
    if (--followers === 0) store.setState({ pendingApprovals: null })
  }
}
