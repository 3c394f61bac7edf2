import { existsSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { openDb } from '../db/connection'
import { ensureShopOnFirstRun, prepareShopDatabase } from '../first-run'
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
 * create a new shop); without --db, the per-user database is created on first run, with the demo
 * shop, or empty for the console (`firstRun: 'empty'`), which then asks the person.
 */
export function resolveShopDb(
  explicit: string | undefined,
  { firstRun = 'demo' }: { firstRun?: 'demo' | 'empty' } = {}
): string {
  if (explicit !== undefined) {
    const path = resolve(explicit)
    if (!existsSync(path)) throw new MissingDatabaseError(path)
    return path
  }
  const path = defaultDbPath()
  if (firstRun === 'demo') ensureShopOnFirstRun(path)
  else prepareShopDatabase(path)
  return path
}

/**
 * The database an import writes into: created (empty, never with the demo shop) when it does not
 * exist yet, since bringing a shop in is how a real shop's database starts. An explicit path's
 * folder must exist (a typo should not create folders); the per-user one is created private.
 */
export function resolveImportDb(explicit: string | undefined): string {
  const path = resolve(explicit ?? defaultDbPath())
  if (explicit !== undefined && (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory())) {
    throw new MissingDatabaseError(path, `No folder ${dirname(path)} to create the database ${path} in.`)
  }
  openDb(path).close()
  return path
}
