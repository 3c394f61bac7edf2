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
