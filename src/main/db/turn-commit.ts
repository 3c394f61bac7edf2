import type { Db } from './connection'

/**
 * Group commit for the core's connection. A busy engine makes several small writes per draft (the
 * draft, its tool trace, a ledger row per model call); committed one by one, each appended its
 * pages to the WAL and they cost a fifth of the core's CPU at 500 drafts in flight. Here the
 * writes one turn of the event loop makes share one transaction: the first write opens it and a
 * `setImmediate` commits it when the turn ends. An explicit transaction in the turn becomes a
 * savepoint of it, so it still applies all or nothing.
 *
 * What a caller gives up is only the gap between a write and the end of its turn: a process killed
 * inside that gap loses the turn's writes, and another connection sees them a turn later.
 * `durableTransaction` (the money paths) commits the turn first and then runs on its own.
 */
const pending = new WeakMap<Db, { commit(): void; explicitDepth(): number }>()

export function commitPerTurn(db: Db): void {
  let open = false
  const commit = (): void => {
    if (!open) return
    open = false
    // A failed statement of the kind SQLite answers with a rollback (disk full, I/O error) has
    // already ended the transaction.
    if (!db.inTransaction) return
    try {
      db.exec('COMMIT')
    } catch (error) {
      console.error('[db] the turn’s writes could not be committed', error)
      if (db.inTransaction) db.exec('ROLLBACK')
    }
  }
  const begin = (): void => {
    if (open || db.inTransaction) return
    db.exec('BEGIN IMMEDIATE')
    open = true
    setImmediate(commit)
  }
  let depth = 0
  pending.set(db, { commit, explicitDepth: () => depth })

  const prepare = db.prepare.bind(db)
  db.prepare = ((source: string) => {
    const statement = prepare(source)
    // A reader with RETURNING writes too; a plain reader never needs the transaction.
    if (statement.reader && !/\bRETURNING\b/i.test(source)) return statement
    const run = statement.run.bind(statement)
    const get = statement.get.bind(statement)
    const all = statement.all.bind(statement)
    statement.run = (...params: unknown[]) => (begin(), run(...params))
    statement.get = (...params: unknown[]) => (begin(), get(...params))
    statement.all = (...params: unknown[]) => (begin(), all(...params))
    return statement
  }) as Db['prepare']

  const transaction = db.transaction.bind(db)
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const inner = transaction(fn)
    const opened =
      <A extends unknown[], R>(variant: (...args: A) => R) =>
      (...args: A): R => {
        begin()
        depth++
        try {
          return variant(...args)
        } finally {
          depth--
        }
      }
    return Object.assign(opened(inner), {
      default: opened(inner.default),
      deferred: opened(inner.deferred),
      immediate: opened(inner.immediate),
      exclusive: opened(inner.exclusive)
    })
  }) as Db['transaction']

  const close = db.close.bind(db)
  db.close = () => {
    commit()
    return close()
  }
}

/**
 * Commits the writes of the current turn now, if this connection groups them. Inside an explicit
 * transaction it refuses: committing there would make that transaction's first half permanent.
 */
export function commitPendingTurn(db: Db): void {
  const turn = pending.get(db)
  if (turn && turn.explicitDepth() > 0) throw new Error('cannot commit the turn inside a transaction')
  turn?.commit()
}
