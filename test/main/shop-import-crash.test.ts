import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeShopifyOrdersCsv } from '../../src/main/bench/shopify-orders-csv'
import { openDb } from '../../src/main/db/connection'
import { builtAppProblem, builtMain, repoRoot } from '../support/built-app'

const problem = builtAppProblem(['cli.js'])
const ORDERS = 60_000
const BATCH = 500

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-import-crash-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function importProcess(csv: string, dbPath: string): ChildProcess {
  return spawn(
    process.execPath,
    [builtMain('cli.js'), 'import', 'shopify', csv, '--db', dbPath, '--batch-size', String(BATCH), '--json'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FRONTLINE_DATA_DIR: dir } }
  )
}

/** Orders committed so far, read from another connection; 0 while the import has not created its tables. */
const ordersIn = (dbPath: string): number => {
  try {
    const db = openDb(dbPath, { readonly: true })
    try {
      return db.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number
    } finally {
      db.close()
    }
  } catch {
    return 0
  }
}

describe('an import killed with SIGKILL', () => {
  it.skipIf(problem !== null)(
    `leaves a database that opens and holds whole batches only; importing again finishes the job${problem ? ` (skipped: ${problem})` : ''}`,
    async () => {
      const csv = join(dir, 'orders_export.csv')
      const dbPath = join(dir, 'shop.db')
      writeShopifyOrdersCsv(csv, { orders: ORDERS })

      const child = importProcess(csv, dbPath)
      const exited = once(child, 'exit')
      // Killed once a few batches are in: mid-file, most likely mid-batch.
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        if (child.exitCode !== null) throw new Error('the import ended before it could be killed')
        if (ordersIn(dbPath) >= 3 * BATCH) break
      }
      child.kill('SIGKILL')
      const [, signal] = (await exited) as [number | null, string | null]
      expect(signal).toBe('SIGKILL')

      const db = openDb(dbPath)
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.pragma('foreign_key_check')).toEqual([])
      const orders = db.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number
      expect(orders).toBeGreaterThanOrEqual(3 * BATCH)
      expect(orders).toBeLessThan(ORDERS)
      expect(orders % BATCH).toBe(0)
      // Every order is whole: it has its lines, and they add up to its subtotal.
      const broken = db
        .prepare(
          `SELECT COUNT(*) FROM orders o
           WHERE o.subtotal_cents IS NOT (SELECT SUM(i.quantity * i.unit_price_cents) FROM order_items i WHERE i.order_id = o.id)`
        )
        .pluck()
        .get()
      expect(broken).toBe(0)
      db.close()

      const again = importProcess(csv, dbPath)
      let stdout = ''
      again.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      const [code] = (await once(again, 'exit')) as [number | null]
      expect(code).toBe(0)
      const report = JSON.parse(stdout) as { orders: { created: number; unchanged: number } }
      expect(report.orders).toMatchObject({ created: ORDERS - orders, unchanged: orders })
      expect(ordersIn(dbPath)).toBe(ORDERS)
    },
    240_000
  )
})
