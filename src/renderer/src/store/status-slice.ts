import type { StateCreator } from 'zustand'
import type { ProviderHealth } from '../../../shared/contract'
import type { StatusView } from '../../../shared/domain/settings'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

/**
 * What the status bar shows everywhere: provider health, drafts being written, today's spend, the
 * approvals count. Loaded once, then kept current by the core's events.
 */
export interface StatusSlice {
  status: Loadable<StatusView>
  loadStatus(): Promise<void>
  applyProviderHealth(health: ProviderHealth): void
  applySpendToday(todayMicroUsd: number): void
  applyPendingActions(pending: number): void
}

// Only the latest answer may land: a slow older one would undo a newer event's change.
let latestRequest = 0

export const createStatusSlice: StateCreator<FrontlineState, [], [], StatusSlice> = (set, get) => {
  const patch = (change: (status: StatusView) => StatusView): void => {
    const status = get().status
    if (status.data) set({ status: { ...status, data: change(status.data) } })
  }
  return {
    status: idle(),

    async loadStatus() {
      const request = ++latestRequest
      set({ status: loading(get().status) })
      const result = await getApi().invoke('status.get', {})
      if (request === latestRequest) set({ status: settled(get().status, result) })
    },

    applyProviderHealth(health) {
      patch((status) => ({
        ...status,
        providers: status.providers.map((p) =>
          p.providerId === health.providerId
            ? { ...p, state: health.state, retryAt: health.retryAt, lastError: health.lastError }
            : p
        )
      }))
    },

    applySpendToday(todayMicroUsd) {
      patch((status) => ({ ...status, spentTodayMicroUsd: todayMicroUsd }))
    },

    applyPendingActions(pending) {
      patch((status) => ({ ...status, pendingActions: pending }))
    }
  }
}
