import Database from 'better-sqlite3'
import { migrate } from './migrate'
import { commitPendingTurn } from './turn-commit'

export type Db = Database.Database

export interface OpenDbOptions {
  readonly?: boolean
}

/**
 * Opens the shop database and brings its schema up to date.
 * busy_timeout comes first so that the pragmas below wait for a concurrent writer (the desktop app
 * and `frontline mcp` share one file) instead of failing with SQLITE_BUSY.
 */
export function openDb(path: string, options: OpenDbOptions = {}): Db {
  const db = new Database(path, { readonly: options.readonly ?? false })
  db.pragma('busy_timeout = 5000')
  if (!options.readonly) {
    db.pragma('journal_mode = WAL')
    // NORMAL is crash-consistent under WAL; the money paths switch to FULL around their commits.
    db.pragma('synchronous = NORMAL')
  }
  db.pragma('foreign_keys = ON')
  if (!options.readonly) migrate(db)
  return db
}

/**
 * Runs `fn` in an IMMEDIATE transaction committed with synchronous=FULL, for money that must
 * survive power loss. Writes the turn had grouped (see turn-commit) are committed first, so this
 * one is a transaction of its own, never a savepoint of theirs.
 */
export function durableTransaction<T>(db: Db, fn: () => T): T {
  commitPendingTurn(db)
  if (db.inTransaction) throw new Error('a durable transaction cannot run inside another transaction')
  db.pragma('synchronous = FULL')
  try {
    db.exec('BEGIN IMMEDIATE')
    try {
      const result = fn()
      db.exec('COMMIT')
      return result
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK')
      throw error
    }
  } finally {
    db.pragma('synchronous = NORMAL')
  }
}
