import { z } from 'zod'
import type { SettingProblem } from '../../../shared/domain/settings'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

const statements = statementCache((db) => ({
  get: db.prepare('SELECT value FROM settings WHERE key = ?'),
  put: db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'
  )
}))

/** The stored JSON of a setting: undefined when it was never saved, `unreadable` when it is not JSON. */
function rawSetting(db: Db, key: string): { raw: unknown } | { unreadable: string } | undefined {
  const row = statements(db).get.get(key) as { value: string } | undefined
  if (!row) return undefined
  try {
    return { raw: JSON.parse(row.value) as unknown }
  } catch (error) {
    return { unreadable: (error as Error).message }
  }
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  statements(db).put.run(key, JSON.stringify(value))
}

/** A setting as read: its value (defaults where the stored one did not parse) and what did not. */
export interface StoredSetting<T> {
  value: T
  problems: SettingProblem[]
  /** The stored object as it was, so a save can keep what this version could not read. */
  raw: Record<string, unknown>
}

const reported = new WeakMap<Db, Set<string>>()

/** Each unreadable value is logged once per connection, however often it is read. */
function reportOnce(db: Db, problem: SettingProblem): void {
  const seen = reported.get(db) ?? new Set<string>()
  reported.set(db, seen)
  const id = `${problem.setting}|${problem.field}|${problem.message}`
  if (seen.has(id)) return
  seen.add(id)
  console.error(
    `[settings] the saved ${problem.setting}${problem.field ? ` ${problem.field}` : ''} could not be read (${problem.message}); using the default until it is saved again`
  )
}

/** The problems found reading one setting; each is logged once as it is found. */
function problemsOf(db: Db, key: string) {
  const problems: SettingProblem[] = []
  const problem = (field: string, message: string): void => {
    const found = { setting: key, field, message }
    problems.push(found)
    reportOnce(db, found)
  }
  return { problems, problem }
}

const describeIssues = (error: z.ZodError): string =>
  error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export interface ReadOptions {
  /** Array fields read entry by entry: one unreadable entry is reported, the others kept. */
  lists?: readonly string[]
}

/**
 * Reads an object setting field by field through its schema, so that one value this version
 * cannot read (written by a newer one, edited by hand, or saved before a rule was tightened) is
 * reported and replaced by its default in memory only, while the other fields keep their saved
 * values. Nothing is written here: the stored text stays as it is until a person saves.
 */
export function readSettingFields<S extends z.ZodObject>(
  db: Db,
  key: string,
  schema: S,
  options: ReadOptions = {}
): StoredSetting<z.output<S>> {
  const stored = rawSetting(db, key)
  const { problems, problem } = problemsOf(db, key)
  let raw: Record<string, unknown> = {}
  if (stored && 'unreadable' in stored) problem('', `not JSON: ${stored.unreadable}`)
  else if (stored && !isRecord(stored.raw)) problem('', 'not an object')
  else if (stored) raw = stored.raw as Record<string, unknown>

  const value: Record<string, unknown> = {}
  for (const [field, fieldSchema] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const given = raw[field]
    const entrySchema = options.lists?.includes(field) ? listEntrySchema(fieldSchema) : undefined
    if (entrySchema && Array.isArray(given)) {
      value[field] = given.flatMap((entry, index) => {
        const parsed = entrySchema.safeParse(entry)
        if (parsed.success) return [parsed.data]
        problem(`${field}.${index}`, describeIssues(parsed.error))
        return []
      })
      continue
    }
    const parsed = fieldSchema.safeParse(given)
    if (parsed.success) {
      value[field] = parsed.data
    } else {
      problem(field, describeIssues(parsed.error))
      value[field] = fieldSchema.parse(undefined)
    }
  }
  return { value: value as z.output<S>, problems, raw }
}

/** The element schema of an array field (under its default/optional wrappers). */
function listEntrySchema(schema: z.ZodType): z.ZodType | undefined {
  let inner: z.ZodType = schema
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) {
    inner = inner.unwrap() as z.ZodType
  }
  return inner instanceof z.ZodArray ? (inner.element as z.ZodType) : undefined
}

/**
 * Saves an object setting read with readSettingFields. Values that could not be read are kept as
 * stored unless this save sets them (`changed`), and so are fields this version does not know: a
 * person who saves the budget does not lose a provider edit that a newer version wrote.
 */
export function writeSettingFields<T extends Record<string, unknown>>(
  db: Db,
  key: string,
  next: T,
  read: StoredSetting<T>,
  changed: readonly string[],
  options: ReadOptions & { idOf?: (entry: unknown) => unknown } = {}
): void {
  const out: Record<string, unknown> = { ...read.raw, ...next }
  for (const problem of read.problems) {
    const [field, index] = problem.field.split('.')
    if (!field || changed.includes(field)) continue
    if (index === undefined) out[field] = read.raw[field]
  }
  // Unreadable entries of a list stay, unless one the save wrote has the same id.
  for (const field of options.lists ?? []) {
    const kept = read.problems
      .filter((p) => p.field.startsWith(`${field}.`))
      .map((p) => (read.raw[field] as unknown[])[Number(p.field.split('.')[1])])
    const written = out[field]
    if (kept.length === 0 || !Array.isArray(written)) continue
    const idOf = options.idOf
    const ids = new Set(idOf ? written.map(idOf) : [])
    out[field] = [...written, ...kept.filter((entry) => !idOf || !ids.has(idOf(entry)))]
  }
  writeSetting(db, key, out)
}

/** Reads a JSON setting through its schema whole; a missing or unreadable value yields `fallback`, reported. */
export function readSetting<S extends z.ZodType>(
  db: Db,
  key: string,
  schema: S,
  fallback: z.output<S>
): z.output<S> {
  const stored = rawSetting(db, key)
  if (!stored) return fallback
  if ('unreadable' in stored) {
    reportOnce(db, { setting: key, field: '', message: `not JSON: ${stored.unreadable}` })
    return fallback
  }
  const parsed = schema.safeParse(stored.raw)
  if (parsed.success) return parsed.data
  reportOnce(db, { setting: key, field: '', message: describeIssues(parsed.error) })
  return fallback
}

/**
 * Reads a setting that is a list, entry by entry: an unreadable entry is reported (and left in the
 * stored list, see `unreadable`) while the others are used.
 */
export function readSettingList<S extends z.ZodType>(
  db: Db,
  key: string,
  entry: S
): { entries: z.output<S>[]; problems: SettingProblem[]; unreadable: unknown[] } {
  const stored = rawSetting(db, key)
  const { problems, problem } = problemsOf(db, key)
  const entries: z.output<S>[] = []
  const unreadable: unknown[] = []
  if (stored && 'unreadable' in stored) problem('', `not JSON: ${stored.unreadable}`)
  else if (stored && !Array.isArray(stored.raw)) problem('', 'not a list')
  else if (stored) {
    ;(stored.raw as unknown[]).forEach((given, index) => {
      const parsed = entry.safeParse(given)
      if (parsed.success) entries.push(parsed.data)
      else {
        problem(String(index), describeIssues(parsed.error))
        unreadable.push(given)
      }
    })
  }
  return { entries, problems, unreadable }
}
