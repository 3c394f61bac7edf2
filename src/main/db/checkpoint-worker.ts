import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'

/**
 * Entry of the checkpoint worker (see checkpointer.ts): its own connection to the shop database
 * copies the WAL back into it every `everyMs`, so the core's thread never waits on that copy or
 * its fsync. PASSIVE never blocks a writer; a writer starts the WAL over once it is all copied.
 */
const port = parentPort
if (!port) throw new Error('checkpoint-worker must run in a worker thread')
const { dbPath, everyMs } = workerData as { dbPath: string; everyMs: number }

const db = new Database(dbPath)
db.pragma('busy_timeout = 5000')
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (error) {
    // A busy or locked database is tried again next time; anything else is worth a line.
    console.error('[db] checkpoint failed', error)
  }
}, everyMs)

port.on('message', (message: unknown) => {
  if (message !== 'close') return
  clearInterval(timer)
  db.close()
  port.close()
})
port.postMessage('ready')
