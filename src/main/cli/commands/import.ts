import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { z } from 'zod'
import { ImportPlatform, type RefusedRow } from '../../../shared/domain/shop'
import { openDb, type Db } from '../../db/connection'
import { DEFAULT_BATCH_SIZE, runShopImport } from '../../shop/import/run-import'
import { createRefusedReport, type RefusedReport } from '../../shop/import/refused-report'
import { CurrencyCode } from '../../shop/shop-settings'
import { defineCommand, EXIT_FAILURE, EXIT_OK, UsageError, writeLine, type CliIo } from '../command'
import { createProgressPrinter, summaryLines } from '../import-progress'
import { dbOption, dbPathSchema, integerOption } from '../options'
import { resolveImportDb } from '../shop-db'

/** How many refused rows are printed; all of them are in the report file. */
const PRINTED_REFUSALS = 10

export const importCommand = defineCommand({
  name: 'import',
  summary:
    "Import a shop's orders, products and customers from its exports (Shopify, WooCommerce, JSON Lines)",
  usage: `Usage: frontline import shopify|woocommerce|jsonl FILE... [--db PATH] [--dry-run] [--currency CODE]
                        [--batch-size N] [--refused-report PATH] [--json]

  shopify        Shopify's CSV exports: orders, products and customers (any of them, any order).
  woocommerce    WooCommerce's CSV exports: orders (one row per item) and products.
  jsonl          Frontline's JSON Lines format (one customer, product or order a line).
  FILE...        The export files. Each is recognised by its header; customers are read first, then
                 products, then orders. docs/shop-import.md lists the columns each export needs.
  --db PATH      The shop database; created when it does not exist. Without it: the per-user database.
  --dry-run      Read and check everything, count what would change, and write nothing.
  --currency C   The currency of amounts a file does not name (a products export names none): by
                 default the shop's, else the first the orders name.
  --batch-size N Records written per transaction (default ${DEFAULT_BATCH_SIZE}). A cancel (Ctrl+C) or a crash keeps
                 whole batches only.
  --refused-report PATH
                 Where the refused rows go, as CSV (file, line, column, why). Default: beside the
                 database, import-refused-<time>.csv, written only when a row is refused.
  --json         Print the summary as JSON.

Importing the same or a newer export again updates what changed and never duplicates: orders are
matched by their id (Shopify's Name, WooCommerce's order number), products by SKU, customers by the
shop's customer id or their email. A bad row is refused and reported; it never stops the import.
Exit 0 when the import ran to the end (refused rows included), 1 when it was cancelled or failed.`,
  options: {
    ...dbOption,
    'dry-run': { type: 'boolean' },
    currency: { type: 'string' },
    'batch-size': { type: 'string' },
    'refused-report': { type: 'string' },
    json: { type: 'boolean' }
  },
  positionals: ['platform', 'files...'],
  schema: z.object({
    platform: z.enum(ImportPlatform.options, {
      error: (issue) =>
        issue.input === undefined
          ? 'required: shopify, woocommerce or jsonl'
          : `expected shopify, woocommerce or jsonl, got "${String(issue.input)}"`
    }),
    files: z.array(z.string().min(1)).min(1, 'give at least one export file'),
    db: dbPathSchema,
    'dry-run': z.boolean().optional(),
    currency: CurrencyCode.optional(),
    'batch-size': integerOption(1, 100_000).optional(),
    'refused-report': z.string().trim().min(1).optional(),
    json: z.boolean().optional()
  }),
  async run(options, io) {
    for (const file of options.files) {
      if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`FILES: no file ${file}`)
    }
    const dbPath = resolveImportDb(options.db)
    const db = openDb(dbPath)
    // A bulk load wants more page cache than a console does (bounded, so memory stays flat), and
    // fewer, larger checkpoints: every checkpoint copies the hot index pages back again.
    db.pragma('cache_size = -32768')
    db.pragma('wal_autocheckpoint = 16384')
    const reportPath = resolve(
      options['refused-report'] ??
        join(dirname(dbPath), `import-refused-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`)
    )
    let report: RefusedReport | null = null
    const printed: RefusedRow[] = []
    const cancel = new AbortController()
    const stopOnSignal = () => cancel.abort()
    const signals = io.shutdown ? [] : (['SIGINT', 'SIGTERM'] as const)
    io.shutdown?.addEventListener('abort', stopOnSignal, { once: true })
    for (const signal of signals) process.once(signal, stopOnSignal)
    const printer = createProgressPrinter(io.stderr)
    try {
      warnAboutDemoShop(db, io)
      const result = await runShopImport({
        db,
        platform: options.platform,
        files: options.files.map((path) => ({ path })),
        batchSize: options['batch-size'],
        currency: options.currency,
        dryRun: options['dry-run'],
        signal: cancel.signal,
        onProgress: (progress) => printer.update(progress),
        onRefused: (row) => {
          report ??= createRefusedReport(reportPath)
          report.write(row)
          if (printed.length < PRINTED_REFUSALS) printed.push(row)
        }
      })
      printer.done()
      for (const row of printed) {
        writeLine(
          io.stderr,
          `refused: ${row.file}:${row.line}${row.column ? ` [${row.column}]` : ''} ${row.message}`
        )
      }
      if (result.refused > printed.length)
        writeLine(io.stderr, `… and ${result.refused - printed.length} more.`)
      if (result.refused > 0) writeLine(io.stderr, `Every refused row is in ${reportPath}`)
      if (options.json)
        writeLine(
          io.stdout,
          JSON.stringify(
            { dbPath, refusedReport: result.refused > 0 ? reportPath : null, ...result },
            null,
            2
          )
        )
      else for (const line of summaryLines(result, dbPath)) writeLine(io.stdout, line)
      return result.state === 'done' ? EXIT_OK : EXIT_FAILURE
    } finally {
      printer.done()
      ;(report as RefusedReport | null)?.close()
      for (const signal of signals) process.off(signal, stopOnSignal)
      io.shutdown?.removeEventListener('abort', stopOnSignal)
      db.close()
    }
  }
})

function warnAboutDemoShop(db: Db, io: CliIo): void {
  const demo =
    db.prepare(`SELECT EXISTS (SELECT 1 FROM orders WHERE id GLOB 'ORD-[0-9]*')`).pluck().get() === 1
  if (demo) {
    writeLine(
      io.stderr,
      'Note: this database still holds the demo shop; your data joins it. To start from your data alone: frontline shop reset --empty'
    )
  }
}
