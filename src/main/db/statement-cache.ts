import type { Statement } from 'better-sqlite3'
import type { Db } from './connection'

/**
 * Prepares a repository's statements once per connection. Preparing is the slow part of a query
 * on hot paths (every streamed draft writes), so each repository asks for its set here.
 */
export function statementCache<T extends Record<string, Statement>>(prepare: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>()
  return (db) => {
    let statements = cache.get(db)
    if (!statements) {
      statements = prepare(db)
      cache.set(db, statements)
    }
    return statements
  }
}
