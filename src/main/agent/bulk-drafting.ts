import { randomUUID } from 'node:crypto'
import type { BulkProgress } from '../../shared/domain/settings'
import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import type { ModelChoice } from './chat-port'
import type { DraftEngine } from './draft-engine'

export interface BulkDrafting {
  /**
   * Drafts every given ticket that has no live draft when its turn comes, a few at a time,
   * reporting progress as `bulk.progress` events.
   */
  start(ticketIds: string[], choice?: Partial<ModelChoice>): BulkProgress
  cancel(jobId: string): BulkProgress | undefined
}

/**
 * "Draft all new": a job that feeds tickets to the draft engine with bounded concurrency, so the
 * progress bar moves steadily, an ETA can be estimated, and cancelling stops what has not started.
 * The gateway's rate limiter still governs how fast the provider is called.
 */
export function createBulkDrafting(deps: {
  drafts: DraftEngine
  events: CoreEvents
  clock: Clock
  concurrency?: number
}): BulkDrafting {
  const concurrency = deps.concurrency ?? 8
  const jobs = new Map<string, { progress: BulkProgress; cancelled: boolean }>()

  const publish = (progress: BulkProgress): BulkProgress => {
    deps.events.emit('bulk.progress', { ...progress })
    return { ...progress }
  }

  return {
    start(ticketIds, choice) {
      const jobId = `JOB-${randomUUID()}`
      const progress: BulkProgress = {
        jobId,
        state: ticketIds.length === 0 ? 'done' : 'running',
        total: ticketIds.length,
        done: 0,
        failed: 0,
        fallbacks: 0,
        skipped: 0,
        etaMs: null
      }
      const job = { progress, cancelled: false }
      jobs.set(jobId, job)
      const startedAt = deps.clock.now().getTime()
      const queue = [...ticketIds]

      const worker = async (): Promise<void> => {
        while (!job.cancelled) {
          const ticketId = queue.shift()
          if (!ticketId) return
          try {
            // A ticket that got a draft since the job was asked for keeps it (a person may be editing it).
            const started = deps.drafts.start(ticketId, choice, { onlyWithoutLiveDraft: true })
            const draft = await started.done
            if (started.skipped) progress.skipped += 1
            else if (draft.status === 'failed') progress.failed += 1
            else if (draft.status === 'fallback') progress.fallbacks += 1
          } catch {
            progress.failed += 1
          }
          progress.done += 1
          const elapsed = deps.clock.now().getTime() - startedAt
          progress.etaMs = Math.round((elapsed / progress.done) * (progress.total - progress.done))
          publish(progress)
        }
      }
      if (ticketIds.length > 0) {
        void Promise.all(Array.from({ length: Math.min(concurrency, ticketIds.length) }, worker)).then(() => {
          progress.state = job.cancelled ? 'cancelled' : 'done'
          progress.etaMs = null
          publish(progress)
          // Keep finished jobs briefly answerable, but do not grow forever.
          if (jobs.size > 50) jobs.delete(jobs.keys().next().value as string)
        })
      }
      return publish(progress)
    },

    cancel(jobId) {
      const job = jobs.get(jobId)
      if (!job) return undefined
      job.cancelled = true
      return { ...job.progress }
    }
  }
}
