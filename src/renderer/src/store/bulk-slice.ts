import type { StateCreator } from 'zustand'
import type { BulkProgress } from '../../../shared/domain/settings'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import type { FrontlineState } from './index'

/** "Draft all new": the job's progress as the core reports it, and the person's start / cancel. */
export interface BulkSlice {
  bulk: BulkProgress | null
  bulkOp: { busy: 'start' | 'cancel' | null; error: AppError | null }
  startBulkDrafting(): Promise<void>
  cancelBulkDrafting(): Promise<void>
  dismissBulk(): void
  applyBulkProgress(progress: BulkProgress): void
}

const isNewer = (next: BulkProgress, current: BulkProgress | null): boolean =>
  !current ||
  current.jobId !== next.jobId ||
  // Events and answers race; progress only moves forward, and a finished job stays finished.
  (current.state === 'running' && (next.state !== 'running' || next.done >= current.done))

export const createBulkSlice: StateCreator<FrontlineState, [], [], BulkSlice> = (set, get) => ({
  bulk: null,
  bulkOp: { busy: null, error: null },

  async startBulkDrafting() {
    set({ bulkOp: { busy: 'start', error: null } })
    const result = await getApi().invoke('drafts.generateAll', {})
    set({ bulkOp: { busy: null, error: result.ok ? null : result.error } })
    if (!result.ok) return
    // Progress events may have overtaken the answer; they are newer than it.
    if (get().bulk?.jobId === result.value.jobId) get().applyBulkProgress(result.value)
    else set({ bulk: result.value })
  },

  async cancelBulkDrafting() {
    const job = get().bulk
    if (!job) return
    set({ bulkOp: { busy: 'cancel', error: null } })
    const result = await getApi().invoke('drafts.cancelAll', { jobId: job.jobId })
    set({ bulkOp: { busy: null, error: result.ok ? null : result.error } })
  },

  dismissBulk() {
    set({ bulk: null, bulkOp: { busy: null, error: null } })
  },

  applyBulkProgress(progress) {
    const current = get().bulk
    // A job started elsewhere (another window, the CLI) shows here too, but never hides ours.
    if (current && current.jobId !== progress.jobId && current.state === 'running') return
    if (isNewer(progress, current)) set({ bulk: progress })
  }
})
