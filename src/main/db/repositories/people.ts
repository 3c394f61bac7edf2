import type { Role } from '../../../shared/domain/caller'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

interface PersonRow {
  id: string
  name: string
  email: string
  role: Role
  password_hash: string | null
  created_at: string
  disabled_at: string | null
  failed_sign_ins: number
  locked_until: string | null
}

/** A team member as stored: the password's hash never leaves the core. */
export interface PersonRecord {
  id: string
  name: string
  email: string
  role: Role
  passwordHash: string | null
  createdAt: string
  disabledAt: string | null
  failedSignIns: number
  lockedUntil: string | null
}

const rowToPerson = (row: PersonRow): PersonRecord => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
  failedSignIns: row.failed_sign_ins,
  lockedUntil: row.locked_until
})

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO people (id, name, email, role, password_hash, created_at)
     VALUES (@id, @name, @email, @role, @passwordHash, @createdAt)`
  ),
  get: db.prepare('SELECT * FROM people WHERE id = ?'),
  byEmail: db.prepare('SELECT * FROM people WHERE email = ?'),
  list: db.prepare('SELECT * FROM people ORDER BY name COLLATE NOCASE, id'),
  setPassword: db.prepare(
    'UPDATE people SET password_hash = ?, failed_sign_ins = 0, locked_until = NULL WHERE id = ?'
  ),
  failed: db.prepare(
    `UPDATE people SET failed_sign_ins = failed_sign_ins + 1, locked_until = @lockedUntil WHERE id = @id
     RETURNING failed_sign_ins`
  ),
  succeeded: db.prepare('UPDATE people SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?'),
  update: db.prepare(
    `UPDATE people SET name = COALESCE(@name, name), role = COALESCE(@role, role),
       disabled_at = CASE WHEN @disabled IS NULL THEN disabled_at WHEN @disabled = 1 THEN @now ELSE NULL END
     WHERE id = @id`
  ),
  activeAdmins: db.prepare(
    `SELECT COUNT(*) AS n FROM people WHERE role = 'admin' AND disabled_at IS NULL AND password_hash IS NOT NULL`
  ),
  count: db.prepare('SELECT COUNT(*) AS n FROM people')
}))

export function insertPerson(
  db: Db,
  person: {
    id: string
    name: string
    email: string
    role: Role
    passwordHash: string | null
    createdAt: string
  }
): void {
  statements(db).insert.run(person)
}

export function getPerson(db: Db, id: string): PersonRecord | undefined {
  const row = statements(db).get.get(id) as PersonRow | undefined
  return row && rowToPerson(row)
}

/** `email` as stored: lower-cased. */
export function getPersonByEmail(db: Db, email: string): PersonRecord | undefined {
  const row = statements(db).byEmail.get(email) as PersonRow | undefined
  return row && rowToPerson(row)
}

export function listPeople(db: Db): PersonRecord[] {
  return (statements(db).list.all() as PersonRow[]).map(rowToPerson)
}

export function countPeople(db: Db): number {
  return (statements(db).count.get() as { n: number }).n
}

/** Setting a password also clears a lockout: it is what an admin's new invite link is for. */
export function setPasswordHash(db: Db, id: string, hash: string | null): void {
  statements(db).setPassword.run(hash, id)
}

/** Counts one more failed sign-in; returns how many in a row now. */
export function recordFailedSignIn(db: Db, id: string, lockedUntil: string | null): number {
  return (statements(db).failed.get({ id, lockedUntil }) as { failed_sign_ins: number }).failed_sign_ins
}

export function recordSuccessfulSignIn(db: Db, id: string): void {
  statements(db).succeeded.run(id)
}

export function updatePerson(
  db: Db,
  id: string,
  change: { name?: string; role?: Role; disabled?: boolean; now: string }
): void {
  statements(db).update.run({
    id,
    name: change.name ?? null,
    role: change.role ?? null,
    disabled: change.disabled === undefined ? null : change.disabled ? 1 : 0,
    now: change.now
  })
}

/** Admins who can sign in: the team must always keep one. */
export function countActiveAdmins(db: Db): number {
  return (statements(db).activeAdmins.get() as { n: number }).n
}
