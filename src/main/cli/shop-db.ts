import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { ensureShopOnFirstRun } from '../first-run'
import { defaultDbPath } from '../paths'

export class MissingDatabaseError extends Error {
  constructor(readonly path: string) {
    super(`No database at ${path}. Create one with: frontline seed --demo --db ${JSON.stringify(path)}`)
    this.name = 'MissingDatabaseError'
  }
}

/**
 * The database a command works on. An explicit --db must already exist (a typo should not quietly
 * create a new shop); without --db, the per-user database is created with the demo shop on first run.
 */
export function resolveShopDb(explicit: string | undefined): string {
  if (explicit !== undefined) {
    const path = resolve(explicit)
    if (!existsSync(path)) throw new MissingDatabaseError(path)
    return path
  }
  const path = defaultDbPath()
  ensureShopOnFirstRun(path)
  return path
}
