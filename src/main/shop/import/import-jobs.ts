import { randomUUID } from 'node:crypto'
import type { ImportPlatform, ImportProgress } from '../../../shared/domain/shop'
import { AppFailure } from '../../../shared/result'
import type { Db } from '../../db/connection'
import { runShopImport, type ImportReport } from './run-import'
import type { CompleteUpload, UploadStore } from './uploads'

export interface ShopImportJobs {
  start(input: { platform: ImportPlatform; uploadIds: readonly string[]; currency?: string }): ImportProgress
  cancel(jobId: string): ImportProgress
  /** The running import, or the last one. */
  current(): ImportProgress | null
  isRunning(): boolean
  /** Stops a running import between batches and waits for it. */
  close(): Promise<void>
}

/**
 * Imports started from the console: one at a time, over the core's own connection (its batches are
 * savepoints of the turn's transaction, committed between batches), reporting progress through
 * `publish`. The uploaded files are deleted when the import ends, however it ends.
 */
export function createShopImportJobs(deps: {
  db: Db
  uploads: UploadStore
  clock: () => Date
  publish: (progress: ImportProgress) => void
}): ShopImportJobs {
  let last: ImportProgress | null = null
  let running: { jobId: string; controller: AbortController; done: Promise<void> } | null = null

  const publish = (progress: ImportProgress): ImportProgress => {
    last = progress
    deps.publish(progress)
    return progress
  }

  return {
    start({ platform, uploadIds, currency }) {
      if (running) {
        throw new AppFailure('conflict', 'An import is already running; cancel it or wait for it to end.', [
          { field: 'uploadIds', message: 'an import is running' }
        ])
      }
      const files: CompleteUpload[] = []
      try {
        uploadIds.forEach((id, i) => files.push(deps.uploads.take(id, `uploadIds.${i}`)))
      } catch (error) {
        for (const file of files) deps.uploads.discard(file.path)
        throw error
      }
      const jobId = `IMP-${randomUUID()}`
      const controller = new AbortController()
      const first = publish({
        jobId,
        state: 'running',
        platform,
        dryRun: false,
        file: null,
        bytesDone: 0,
        bytesTotal: files.reduce((sum, file) => sum + file.size, 0),
        rows: 0,
        rowsPerSecond: 0,
        elapsedMs: 0,
        etaMs: null,
        batches: 0,
        customers: { created: 0, updated: 0, unchanged: 0 },
        products: { created: 0, updated: 0, unchanged: 0 },
        orders: { created: 0, updated: 0, unchanged: 0 },
        refused: 0,
        refusedSample: [],
        orderIdFormat: null,
        error: null
      })
      const withJob = (report: ImportReport): ImportProgress => ({ jobId, ...report })
      const done = runShopImport({
        db: deps.db,
        platform,
        files: files.map((file) => ({ path: file.path, name: file.name })),
        currency,
        signal: controller.signal,
        clock: deps.clock,
        onProgress: (progress) => {
          if (progress.state === 'running') publish(withJob(progress))
        }
      })
        .then((report) => {
          publish(withJob(report))
        })
        .catch((error: unknown) => {
          const report = (error as { report?: ImportReport }).report
          publish({
            ...(report ? withJob(report) : (last ?? first)),
            state: 'failed',
            error: `The import stopped: ${(error as Error).message}`
          })
        })
        .finally(() => {
          for (const file of files) deps.uploads.discard(file.path)
          running = null
        })
      running = { jobId, controller, done }
      return first
    },

    cancel(jobId) {
      if (!running || running.jobId !== jobId) {
        if (last?.jobId === jobId) return last
        throw new AppFailure('not_found', `No import ${jobId}`, [{ field: 'jobId', message: 'not found' }])
      }
      running.controller.abort()
      return last as ImportProgress
    },

    current: () => last,
    isRunning: () => running !== null,

    async close() {
      if (!running) return
      running.controller.abort()
      await running.done
    }
  }
}
