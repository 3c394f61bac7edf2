import type { Macro } from '../../../shared/domain/macro'
import type { TicketIntent } from '../../../shared/domain/triage'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

interface MacroRow {
  id: number
  name: string
  body: string
  add_tags: string
  set_status: Macro['setStatus']
  ai_intent: TicketIntent | null
  updated_at: string
  updated_by: string
}

const tagsOf = (text: string): string[] => {
  try {
    const value = JSON.parse(text) as unknown
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}

const rowToMacro = (row: MacroRow): Macro => ({
  id: row.id,
  name: row.name,
  body: row.body,
  addTags: tagsOf(row.add_tags),
  setStatus: row.set_status,
  aiIntent: row.ai_intent,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by
})

export interface MacroWrite {
  name: string
  body: string
  addTags: readonly string[]
  setStatus: Macro['setStatus']
  aiIntent: TicketIntent | null
  by: string
  now: string
}

const statements = statementCache((db) => ({
  list: db.prepare('SELECT * FROM macros ORDER BY name COLLATE NOCASE'),
  get: db.prepare('SELECT * FROM macros WHERE id = ?'),
  byName: db.prepare('SELECT * FROM macros WHERE name = ? COLLATE NOCASE'),
  forIntent: db.prepare('SELECT * FROM macros WHERE ai_intent = ? ORDER BY updated_at DESC, id LIMIT 3'),
  insert: db.prepare(
    `INSERT INTO macros (name, body, add_tags, set_status, ai_intent, created_at, updated_at, updated_by)
     VALUES (@name, @body, @addTags, @setStatus, @aiIntent, @now, @now, @by)`
  ),
  update: db.prepare(
    `UPDATE macros SET name = @name, body = @body, add_tags = @addTags, set_status = @setStatus,
       ai_intent = @aiIntent, updated_at = @now, updated_by = @by WHERE id = @id`
  ),
  remove: db.prepare('DELETE FROM macros WHERE id = ?')
}))

export const listMacros = (db: Db): Macro[] => (statements(db).list.all() as MacroRow[]).map(rowToMacro)

export function getMacro(db: Db, id: number): Macro | undefined {
  const row = statements(db).get.get(id) as MacroRow | undefined
  return row && rowToMacro(row)
}

export function getMacroByName(db: Db, name: string): Macro | undefined {
  const row = statements(db).byName.get(name) as MacroRow | undefined
  return row && rowToMacro(row)
}

/** The macros whose wording the AI should prefer for this intent, newest first. */
export function macrosForIntent(db: Db, intent: TicketIntent): Macro[] {
  return (statements(db).forIntent.all(intent) as MacroRow[]).map(rowToMacro)
}

const params = (write: MacroWrite) => ({ ...write, addTags: JSON.stringify(write.addTags) })

export function insertMacro(db: Db, write: MacroWrite): number {
  return Number(statements(db).insert.run(params(write)).lastInsertRowid)
}

export function updateMacro(db: Db, id: number, write: MacroWrite): void {
  statements(db).update.run({ ...params(write), id })
}

export function deleteMacro(db: Db, id: number): boolean {
  return statements(db).remove.run(id).changes > 0
}
