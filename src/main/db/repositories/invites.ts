import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

export interface InviteRecord {
  id: string
  personId: string
  createdAt: string
  expiresAt: string
  usedAt: string | null
}

interface InviteRow {
  id: string
  person_id: string
  created_at: string
  expires_at: string
  used_at: string | null
}

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO invites (id, person_id, token_hash, created_by, created_at, expires_at)
     VALUES (@id, @personId, @tokenHash, @createdBy, @createdAt, @expiresAt)`
  ),
  byHash: db.prepare(
    'SELECT id, person_id, created_at, expires_at, used_at FROM invites WHERE token_hash = ?'
  ),
  use: db.prepare('UPDATE invites SET used_at = @at WHERE id = @id AND used_at IS NULL'),
  // A new link replaces the old ones: only the latest may set the password.
  retireOfPerson: db.prepare(
    'UPDATE invites SET used_at = @at WHERE person_id = @personId AND used_at IS NULL'
  )
}))

export function insertInvite(
  db: Db,
  invite: {
    id: string
    personId: string
    tokenHash: string
    createdBy: string
    createdAt: string
    expiresAt: string
  }
): void {
  statements(db).insert.run(invite)
}

export function findInviteByTokenHash(db: Db, tokenHash: string): InviteRecord | undefined {
  const row = statements(db).byHash.get(tokenHash) as InviteRow | undefined
  return (
    row && {
      id: row.id,
      personId: row.person_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      usedAt: row.used_at
    }
  )
}

/** True when this call used it: an invite sets a password once. */
export function useInvite(db: Db, id: string, at: string): boolean {
  return statements(db).use.run({ id, at }).changes === 1
}

export function retireInvitesOfPerson(db: Db, personId: string, at: string): void {
  statements(db).retireOfPerson.run({ personId, at })
}
