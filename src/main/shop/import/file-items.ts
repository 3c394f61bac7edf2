import { Worker } from 'node:worker_threads'
import type { ImportPlatform } from '../../../shared/domain/shop'
import { CellProblem, Columns } from './columns'
import { isSyntaxError, openCsvSource } from './csv-source'
import type { ReadItem, RowReader } from './source-kinds'
import { csvSourceKinds } from './sources'
import { openJsonLinesSource } from './sources/jsonl'

/** What one file is read with: plain data, so that it can be posted to a worker. */
export interface ReadJob {
  path: string
  platform: ImportPlatform
  /** The CSV export kind recognised from the header (e.g. "shopify-orders"); null for JSON Lines. */
  kindId: string | null
  currency: string | null
}

/** What a stretch of the file became, how many rows (CSV records, JSON lines) it held, and how far the file is read. */
export interface ItemChunk {
  items: ReadItem[]
  rows: number
  bytesRead: number
}

export interface FileItems {
  chunks(): AsyncGenerator<ItemChunk>
  close(): void
}

/** Reads a file into records and refusals on this thread. */
export function readFileItems(job: ReadJob): FileItems {
  const closers: (() => void)[] = []
  const close = () => {
    for (const closer of closers.splice(0)) closer()
  }
  if (job.kindId === null) {
    const source = openJsonLinesSource(job.path, { currency: job.currency })
    closers.push(source.close)
    return {
      async *chunks() {
        for await (const chunk of source.chunks()) {
          yield { items: chunk.items, rows: chunk.lines, bytesRead: source.bytesRead() }
        }
      },
      close
    }
  }
  const kind = csvSourceKinds.find((k) => k.id === job.kindId)
  if (!kind) throw new Error(`unknown export kind ${job.kindId}`)
  return {
    async *chunks() {
      const source = await openCsvSource(job.path)
      closers.push(source.close)
      const columns = new Columns(source.header, kind.columns)
      const emitted: ReadItem[] = []
      let reader: RowReader
      try {
        reader = kind.reader(columns, { currency: job.currency }, (item) => emitted.push(item))
      } catch (error) {
        if (!(error instanceof CellProblem)) throw error
        yield {
          items: [{ kind: 'refused', line: 1, column: columns.name(error.field), message: error.message }],
          rows: 0,
          bytesRead: source.bytesRead()
        }
        return
      }
      for await (const chunk of source.chunks()) {
        for (const item of chunk) {
          if (isSyntaxError(item))
            emitted.push({ kind: 'refused', line: item.line, column: '', message: item.message })
          // An empty line is no record.
          else if (item.cells.length > 1 || item.cells[0] !== '') reader.row(item)
        }
        yield { items: emitted.splice(0), rows: chunk.length, bytesRead: source.bytesRead() }
      }
      reader.end()
      if (emitted.length > 0) yield { items: emitted.splice(0), rows: 0, bytesRead: source.bytesRead() }
    },
    close
  }
}

/** Chunks the reader may post ahead of the writer: enough to keep both threads busy, few enough to bound memory. */
const CHUNKS_AHEAD = 4

/**
 * Reads a file on a worker thread (read-worker.ts), so that parsing the CSV and writing SQLite run
 * on two cores at once. The worker posts chunks as the writer takes them, a few ahead; its heap is
 * bounded so that a huge file cannot grow it.
 */
export function readFileItemsInWorker(job: ReadJob, workerFile: string): FileItems {
  const worker = new Worker(workerFile, {
    workerData: { job, chunksAhead: CHUNKS_AHEAD },
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 }
  })
  const queue: (ItemChunk | null)[] = []
  let failure: Error | null = null
  let closed = false
  let wake: (() => void) | null = null
  const notify = () => {
    const resume = wake
    wake = null
    resume?.()
  }
  worker.on('message', (message: ItemChunk | null) => {
    queue.push(message)
    notify()
  })
  worker.on('error', (error) => {
    failure = error
    notify()
  })
  worker.on('exit', (code) => {
    if (!closed && code !== 0) failure ??= new Error(`the import's file reader stopped (exit code ${code})`)
    notify()
  })
  return {
    async *chunks() {
      for (;;) {
        while (queue.length === 0 && failure === null) await new Promise<void>((resolve) => (wake = resolve))
        const next = queue.shift()
        if (next === undefined) throw failure ?? new Error('the import’s file reader stopped')
        if (next === null) return
        worker.postMessage('ack')
        yield next
      }
    },
    close() {
      closed = true
      void worker.terminate()
    }
  }
}
