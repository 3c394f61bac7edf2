import Database from 'better-sqlite3'
import { existsSync, statSync } from 'node:fs'
import { createPrivateFile } from '../private-files'
import { migrate } from './migrate'
import { commitPendingTurn } from './turn-commit'

export type Db = Database.Database

export interface OpenDbOptions {
  readonly?: boolean
}

/** SQLite's names for a database that is not a file of its own. */
const isInMemory = (path: string): boolean => path === ':memory:' || path === ''

/**
 * Opens the shop database and brings its schema up to date. A database created here (and its
 * folder) is private to the user: it holds customers' names, addresses and orders.
 * busy_timeout comes first so that the pragmas below wait for a concurrent writer (the desktop app
 * and `frontline mcp` share one file) instead of failing with SQLITE_BUSY.
 */
export function openDb(path: string, options: OpenDbOptions = {}): Db {
  const readonly = options.readonly ?? false
  if (!isInMemory(path)) {
    if (existsSync(path) && statSync(path).isDirectory())
      throw new Error(`cannot open the database ${path}: it is a folder, not a database file`)
    if (!readonly) createPrivateFile(path)
  }
  let db: Db | undefined
  try {
    db = new Database(path, { readonly })
    db.pragma('busy_timeout = 5000')
    if (!readonly) {
      db.pragma('journal_mode = WAL')
      // NORMAL is crash-consistent under WAL; the money paths switch to FULL around their commits.
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('foreign_keys = ON')
    if (!readonly) migrate(db)
    return db
  } catch (error) {
    db?.close()
    // SQLite's own words ("file is not a database", "disk I/O error") do not say which file.
    if (error instanceof Database.SqliteError)
      throw new Error(`cannot open the database ${path}: ${error.message}`, { cause: error })
    throw error
  }
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
