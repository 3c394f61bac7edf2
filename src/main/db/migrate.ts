import type { Db } from './connection'

export interface Migration {
  version: number
  name: string
  sql: string
}

/**
 * A migration that rebuilds a table other tables point at (SQLite's twelve steps) starts with this
 * line: foreign keys must be off while the old table is dropped, and SQLite only lets them be
 * switched outside a transaction.
 */
export const FOREIGN_KEYS_OFF_MARKER = '-- frontline:foreign-keys-off'

const needsForeignKeysOff = (m: Migration): boolean =>
  m.sql.split('\n', 1)[0]?.trim() === FOREIGN_KEYS_OFF_MARKER

export class ForeignKeyViolationError extends Error {
  constructor(violations: readonly { table: string; parent: string }[]) {
    const first = violations
      .slice(0, 5)
      .map((v) => `${v.table} -> ${v.parent}`)
      .join(', ')
    super(
      `The migration would leave ${violations.length} rows pointing at nothing (${first}); nothing was changed.`
    )
    this.name = 'ForeignKeyViolationError'
  }
}

const files = import.meta.glob<string>('./migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true
})

/** The bundled migrations, ordered by their number (`0001_init.sql` is version 1). */
export const migrations: readonly Migration[] = Object.entries(files)
  .map(([path, sql]) => {
    const file = path.split('/').pop() ?? path
    const match = /^(\d+)_(.+)\.sql$/.exec(file)
    if (!match) throw new Error(`migration file name must be NNNN_name.sql: ${file}`)
    return { version: Number(match[1]), name: match[2] ?? file, sql }
  })
  .sort((a, b) => a.version - b.version)

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0

export class NewerDatabaseError extends Error {
  constructor(found: number, known: number) {
    super(
      `This database was written by a newer Frontline (schema ${found}; this version knows up to ${known}). ` +
        'Update Frontline or open another database.'
    )
    this.name = 'NewerDatabaseError'
  }
}

/**
 * Applies the pending migrations in one transaction. The version lives in `user_version` (cheap to
 * read at every open) and each applied file is also recorded in `schema_migrations` for people.
 * When a pending migration carries FOREIGN_KEYS_OFF_MARKER, foreign keys are off for the whole
 * transaction and `PRAGMA foreign_key_check` must come back empty before it commits.
 */
export function migrate(db: Db, list: readonly Migration[] = migrations): number {
  const known = list.at(-1)?.version ?? 0
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > known) throw new NewerDatabaseError(current, known)
  const pending = list.filter((m) => m.version > current)
  if (pending.length === 0) return current
  const keysOff = pending.some(needsForeignKeysOff)
  const keysWereOn = (db.pragma('foreign_keys', { simple: true }) as number) === 1
  if (keysOff && keysWereOn) switchForeignKeysOff(db)
  try {
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
      const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      for (const m of pending) {
        db.exec(m.sql)
        record.run(m.version, m.name, new Date().toISOString())
      }
      if (keysOff) {
        const violations = db.pragma('foreign_key_check') as { table: string; parent: string }[]
        if (violations.length > 0) throw new ForeignKeyViolationError(violations)
      }
      db.pragma(`user_version = ${known}`)
    }).immediate()
  } finally {
    if (keysOff && keysWereOn) db.pragma('foreign_keys = ON')
  }
  return known
}

/**
 * Inside a transaction the pragma is silently ignored, and a DROP TABLE with foreign keys on
 * deletes the table's rows first, cascading into its children: so it is checked, not assumed.
 */
function switchForeignKeysOff(db: Db): void {
  if (db.inTransaction) throw new Error('migrations that rebuild a table cannot run inside a transaction')
  db.pragma('foreign_keys = OFF')
  if ((db.pragma('foreign_keys', { simple: true }) as number) !== 0)
    throw new Error('SQLite did not turn foreign keys off; the migration was not applied')
}
