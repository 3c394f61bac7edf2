import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb } from '../db/connection'
import { writeShopifyOrdersCsv } from './shopify-orders-csv'

/** The targets for 1,000,000 orders (about 2.5 M line-item rows) on this 2-core machine. */
export const IMPORT_TARGETS = { orders: 1_000_000, maxSeconds: 90, maxPeakRssMb: 300 } as const

export interface ImportBenchReport {
  orders: number
  rows: number
  csvMb: number
  generateSeconds: number
  importSeconds: number
  rowsPerSec: number
  /** The import process's peak resident memory (VmHWM), sampled from /proc until it exits. */
  peakRssMb: number | null
  /**
   * CPU seconds the import process used, both its threads (/proc/<pid>/stat, last sample before it
   * exited): on a shared machine, the figure other work disturbs least.
   */
  cpuSeconds: number | null
  /**
   * CPU seconds of its busiest thread (the writer, or the file reader beside it): the two work at
   * once, so on an idle machine the import takes about this long, whatever else shares it here.
   */
  busiestThreadCpuSeconds: number | null
  ordersInDatabase: number
  loadAverageAtStart: number
  targets: { seconds: number; peakRssMb: number; met: boolean }
}

/** The peak resident set a process has had so far, in MB, from /proc (Linux); null elsewhere. */
function peakRssMb(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match?.[1] ? Math.round(Number(match[1]) / 1024) : null
  } catch {
    return null
  }
}

/** User plus system CPU seconds from a /proc stat file (Linux, 100 ticks a second); null elsewhere. */
function cpuSeconds(statFile: string): number | null {
  try {
    const stat = readFileSync(statFile, 'utf8')
    // The command name may hold spaces: the fields that follow it start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

/** Each thread's CPU seconds so far, by thread id. */
function threadCpuSeconds(pid: number): Map<string, number> {
  const threads = new Map<string, number>()
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const seconds = cpuSeconds(`/proc/${pid}/task/${tid}/stat`)
      if (seconds !== null) threads.set(tid, seconds)
    }
  } catch {
    // Not Linux, or the process just ended.
  }
  return threads
}

/**
 * Generates a Shopify orders export in a temporary folder, then runs the real `frontline import`
 * on it as a child process (as a person would), timing it and sampling its peak memory.
 */
export async function runImportBench(options: {
  cliFile: string
  orders: number
  log: (line: string) => void
}): Promise<ImportBenchReport> {
  const { log } = options
  const loadAverageAtStart = Math.round((loadavg()[0] ?? 0) * 100) / 100
  const dir = mkdtempSync(join(tmpdir(), 'frontline-import-bench-'))
  try {
    const csv = join(dir, 'orders_export.csv')
    const dbPath = join(dir, 'shop.db')
    log(`Writing a Shopify orders export of ${options.orders.toLocaleString('en-US')} orders to ${csv}…`)
    const generateStarted = performance.now()
    const generated = writeShopifyOrdersCsv(csv, { orders: options.orders })
    const generateSeconds = (performance.now() - generateStarted) / 1000
    log(
      `  ${generated.rows.toLocaleString('en-US')} rows, ${(generated.bytes / 1e6).toFixed(0)} MB in ${generateSeconds.toFixed(1)} s; importing…`
    )

    const started = performance.now()
    const child = spawn(
      process.execPath,
      [options.cliFile, 'import', 'shopify', csv, '--db', dbPath, '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, FRONTLINE_DATA_DIR: dir }
      }
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(`  ${line.trim()}`)
    })
    let peak: number | null = null
    let cpu: number | null = null
    const threads = new Map<string, number>()
    const sampler = setInterval(() => {
      if (child.pid === undefined) return
      const now = peakRssMb(child.pid)
      if (now !== null) peak = Math.max(peak ?? 0, now)
      cpu = cpuSeconds(`/proc/${child.pid}/stat`) ?? cpu
      for (const [tid, seconds] of threadCpuSeconds(child.pid)) threads.set(tid, seconds)
    }, 100)
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    clearInterval(sampler)
    const importSeconds = (performance.now() - started) / 1000
    if (code !== 0) throw new Error(`frontline import exited with ${code}:\n${stderr}`)
    const summary = JSON.parse(stdout) as { rows: number }
    const db = openDb(dbPath, { readonly: true })
    const ordersInDatabase = db.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number
    db.close()
    const met =
      importSeconds < IMPORT_TARGETS.maxSeconds && peak !== null && peak < IMPORT_TARGETS.maxPeakRssMb
    return {
      orders: options.orders,
      rows: summary.rows,
      csvMb: Math.round(generated.bytes / 1e6),
      generateSeconds: Math.round(generateSeconds * 10) / 10,
      importSeconds: Math.round(importSeconds * 10) / 10,
      rowsPerSec: Math.round(summary.rows / importSeconds),
      peakRssMb: peak,
      cpuSeconds: cpu,
      busiestThreadCpuSeconds: threads.size > 0 ? Math.max(...threads.values()) : null,
      ordersInDatabase,
      loadAverageAtStart,
      targets: { seconds: IMPORT_TARGETS.maxSeconds, peakRssMb: IMPORT_TARGETS.maxPeakRssMb, met }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function formatImportReport(r: ImportBenchReport): string[] {
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED')
  return [
    '',
    `Import: ${r.orders.toLocaleString('en-US')} orders, ${r.rows.toLocaleString('en-US')} rows (${r.csvMb} MB of Shopify CSV) by \`frontline import\` in a child process; load average ${r.loadAverageAtStart} at start`,
    `  ${r.importSeconds} s · ${r.rowsPerSec.toLocaleString('en-US')} rows/s · peak RSS ${r.peakRssMb ?? '?'} MB · ${r.cpuSeconds ?? '?'} CPU s, ${r.busiestThreadCpuSeconds ?? '?'} s in its busiest thread · ${r.ordersInDatabase.toLocaleString('en-US')} orders in the database`,
    `  targets: < ${r.targets.seconds} s ${verdict(r.importSeconds < r.targets.seconds)}, peak RSS < ${r.targets.peakRssMb} MB ${verdict(r.peakRssMb !== null && r.peakRssMb < r.targets.peakRssMb)}`
  ]
}
