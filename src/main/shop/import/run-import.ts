import { statSync } from 'node:fs'
import { basename } from 'node:path'
import type { ImportPlatform, ImportProgress, RefusedRow } from '../../../shared/domain/shop'
import { REFUSED_SAMPLE_SIZE } from '../../../shared/domain/shop'
import type { Db } from '../../db/connection'
import { mergeOrderIdFormats, OrderIdShapeObserver } from '../infer-order-id-format'
import { orderIdFormatView } from '../order-id-format'
import { loadOrderIdFormat, loadShopCurrency, saveOrderIdFormat, saveShopCurrency } from '../shop-settings'
import { addTally, createShopWriter, emptyTally, type ShopTally } from '../shop-writer'
import { builtWorkerFile } from '../../worker-files'
import { Columns } from './columns'
import { openCsvSource, type CsvRow } from './csv-source'
import { readFileItems, readFileItemsInWorker, type FileItems, type ReadJob } from './file-items'
import { columnOfField, type CsvSourceKind, type ImportEntity, type ReadItem } from './source-kinds'
import { csvSourceKinds } from './sources'
import { jsonColumnOf } from './sources/jsonl'

type RecordItem = Extract<ReadItem, { kind: 'record' }>

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
  /**
   * The built file reader (read-worker.js): files are parsed there while this thread writes. By
   * default the one beside the bundle; null, or running from sources, reads on this thread.
   */
  readerWorkerFile?: string | null
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
  job: Omit<ReadJob, 'currency'>
  /** The column a writer's refusal of a record field points at. */
  columnOf(field: string): string
  /** The first currency the file names, to price a catalog that names none. */
  currency: string | null
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
    prepared.map((file) => file.currency).find((code) => code !== null) ??
    null
  const workerFile =
    options.readerWorkerFile === undefined
      ? builtWorkerFile('import-read-worker')
      : (options.readerWorkerFile ?? undefined)
  const open = (file: PreparedFile): FileItems =>
    workerFile
      ? readFileItemsInWorker({ ...file.job, currency }, workerFile)
      : readFileItems({ ...file.job, currency })
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
      const items = open(file)
      let batch: RecordItem[] = []
      const flush = (records: RecordItem[]): void => {
        if (records.length === 0) return
        const result = writer.writeBatch(records.map((item) => item.record))
        result.outcomes.forEach((outcome, i) => {
          const item = records[i]
          if (!item) return
          if (outcome.result === 'refused') {
            refuse({
              file: file.name,
              line: item.line,
              column: file.columnOf(outcome.field),
              message: outcome.message
            })
          } else if (item.record.kind === 'order') orderIds.observe(item.record.value.id)
        })
        addTally(report as ShopTally, result.tally)
        report.batches += 1
      }
      try {
        for await (const chunk of items.chunks()) {
          for (const item of chunk.items) {
            if (item.kind === 'record') batch.push(item)
            else refuse({ file: file.name, line: item.line, column: item.column, message: item.message })
          }
          report.rows += chunk.rows
          while (batch.length >= batchSize && !aborted()) flush(batch.splice(0, batchSize))
          report.bytesDone = bytesBefore + Math.min(chunk.bytesRead, file.size)
          publish()
          if (aborted()) break
          // Between batches, the event loop runs: a cancel arrives, the console's calls are answered.
          await new Promise<void>((resolve) => setImmediate(resolve))
        }
        if (!aborted()) flush(batch)
        batch = []
      } finally {
        items.close()
      }
      bytesBefore += file.size
      report.bytesDone = bytesBefore
    }
    report.state = aborted() ? 'cancelled' : 'done'
  } catch (error) {
    report.state = 'failed'
    report.error = (error as Error).message
    throw Object.assign(error as Error, { report: finish() })
  }
  return finish()

  function finish(): ImportReport {
    if (options.dryRun) {
      if (db.inTransaction) db.exec('ROLLBACK TO frontline_dry_run; RELEASE frontline_dry_run')
    } else {
      // Even a cancelled or failed import keeps the batches it committed: their ids have a shape too.
      try {
        const observed = orderIds.format()
        if (observed)
          saveOrderIdFormat(db, mergeOrderIdFormats(loadOrderIdFormat(db), observed, shopHadOrders))
        if (currency !== null && loadShopCurrency(db) === null) saveShopCurrency(db, currency)
      } catch (error) {
        // After a failure the database may refuse this too; the failure is what the caller must hear.
        if (report.state !== 'failed') throw error
      }
    }
    const format = options.dryRun || report.state === 'failed' ? orderIds.format() : loadOrderIdFormat(db)
    report.orderIdFormat = format ? orderIdFormatView(format) : null
    report.file = null
    publish(true)
    return { ...report, refusedSample: [...report.refusedSample] }
  }
}

/** Reads a file's header to know what it is; a file that is not a known export is refused at line 1. */
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
    return {
      name,
      size,
      entity: 'mixed',
      job: { path, platform, kindId: null },
      columnOf: jsonColumnOf,
      currency: null
    }
  }
  const source = await openCsvSource(path)
  try {
    const kinds = csvSourceKinds.filter((kind) => kind.platform === platform)
    const kind = recognise(kinds, source.header)
    if (!kind) {
      const expected = kinds.map(
        (k) => `${k.label} (${k.signature.map((f) => k.columns[f]?.[0]).join(', ')})`
      )
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
    for (const field of missing) {
      refuse({
        file: name,
        line: 1,
        column: columns.name(field),
        message: `the ${kind.label} needs this column; the file was not imported`
      })
    }
    if (missing.length > 0) return null
    return {
      name,
      size,
      entity: kind.entity,
      job: { path, platform, kindId: kind.id },
      columnOf: (field) => columnOfField(kind, columns, field),
      currency: firstCurrency(source.buffered(), columns)
    }
  } finally {
    source.close()
  }
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

function firstCurrency(rows: readonly CsvRow[], columns: Columns<string>): string | null {
  if (!columns.has('currency')) return null
  for (const row of rows) {
    const code = columns.cell(row.cells, 'currency')
    if (/^[A-Za-z]{3}$/.test(code)) return code.toUpperCase()
  }
  return null
}
