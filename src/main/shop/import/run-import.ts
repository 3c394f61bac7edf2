import { statSync } from 'node:fs'
import { basename } from 'node:path'
import type { ImportPlatform, ImportProgress, RefusedRow } from '../../../shared/domain/shop'
import { REFUSED_SAMPLE_SIZE } from '../../../shared/domain/shop'
import type { Db } from '../../db/connection'
import { mergeOrderIdFormats, OrderIdShapeObserver } from '../infer-order-id-format'
import { orderIdFormatView } from '../order-id-format'
import { loadOrderIdFormat, loadShopCurrency, saveOrderIdFormat, saveShopCurrency } from '../shop-settings'
import { addTally, createShopWriter, emptyTally, type ShopTally } from '../shop-writer'
import { CellProblem, Columns } from './columns'
import { isSyntaxError, openCsvSource, type CsvSource } from './csv-source'
import type { CsvSourceKind, ImportEntity, ReadContext, ReadItem, RowReader } from './source-kinds'
import { csvSourceKinds } from './sources'
import { openJsonLinesSource } from './sources/jsonl'

export interface ImportFile {
  path: string
  /** What reports call it; the file's name by default (an upload's original name). */
  name?: string
}

export interface ImportOptions {
  db: Db
  platform: ImportPlatform
  files: readonly ImportFile[]
  /** Records per transaction (default 1000). */
  batchSize?: number
  /** The currency of amounts the files do not name; else the shop's, else the orders'. */
  currency?: string
  /** Read and write everything, then roll it all back: the summary says what an import would do. */
  dryRun?: boolean
  signal?: AbortSignal
  onProgress?: (progress: ImportReport) => void
  /** Every refused row, as it is refused (the report keeps only a sample). */
  onRefused?: (row: RefusedRow) => void
  progressIntervalMs?: number
  /** For elapsed times and rates. */
  now?: () => number
  /** For the dates the sources do not give (a customer first known). */
  clock?: () => Date
}

/** The progress of an import run, as ImportProgress without the job that a host gives it. */
export type ImportReport = Omit<ImportProgress, 'jobId'>

export const DEFAULT_BATCH_SIZE = 1000

const ENTITY_ORDER: Readonly<Record<ImportEntity | 'mixed', number>> = {
  customers: 0,
  products: 1,
  orders: 2,
  mixed: 3
}

interface PreparedFile {
  name: string
  size: number
  entity: ImportEntity | 'mixed'
  /** Reads the file into items; null when the file was refused whole. */
  open(context: ReadContext): FileItems
  /** The first currency the file names, to price a catalog that names none. */
  peekCurrency(): string | null
  close(): void
}

/** What a chunk of the file became, and how many rows (CSV records, JSON lines) it held. */
interface ItemChunk {
  items: ReadItem[]
  rows: number
}

interface FileItems {
  chunks: AsyncGenerator<ItemChunk>
  bytesRead(): number
}

/**
 * Imports a shop's export files: each is recognised by its header, customers are read before
 * products and products before orders, rows go to the writer in batches of `batchSize`, each batch
 * one transaction. Memory stays flat (a chunk of rows and a batch at a time). A cancel stops between
 * batches, so the database holds whole batches only; bad rows are refused and reported, never fatal.
 */
export async function runShopImport(options: ImportOptions): Promise<ImportReport> {
  const now = options.now ?? (() => performance.now())
  const started = now()
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
  const report: ImportReport = {
    state: 'running',
    platform: options.platform,
    dryRun: options.dryRun ?? false,
    file: null,
    bytesDone: 0,
    bytesTotal: 0,
    rows: 0,
    rowsPerSecond: 0,
    elapsedMs: 0,
    etaMs: null,
    batches: 0,
    ...emptyTally(),
    refused: 0,
    refusedSample: [],
    orderIdFormat: null,
    error: null
  }
  const refuse = (row: RefusedRow): void => {
    report.refused += 1
    if (report.refusedSample.length < REFUSED_SAMPLE_SIZE) report.refusedSample.push(row)
    options.onRefused?.(row)
  }

  const prepared: PreparedFile[] = []
  for (const file of options.files) {
    const name = file.name ?? basename(file.path)
    const ready = await prepareFile(options.platform, file.path, name, refuse)
    if (ready) prepared.push(ready)
  }
  prepared.sort((a, b) => ENTITY_ORDER[a.entity] - ENTITY_ORDER[b.entity])
  report.bytesTotal = prepared.reduce((sum, file) => sum + file.size, 0)

  const { db } = options
  const currency =
    options.currency ??
    loadShopCurrency(db) ??
    prepared.map((file) => file.peekCurrency()).find((code) => code !== null) ??
    null
  const context: ReadContext = { currency }
  const shopHadOrders = db.prepare('SELECT EXISTS (SELECT 1 FROM orders)').pluck().get() === 1
  const writer = createShopWriter(db, { clock: options.clock })
  const orderIds = new OrderIdShapeObserver()
  let lastProgress = -Infinity

  const publish = (force = false): void => {
    const t = now()
    if (!force && t - lastProgress < (options.progressIntervalMs ?? 250)) return
    lastProgress = t
    const elapsed = t - started
    report.elapsedMs = Math.round(elapsed)
    report.rowsPerSecond = elapsed > 0 ? Math.round((report.rows / elapsed) * 1000) : 0
    const rate = report.bytesDone / Math.max(elapsed, 1)
    report.etaMs =
      report.state === 'running' && report.bytesDone > 0
        ? Math.round((report.bytesTotal - report.bytesDone) / rate)
        : null
    options.onProgress?.({ ...report, refusedSample: [...report.refusedSample] })
  }

  const aborted = (): boolean => options.signal?.aborted === true
  if (options.dryRun) db.exec('SAVEPOINT frontline_dry_run')
  let bytesBefore = 0
  try {
    for (const file of prepared) {
      if (aborted()) break
      report.file = file.name
      const items = file.open(context)
      let batch: Extract<ReadItem, { kind: 'record' }>[] = []
      const flush = (records: Extract<ReadItem, { kind: 'record' }>[]): void => {
        if (records.length === 0) return
        const result = writer.writeBatch(records.map((item) => item.record))
        result.outcomes.forEach((outcome, i) => {
          const item = records[i]
          if (!item) return
          if (outcome.result === 'refused') {
            refuse({
              file: file.name,
              line: item.line,
              column: item.columnOf(outcome.field),
              message: outcome.message
            })
          } else if (item.record.kind === 'order') orderIds.observe(item.record.value.id)
        })
        addTally(report as ShopTally, result.tally)
        report.batches += 1
      }
      try {
        for await (const chunk of items.chunks) {
          for (const item of chunk.items) {
            if (item.kind === 'record') batch.push(item)
            else refuse({ file: file.name, line: item.line, column: item.column, message: item.message })
          }
          report.rows += chunk.rows
          while (batch.length >= batchSize && !aborted()) flush(batch.splice(0, batchSize))
          report.bytesDone = bytesBefore + Math.min(items.bytesRead(), file.size)
          publish()
          if (aborted()) break
          // Between batches, the event loop runs: a cancel arrives, the console's calls are answered.
          await new Promise<void>((resolve) => setImmediate(resolve))
        }
        if (!aborted()) flush(batch)
        batch = []
      } finally {
        file.close()
      }
      bytesBefore += file.size
      report.bytesDone = bytesBefore
    }
    report.state = aborted() ? 'cancelled' : 'done'
  } catch (error) {
    report.state = 'failed'
    report.error = (error as Error).message
    throw Object.assign(error as Error, { report: finish() })
  } finally {
    for (const file of prepared) file.close()
  }
  return finish()

  function finish(): ImportReport {
    if (options.dryRun) {
      if (db.inTransaction) db.exec('ROLLBACK TO frontline_dry_run; RELEASE frontline_dry_run')
    } else if (report.state !== 'failed') {
      const observed = orderIds.format()
      if (observed) saveOrderIdFormat(db, mergeOrderIdFormats(loadOrderIdFormat(db), observed, shopHadOrders))
      if (currency !== null && loadShopCurrency(db) === null) saveShopCurrency(db, currency)
    }
    const format = options.dryRun ? orderIds.format() : loadOrderIdFormat(db)
    report.orderIdFormat = format ? orderIdFormatView(format) : null
    report.file = null
    publish(true)
    return { ...report, refusedSample: [...report.refusedSample] }
  }
}

/** Opens a file enough to know what it is; a file that is not a known export is refused at line 1. */
async function prepareFile(
  platform: ImportPlatform,
  path: string,
  name: string,
  refuse: (row: RefusedRow) => void
): Promise<PreparedFile | null> {
  let size: number
  try {
    size = statSync(path).size
  } catch (error) {
    refuse({
      file: name,
      line: 0,
      column: '',
      message: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`
    })
    return null
  }
  if (platform === 'jsonl') {
    let source: ReturnType<typeof openJsonLinesSource> | null = null
    return {
      name,
      size,
      entity: 'mixed',
      open(context) {
        const lines = openJsonLinesSource(path, context)
        source = lines
        return { chunks: jsonChunks(lines.chunks()), bytesRead: lines.bytesRead }
      },
      peekCurrency: () => null,
      close: () => source?.close()
    }
  }
  const source = await openCsvSource(path)
  const kinds = csvSourceKinds.filter((kind) => kind.platform === platform)
  const kind = recognise(kinds, source.header)
  if (!kind) {
    source.close()
    const expected = kinds.map((k) => `${k.label} (${k.signature.map((f) => k.columns[f]?.[0]).join(', ')})`)
    refuse({
      file: name,
      line: 1,
      column: '',
      message: `is not an export this import reads; expected one of: ${expected.join('; ')}`
    })
    return null
  }
  const columns = new Columns(source.header, kind.columns)
  const missing = columns.missing(kind.required)
  if (missing.length > 0) {
    source.close()
    for (const field of missing)
      refuse({
        file: name,
        line: 1,
        column: columns.name(field),
        message: `the ${kind.label} needs this column; the file was not imported`
      })
    return null
  }
  return {
    name,
    size,
    entity: kind.entity,
    peekCurrency: () => peekCurrency(source, columns),
    open(context) {
      const emitted: ReadItem[] = []
      let reader: RowReader
      try {
        reader = kind.reader(columns, context, (item) => emitted.push(item))
      } catch (error) {
        if (!(error instanceof CellProblem)) throw error
        emitted.push({ kind: 'refused', line: 1, column: error.field, message: error.message })
        return { chunks: once(emitted), bytesRead: () => size }
      }
      return { chunks: readRows(source, reader, emitted), bytesRead: source.bytesRead }
    },
    close: () => source.close()
  }
}

async function* once(items: ReadItem[]): AsyncGenerator<ItemChunk> {
  yield { items, rows: 0 }
}

async function* jsonChunks(
  chunks: AsyncGenerator<{ items: ReadItem[]; lines: number }>
): AsyncGenerator<ItemChunk> {
  for await (const chunk of chunks) yield { items: chunk.items, rows: chunk.lines }
}

async function* readRows(
  source: CsvSource,
  reader: RowReader,
  emitted: ReadItem[]
): AsyncGenerator<ItemChunk> {
  for await (const chunk of source.chunks()) {
    for (const item of chunk) {
      if (isSyntaxError(item))
        emitted.push({ kind: 'refused', line: item.line, column: '', message: item.message })
      // An empty line is no record.
      else if (item.cells.length > 1 || item.cells[0] !== '') reader.row(item)
    }
    yield { items: emitted.splice(0), rows: chunk.length }
  }
  reader.end()
  if (emitted.length > 0) yield { items: emitted.splice(0), rows: 0 }
}

/** The kind whose signature columns the header has, the one with most of them on a tie. */
function recognise(kinds: readonly CsvSourceKind[], header: readonly string[]): CsvSourceKind | undefined {
  let best: CsvSourceKind | undefined
  let bestScore = 0
  for (const kind of kinds) {
    const columns = new Columns(header, kind.columns)
    if (columns.count(kind.signature) < kind.signature.length) continue
    const score = columns.count(Object.keys(kind.columns))
    if (score > bestScore) {
      best = kind
      bestScore = score
    }
  }
  return best
}

function peekCurrency(source: CsvSource, columns: Columns<string>): string | null {
  if (!columns.has('currency')) return null
  for (const row of source.buffered()) {
    const code = columns.cell(row.cells, 'currency')
    if (/^[A-Za-z]{3}$/.test(code)) return code.toUpperCase()
  }
  return null
}
