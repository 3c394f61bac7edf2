import { parentPort, workerData } from 'node:worker_threads'
import { readFileItems, type ReadJob } from './file-items'

/**
 * The import's file reader, on a thread of its own (see readFileItemsInWorker): it parses the file
 * into records and refusals and posts them a chunk at a time, at most `chunksAhead` before the
 * writer has taken them.
 */
const port = parentPort
if (!port) throw new Error('read-worker runs as a worker thread')
const { job, chunksAhead } = workerData as { job: ReadJob; chunksAhead: number }

let credit = chunksAhead
let wake: (() => void) | null = null
port.on('message', () => {
  credit += 1
  const resume = wake
  wake = null
  resume?.()
})

async function run(): Promise<void> {
  const items = readFileItems(job)
  try {
    for await (const chunk of items.chunks()) {
      while (credit === 0) await new Promise<void>((resolve) => (wake = resolve))
      credit -= 1
      port?.postMessage(chunk)
    }
    port?.postMessage(null)
  } finally {
    items.close()
  }
}

// A failure crashes the worker: its 'error' event tells the writer, which stops the import.
run().catch((error: unknown) => {
  setImmediate(() => {
    throw error
  })
})
