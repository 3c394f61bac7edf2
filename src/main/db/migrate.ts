import type { Db } from './connection'

export interface Migration {
  version: number
  name: string
  sql: string
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
 */
export function migrate(db: Db, list: readonly Migration[] = migrations): number {
  const known = list.at(-1)?.version ?? 0
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > known) throw new NewerDatabaseError(current, known)
  const pending = list.filter((m) => m.version > current)
  if (pending.length === 0) return current
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
    for (const m of pending) {
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
    }
    db.pragma(`user_version = ${known}`)
  }).immediate()
  return known
}
