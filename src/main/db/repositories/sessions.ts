import type { Role } from '../../../shared/domain/caller'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

export interface SessionRecord {
  id: string
  personId: string
  client: string
  createdAt: string
  expiresAt: string
  revokedAt: string | null
}

/** A live session with the person holding it, as a host needs it to name the caller. */
export interface HeldSession extends SessionRecord {
  name: string
  role: Role
  disabledAt: string | null
}

interface HeldRow {
  id: string
  person_id: string
  client: string
  created_at: string
  expires_at: string
  revoked_at: string | null
  name: string
  role: Role
  disabled_at: string | null
}

const rowToSession = (row: Omit<HeldRow, 'name' | 'role' | 'disabled_at'>): SessionRecord => ({
  id: row.id,
  personId: row.person_id,
  client: row.client,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at
})

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO sessions (id, person_id, token_hash, client, created_at, expires_at)
     VALUES (@id, @personId, @tokenHash, @client, @createdAt, @expiresAt)`
  ),
  byHash: db.prepare(
    `SELECT s.id, s.person_id, s.client, s.created_at, s.expires_at, s.revoked_at, p.name, p.role, p.disabled_at
     FROM sessions s JOIN people p ON p.id = s.person_id WHERE s.token_hash = ?`
  ),
  byId: db.prepare(
    'SELECT id, person_id, client, created_at, expires_at, revoked_at FROM sessions WHERE id = ?'
  ),
  revoke: db.prepare('UPDATE sessions SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL'),
  revokeOfPerson: db.prepare(
    'UPDATE sessions SET revoked_at = @at WHERE person_id = @personId AND revoked_at IS NULL RETURNING id'
  )
}))

export function insertSession(
  db: Db,
  session: {
    id: string
    personId: string
    tokenHash: string
    client: string
    createdAt: string
    expiresAt: string
  }
): void {
  statements(db).insert.run(session)
}

export function findSessionByTokenHash(db: Db, tokenHash: string): HeldSession | undefined {
  const row = statements(db).byHash.get(tokenHash) as HeldRow | undefined
  return row && { ...rowToSession(row), name: row.name, role: row.role, disabledAt: row.disabled_at }
}

export function getSessionById(db: Db, id: string): SessionRecord | undefined {
  const row = statements(db).byId.get(id) as Omit<HeldRow, 'name' | 'role' | 'disabled_at'> | undefined
  return row && rowToSession(row)
}

export function revokeSession(db: Db, id: string, at: string): boolean {
  return statements(db).revoke.run({ id, at }).changes === 1
}

/** Ends every open session of a person; returns their ids. */
export function revokeSessionsOfPerson(db: Db, personId: string, at: string): string[] {
  return (statements(db).revokeOfPerson.all({ personId, at }) as { id: string }[]).map((r) => r.id)
}
