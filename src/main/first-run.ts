import { openDb } from './db/connection'
import { ensureDemoShop, type SeedSummary } from './db/fixtures/seed-demo-shop'

/**
 * The database of a command that needs data to work on (`frontline tool`, `draft`, `mcp`…): on
 * first run it is empty, and the demo shop is created so that they work with no key and no data.
 * It runs once, before any port is open, so the short synchronous write blocks nobody.
 */
export function ensureShopOnFirstRun(dbPath: string): SeedSummary | null {
  const db = openDb(dbPath)
  try {
    return ensureDemoShop(db)
  } finally {
    db.close()
  }
}

/**
 * The console's database on first run: created and brought up to date, but left empty, so that the
 * console opens on the person's choice between the demo shop and an import of their own shop.
 */
export function prepareShopDatabase(dbPath: string): void {
  openDb(dbPath).close()
}
