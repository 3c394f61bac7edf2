import type { z } from 'zod'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

const statements = statementCache((db) => ({
  get: db.prepare('SELECT value FROM settings WHERE key = ?'),
  put: db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'
  )
}))

/** Reads a JSON setting through its schema; a missing or unreadable value yields the schema's default. */
export function readSetting<S extends z.ZodType>(
  db: Db,
  key: string,
  schema: S,
  fallback: z.output<S>
): z.output<S> {
  const row = statements(db).get.get(key) as { value: string } | undefined
  if (!row) return fallback
  try {
    const parsed = schema.safeParse(JSON.parse(row.value))
    return parsed.success ? parsed.data : fallback
  } catch {
    return fallback
  }
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  statements(db).put.run(key, JSON.stringify(value))
}
