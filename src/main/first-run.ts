import { openDb } from './db/connection'
import { ensureDemoShop, type SeedSummary } from './db/fixtures/seed-demo-shop'

/**
 * On first run the database is empty, and the console opens on the demo shop so that it works with
 * no key and no data. Hosts call this before starting the core worker: it runs once, before any
 * window or port is open, so the short synchronous write blocks nobody.
 */
export function ensureShopOnFirstRun(dbPath: string): SeedSummary | null {
  const db = openDb(dbPath)
  try {
    return ensureDemoShop(db)
  } finally {
    db.close()
  }
}
