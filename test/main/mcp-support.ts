import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '../../src/main/core/clock'
import { openDb, type Db } from '../../src/main/db/connection'
import { seedDemoShop, type SeedSummary } from '../../src/main/db/fixtures/seed-demo-shop'
import { prepareSeedStatements } from '../../src/main/db/fixtures/seed-statements'
import { listNewestOrders } from '../../src/main/db/repositories/order-feed'
import { claimsOnOrder } from '../../src/main/actions/order-holds'
import { assessReturn } from '../../src/main/policy/return-policy'

/** The demo shop's "now": every test clock is fixed here so return windows do not drift. */
export const ANCHOR = '2026-11-10T12:00:00.000Z'

export interface SeededFile {
  dir: string
  dbPath: string
  db: Db
  shop: SeedSummary
  cleanup(): void
}

/** A real database file (WAL, migrated) holding the seeded demo shop, in its own temp folder. */
export function seededDbFile(anchor = ANCHOR): SeededFile {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-mcp-'))
  const dbPath = join(dir, 'shop.db')
  const db = openDb(dbPath)
  const shop = seedDemoShop(db, { seed: 42, anchor })
  return {
    dir,
    dbPath,
    db,
    shop,
    cleanup() {
      if (db.open) db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** A recent order the return policy accepts as a whole, found by the policy itself. */
export function returnableOrderId(db: Db, clock: Clock): string {
  const found = listNewestOrders(db, 500).find(
    (order) =>
      assessReturn(db, order.id, { reason: 'damaged' }, clock.now(), claimsOnOrder(db, order.id))
        ?.eligible === true
  )
  if (!found) throw new Error('the demo shop has no returnable order near its anchor')
  return found.id
}

/** An order the return policy refuses (not delivered yet), to see a refusal cross MCP. */
export function undeliveredOrderId(db: Db): string {
  const found = listNewestOrders(db, 500).find(
    (order) => order.status === 'paid' || order.status === 'pending'
  )
  if (!found) throw new Error('the demo shop has no undelivered order')
  return found.id
}

/** Adds a paid order of CUS-000001 through a connection of its own, as another process would. */
export function insertOrderElsewhere(dbPath: string, orderId: string): void {
  const other = openDb(dbPath)
  prepareSeedStatements(other).insertOrder.run(
    orderId,
    'CUS-000001',
    'paid',
    '2999-12-31T10:00:00.000Z',
    null,
    null,
    null,
    null,
    null,
    1000,
    0,
    1000,
    '1 Main St'
  )
  other.close()
}
