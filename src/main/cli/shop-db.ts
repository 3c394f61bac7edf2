import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { openDb } from '../db/connection'
import { ensureShopOnFirstRun } from '../first-run'
import { defaultDbPath } from '../paths'

export class MissingDatabaseError extends Error {
  constructor(
    readonly path: string,
    message = `No database at ${path}. Create one with: frontline seed --demo --db ${JSON.stringify(path)}`
  ) {
    super(message)
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
  mkdirSync(dirname(path), { recursive: true })
  ensureShopOnFirstRun(path)
  return path
}

/**
 * The database an import writes into: created (empty, never with the demo shop) when it does not
 * exist yet, since bringing a shop in is how a real shop's database starts. Its folder must exist.
 */
export function resolveImportDb(explicit: string | undefined): string {
  const path = resolve(explicit ?? defaultDbPath())
  if (explicit === undefined) mkdirSync(dirname(path), { recursive: true })
  else if (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory()) {
    throw new MissingDatabaseError(path, `No folder ${dirname(path)} to create the database ${path} in.`)
  }
  openDb(path).close()
  return path
}
