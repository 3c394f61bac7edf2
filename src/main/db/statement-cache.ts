import type { Statement } from 'better-sqlite3'
import type { Db } from './connection'

/**
 * Prepares a repository's statements once per connection. Preparing is the slow part of a query
 * on hot paths (every streamed draft writes), so each repository asks for its set here.
 */
// The constraint names only `source`: with `Statement` there, TypeScript infers each prepare's bind
// parameters from it as `[{}]`, and every call with other arguments fails to typecheck.
export function statementCache<T extends Record<string, { readonly source: string }>>(
  prepare: (db: Db) => T
): (db: Db) => T {
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

/**
 * Prepares a query once per connection and per shape: for lists whose SQL holds only the filters in
 * use (so each combination keeps its index), `sql(shape)` is prepared the first time a shape is seen.
 */
export function shapedStatementCache<S extends object, T extends Record<string, string>>(
  sql: (shape: S) => T
): (db: Db, shape: S) => { [K in keyof T]: Statement } {
  const cache = new WeakMap<Db, Map<string, { [K in keyof T]: Statement }>>()
  return (db, shape) => {
    const byShape = cache.get(db) ?? new Map<string, { [K in keyof T]: Statement }>()
    cache.set(db, byShape)
    const key = JSON.stringify(shape)
    let prepared = byShape.get(key)
    if (!prepared) {
      const texts = sql(shape)
      prepared = Object.fromEntries(
        Object.entries(texts).map(([name, text]) => [name, db.prepare(text)])
      ) as { [K in keyof T]: Statement }
      byShape.set(key, prepared)
    }
    return prepared
  }
}
