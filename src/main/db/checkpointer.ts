import { Worker } from 'node:worker_threads'
import type { Db } from './connection'

export interface Checkpointer {
  close(): Promise<void>
}

/** SQLite's own default, put back whenever the worker is not there to checkpoint. */
const AUTOCHECKPOINT_PAGES = 1000

/**
 * Moves the WAL checkpoints of the core's connection to a worker thread. SQLite otherwise runs
 * one inside whichever commit crosses 1 000 pages of WAL, fsync included: measured on the chat
 * channel benchmark, those commits stalled the core's thread for milliseconds at a time and set
 * its p99. The core's connection stops checkpointing only once the worker is up, and starts again
 * if the worker ever stops, so the WAL never grows without bound.
 */
export function startCheckpointer(db: Db, dbPath: string, workerFile: string, everyMs = 1_000): Checkpointer {
  const worker = new Worker(workerFile, { workerData: { dbPath, everyMs } })
  let running = true
  let closing = false
  const restore = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
  }
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      running = false
      if (!closing) restore()
      resolve()
    })
  )
  worker.once('message', () => {
    if (!closing && db.open) db.pragma('wal_autocheckpoint = 0')
  })
  worker.on('error', (error) => console.error('[db] the checkpoint worker failed', error))
  // After the listeners: adding a 'message' listener refs the worker again.
  worker.unref()
  return {
    async close() {
      if (closing) return
      closing = true
      restore()
      // Unref'd while it works; closing must hold the process until it is gone, or a command's
      // `await core.close()` never returns and the process ends without its exit code.
      worker.ref()
      if (running) worker.postMessage('close')
      await exited
    }
  }
}
