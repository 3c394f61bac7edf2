import type { ImportReport } from '../shop/import/run-import'

const count = (n: number): string => n.toLocaleString('en-US')

export function durationText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  return minutes < 60
    ? `${minutes}:${String(seconds % 60).padStart(2, '0')}`
    : `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`
}

const BAR_WIDTH = 24

/** "[######··········] 42% · 1,234,567 rows · 52,341 rows/s · ETA 0:35 · 120,000 orders · 3 refused" */
export function progressLine(p: ImportReport): string {
  const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 1
  const filled = Math.round(fraction * BAR_WIDTH)
  const orders = p.orders.created + p.orders.updated + p.orders.unchanged
  return [
    `[${'#'.repeat(filled)}${'·'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}%`,
    `${count(p.rows)} rows`,
    `${count(p.rowsPerSecond)} rows/s`,
    p.etaMs === null ? null : `ETA ${durationText(p.etaMs)}`,
    `${count(orders)} orders`,
    p.refused > 0 ? `${count(p.refused)} refused` : null
  ]
    .filter(Boolean)
    .join(' · ')
}

const LINE_EVERY_MS = 5_000

/**
 * The import's progress on stderr: one line redrawn in place on a terminal; a line every few
 * seconds otherwise (a log, a CI job), so a long import still says it is alive.
 */
export function createProgressPrinter(stream: NodeJS.WritableStream & { isTTY?: boolean }): {
  update(progress: ImportReport): void
  done(): void
} {
  let lastLine = -Infinity
  let drawn = false
  return {
    update(progress) {
      if (stream.isTTY) {
        stream.write(`\r${progressLine(progress)}\u001b[K`)
        drawn = true
        return
      }
      const now = performance.now()
      if (now - lastLine < LINE_EVERY_MS) return
      lastLine = now
      stream.write(`${progressLine(progress)}\n`)
    },
    done() {
      if (drawn) stream.write('\n')
      drawn = false
    }
  }
}

export function summaryLines(p: ImportReport, dbPath: string): string[] {
  const kind = (label: string, k: { created: number; updated: number; unchanged: number }) =>
    `  ${label.padEnd(10)} ${count(k.created)} created, ${count(k.updated)} updated, ${count(k.unchanged)} unchanged`
  const verb = p.dryRun
    ? 'Dry run (nothing was written):'
    : p.state === 'cancelled'
      ? 'Cancelled:'
      : 'Imported'
  return [
    `${verb} ${count(p.rows)} rows into ${dbPath} in ${durationText(p.elapsedMs)} (${count(p.rowsPerSecond)} rows/s, ${count(p.batches)} batches${p.state === 'cancelled' ? ' committed; the rest was not written' : ''})`,
    kind('customers', p.customers),
    kind('products', p.products),
    kind('orders', p.orders),
    `  ${'refused'.padEnd(10)} ${count(p.refused)} rows`,
    ...(p.orderIdFormat
      ? [
          `Order ids look like ${p.orderIdFormat.pattern} (e.g. ${p.orderIdFormat.examples.slice(0, 2).join(', ')}).`
        ]
      : [])
  ]
}
