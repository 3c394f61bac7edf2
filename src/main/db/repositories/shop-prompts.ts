import type { ShopPromptVersion } from '../../../shared/domain/shop-prompt'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

interface ShopPromptRow {
  id: number
  instructions: string
  saved_by: string
  saved_at: string
  replay_id: string | null
  restored_from: number | null
  note: string | null
}

const rowToVersion = (row: ShopPromptRow): ShopPromptVersion => ({
  id: row.id,
  instructions: row.instructions,
  savedBy: row.saved_by,
  savedAt: row.saved_at,
  replayId: row.replay_id,
  restoredFrom: row.restored_from,
  note: row.note
})

const statements = statementCache((db) => ({
  latest: db.prepare('SELECT * FROM shop_prompt_versions ORDER BY id DESC LIMIT 1'),
  get: db.prepare('SELECT * FROM shop_prompt_versions WHERE id = ?'),
  page: db.prepare('SELECT * FROM shop_prompt_versions ORDER BY id DESC LIMIT ? OFFSET ?'),
  count: db.prepare('SELECT COUNT(*) FROM shop_prompt_versions').pluck(),
  insert: db.prepare(
    `INSERT INTO shop_prompt_versions (instructions, saved_by, saved_at, replay_id, restored_from, note)
     VALUES (@instructions, @savedBy, @savedAt, @replayId, @restoredFrom, @note)`
  )
}))

/** The shop's prompt now: its latest version, or undefined while it uses Frontline's own. */
export function latestShopPrompt(db: Db): ShopPromptVersion | undefined {
  const row = statements(db).latest.get() as ShopPromptRow | undefined
  return row ? rowToVersion(row) : undefined
}

export function getShopPromptVersion(db: Db, id: number): ShopPromptVersion | undefined {
  const row = statements(db).get.get(id) as ShopPromptRow | undefined
  return row ? rowToVersion(row) : undefined
}

/** Newest first. */
export function listShopPromptVersions(
  db: Db,
  limit: number,
  offset: number
): { versions: ShopPromptVersion[]; total: number } {
  const s = statements(db)
  return {
    versions: (s.page.all(limit, offset) as ShopPromptRow[]).map(rowToVersion),
    total: s.count.get() as number
  }
}

export function insertShopPromptVersion(db: Db, version: Omit<ShopPromptVersion, 'id'>): ShopPromptVersion {
  const id = Number(statements(db).insert.run(version).lastInsertRowid)
  return { id, ...version }
}
