import type { ChannelKeyInfo } from '../../../shared/domain/channel'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

interface ChannelKeyRow {
  id: string
  name: string
  key_hash: string
  key_prefix: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}

const rowToChannelKey = (row: ChannelKeyRow): ChannelKeyInfo => ({
  id: row.id,
  name: row.name,
  prefix: row.key_prefix,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at
})

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO channel_keys (id, name, key_hash, key_prefix, created_at)
     VALUES (@id, @name, @keyHash, @keyPrefix, @now)`
  ),
  get: db.prepare('SELECT * FROM channel_keys WHERE id = ?'),
  list: db.prepare('SELECT * FROM channel_keys ORDER BY created_at, id'),
  activeHashes: db.prepare('SELECT id, key_hash FROM channel_keys WHERE revoked_at IS NULL'),
  revoke: db.prepare('UPDATE channel_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL'),
  touch: db.prepare('UPDATE channel_keys SET last_used_at = @now WHERE id = @id')
}))

export function insertChannelKey(
  db: Db,
  key: { id: string; name: string; keyHash: string; keyPrefix: string; now: string }
): ChannelKeyInfo {
  statements(db).insert.run(key)
  return getChannelKey(db, key.id) as ChannelKeyInfo
}

export function getChannelKey(db: Db, id: string): ChannelKeyInfo | undefined {
  const row = statements(db).get.get(id) as ChannelKeyRow | undefined
  return row && rowToChannelKey(row)
}

/** Every key, revoked ones included (the console shows when each stopped working). */
export function listChannelKeys(db: Db): ChannelKeyInfo[] {
  return (statements(db).list.all() as ChannelKeyRow[]).map(rowToChannelKey)
}

/** The hashes that open the API right now. */
export function listActiveChannelKeyHashes(db: Db): { id: string; keyHash: string }[] {
  const rows = statements(db).activeHashes.all() as Pick<ChannelKeyRow, 'id' | 'key_hash'>[]
  return rows.map((r) => ({ id: r.id, keyHash: r.key_hash }))
}

/** Returns false when the key was unknown or already revoked. */
export function revokeChannelKey(db: Db, id: string, now: string): boolean {
  return statements(db).revoke.run({ id, now }).changes === 1
}

export function touchChannelKey(db: Db, id: string, now: string): void {
  statements(db).touch.run({ id, now })
}
