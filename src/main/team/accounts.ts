import { randomUUID } from 'node:crypto'
import { accountIdOf, actorName, type Caller, type Role } from '../../shared/domain/caller'
import type {
  Invite,
  InviteInfo,
  Me,
  PersonStatus,
  PersonView,
  SessionHolder,
  SignedIn
} from '../../shared/domain/team'
import { AppFailure } from '../../shared/result'
import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import type { Db } from '../db/connection'
import { writeAudit } from '../db/repositories/audit-log'
import {
  findInviteByTokenHash,
  insertInvite,
  retireInvitesOfPerson,
  useInvite
} from '../db/repositories/invites'
import {
  countActiveAdmins,
  getPerson,
  getPersonByEmail,
  insertPerson,
  listPeople,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  setPasswordHash,
  updatePerson,
  type PersonRecord
} from '../db/repositories/people'
import {
  findSessionByTokenHash,
  getSessionById,
  insertSession,
  revokeSession,
  revokeSessionsOfPerson
} from '../db/repositories/sessions'
import { decoyHash, hashPassword, PASSWORD_PARAMS, verifyPassword, type ScryptParams } from './password'
import { newSecret, secretHash } from './secrets'
import { readPublicUrl } from './team-settings'

export interface AccountRules {
  /** How long a session lasts from sign-in. */
  sessionMs: number
  /** How long an invite link works. */
  inviteMs: number
  /** Failed sign-ins in a row that lock an account… */
  maxFailures: number
  /** …for this long. */
  lockMs: number
  password: ScryptParams
}

export const DEFAULT_ACCOUNT_RULES: AccountRules = {
  sessionMs: 12 * 3_600_000,
  inviteMs: 7 * 86_400_000,
  maxFailures: 5,
  lockMs: 15 * 60_000,
  password: PASSWORD_PARAMS
}

export interface AccountsDeps {
  db: Db
  clock: Clock
  events: CoreEvents
  rules?: Partial<AccountRules>
  /** Whether a person has a console open (presence knows). */
  isOnline(personId: string): boolean
}

export interface Accounts {
  signIn(input: { email: string; password: string; client: string }): Promise<SignedIn>
  inviteInfo(token: string): InviteInfo
  acceptInvite(input: { token: string; password: string; client: string }): Promise<SignedIn>
  resolveSession(token: string): SessionHolder
  me(caller: Caller): Me
  signOut(caller: Caller): number
  signOutEverywhere(caller: Caller): number
  list(): PersonView[]
  invite(input: { name: string; email: string; role: Role }, by: Caller): Invite
  newInviteLink(personId: string, by: Caller): Invite
  update(input: { personId: string; name?: string; role?: Role; disabled?: boolean }, by: Caller): PersonView
  signOutPerson(personId: string, by: Caller): number
  /** Sets a password directly: the operator's command line, for the first admin or a scripted setup. */
  setPassword(personId: string, password: string, by: Caller): Promise<void>
  findByEmail(email: string): PersonView | undefined
}

const WRONG = 'Email or password is wrong.'
const SESSION_ENDED = 'Your session has ended: sign in again.'
const INVITE_UNUSABLE = 'This invite link has expired or was already used: ask an admin for a new one.'

const statusOf = (person: PersonRecord): PersonStatus =>
  person.disabledAt ? 'disabled' : person.passwordHash ? 'active' : 'invited'

/**
 * The team's accounts: people, their passwords (scrypt, see password.ts), sign-in with a lockout
 * after repeated failures, sessions that expire and can be revoked, and invite links. Secrets
 * (session tokens, invite tokens) are shown once and stored only as hashes.
 */
export function createAccounts(deps: AccountsDeps): Accounts {
  const { db, clock, events } = deps
  const rules: AccountRules = { ...DEFAULT_ACCOUNT_RULES, ...deps.rules }
  const now = (): Date => clock.now()
  const iso = (at: Date): string => at.toISOString()
  const later = (ms: number): string => iso(new Date(now().getTime() + ms))

  const view = (person: PersonRecord): PersonView => ({
    id: person.id,
    name: person.name,
    email: person.email,
    role: person.role,
    status: statusOf(person),
    createdAt: person.createdAt,
    online: deps.isOnline(person.id)
  })

  const load = (personId: string): PersonRecord => {
    const person = getPerson(db, personId)
    if (!person)
      throw new AppFailure('not_found', `No person ${personId}.`, [
        { field: 'personId', message: 'not found' }
      ])
    return person
  }

  const audit = (by: Caller | string, action: string, personId: string, detail?: Record<string, unknown>) =>
    writeAudit(db, {
      at: iso(now()),
      actor: typeof by === 'string' ? by : actorName(by),
      actorId: typeof by === 'string' ? null : accountIdOf(by),
      action,
      subjectType: 'person',
      subjectId: personId,
      detail
    })

  const endSessions = (sessionIds: string[], reason: string): void => {
    if (sessionIds.length > 0) events.emit('session.ended', { sessionIds, reason })
  }

  function openSession(person: PersonRecord, client: string): SignedIn {
    const token = newSecret()
    const session = { id: `SES-${randomUUID()}`, expiresAt: later(rules.sessionMs) }
    insertSession(db, {
      id: session.id,
      personId: person.id,
      tokenHash: secretHash(token),
      client: client.slice(0, 200),
      createdAt: iso(now()),
      expiresAt: session.expiresAt
    })
    return { person: view(person), session: { ...session, token } }
  }

  function issueInvite(person: PersonRecord, by: Caller): Invite {
    const token = newSecret()
    const expiresAt = later(rules.inviteMs)
    retireInvitesOfPerson(db, person.id, iso(now()))
    insertInvite(db, {
      id: `INV-${randomUUID()}`,
      personId: person.id,
      tokenHash: secretHash(token),
      createdBy: actorName(by),
      createdAt: iso(now()),
      expiresAt
    })
    const base = readPublicUrl(db)
    return {
      person: view(person),
      token,
      url: base ? `${base.replace(/\/+$/, '')}/#invite=${token}` : null,
      expiresAt
    }
  }

  /** The invite behind a token while it can still be used, with its person. */
  function usableInvite(token: string): { inviteId: string; person: PersonRecord; expiresAt: string } {
    const invite = findInviteByTokenHash(db, secretHash(token))
    if (!invite || invite.usedAt || invite.expiresAt <= iso(now()))
      throw new AppFailure('not_found', INVITE_UNUSABLE, [{ field: 'token', message: 'expired or used' }])
    const person = load(invite.personId)
    if (person.disabledAt) throw new AppFailure('not_allowed', 'This account is disabled: ask an admin.')
    return { inviteId: invite.id, person, expiresAt: invite.expiresAt }
  }

  const lockedMessage = (until: string): string =>
    `Too many failed sign-ins: this account is locked until ${until.slice(11, 16)} UTC. ` +
    'Try again then, or ask an admin for a new invite link.'

  return {
    async signIn({ email, password, client }) {
      let person = getPersonByEmail(db, email)
      if (person?.lockedUntil) {
        if (person.lockedUntil > iso(now()))
          throw new AppFailure('not_allowed', lockedMessage(person.lockedUntil))
        // The lock has run out: the count starts again.
        recordSuccessfulSignIn(db, person.id)
        person = { ...person, failedSignIns: 0, lockedUntil: null }
      }
      // Unknown addresses and invited people without a password take as long as a real check.
      const stored = person?.passwordHash ?? (await decoyHash(rules.password))
      const matches = (await verifyPassword(password, stored)) && Boolean(person?.passwordHash)
      // Read again after the hash: a sign-in racing this one may have locked or changed the account.
      const current = person && getPerson(db, person.id)
      if (!current || !matches) {
        if (current) {
          const lockUntil = current.failedSignIns + 1 >= rules.maxFailures ? later(rules.lockMs) : null
          recordFailedSignIn(db, current.id, lockUntil)
          audit(current.email, lockUntil ? 'auth.locked' : 'auth.failed', current.id, { client })
          if (lockUntil) throw new AppFailure('not_allowed', lockedMessage(lockUntil))
        }
        throw new AppFailure('unauthenticated', WRONG, [
          { field: 'password', message: 'wrong email or password' }
        ])
      }
      if (current.lockedUntil && current.lockedUntil > iso(now()))
        throw new AppFailure('not_allowed', lockedMessage(current.lockedUntil))
      if (current.disabledAt) throw new AppFailure('not_allowed', 'This account is disabled: ask an admin.')
      recordSuccessfulSignIn(db, current.id)
      const signedIn = openSession(current, client)
      audit(current.name, 'auth.signed_in', current.id, { sessionId: signedIn.session.id, client })
      return signedIn
    },

    inviteInfo(token) {
      const { person, expiresAt } = usableInvite(token)
      return { name: person.name, email: person.email, role: person.role, expiresAt }
    },

    async acceptInvite({ token, password, client }) {
      usableInvite(token)
      const hash = await hashPassword(password, rules.password)
      // Checked again after the hash: two tabs accepting one link set one password.
      const { inviteId, person } = usableInvite(token)
      const signedIn = db.transaction(() => {
        if (!useInvite(db, inviteId, iso(now()))) throw new AppFailure('not_found', INVITE_UNUSABLE)
        setPasswordHash(db, person.id, hash)
        // A new password ends the sessions the old one opened.
        const ended = revokeSessionsOfPerson(db, person.id, iso(now()))
        audit(person.name, 'person.password_set', person.id, { via: 'invite' })
        return { signedIn: openSession(load(person.id), client), ended }
      })()
      endSessions(signedIn.ended, 'The password was changed.')
      events.emit('people.changed', { personIds: [person.id] })
      return signedIn.signedIn
    },

    resolveSession(token) {
      const session = findSessionByTokenHash(db, secretHash(token))
      if (!session || session.revokedAt || session.disabledAt || session.expiresAt <= iso(now()))
        throw new AppFailure('unauthenticated', SESSION_ENDED)
      return {
        sessionId: session.id,
        personId: session.personId,
        name: session.name,
        role: session.role,
        expiresAt: session.expiresAt
      }
    },

    me(caller) {
      const accountId = accountIdOf(caller)
      const person = accountId ? getPerson(db, accountId) : undefined
      const session =
        caller.kind === 'person' && caller.sessionId ? getSessionById(db, caller.sessionId) : undefined
      if (!person || caller.kind !== 'person') {
        const name = caller.kind === 'person' ? caller.name : actorName(caller)
        const role = caller.kind === 'person' ? caller.role : 'admin'
        return {
          personId: 'local',
          name,
          email: null,
          role,
          team: false,
          sessionId: null,
          sessionExpiresAt: null
        }
      }
      return {
        personId: person.id,
        name: person.name,
        email: person.email,
        role: person.role,
        team: true,
        sessionId: session?.id ?? null,
        sessionExpiresAt: session?.expiresAt ?? null
      }
    },

    signOut(caller) {
      const sessionId = caller.kind === 'person' ? caller.sessionId : undefined
      if (!sessionId || !revokeSession(db, sessionId, iso(now()))) return 0
      audit(caller, 'auth.signed_out', accountIdOf(caller) ?? 'local', { sessionId })
      endSessions([sessionId], 'You signed out.')
      return 1
    },

    signOutEverywhere(caller) {
      const accountId = accountIdOf(caller)
      if (!accountId) return 0
      const ended = revokeSessionsOfPerson(db, accountId, iso(now()))
      audit(caller, 'auth.signed_out_everywhere', accountId, { sessions: ended.length })
      endSessions(ended, 'You signed out everywhere.')
      return ended.length
    },

    list: () => listPeople(db).map(view),

    invite({ name, email, role }, by) {
      const existing = getPersonByEmail(db, email)
      if (existing) {
        throw new AppFailure(
          'conflict',
          `${email} is already in the team (${existing.name}, ${existing.role}).`,
          [{ field: 'email', message: 'already in the team' }]
        )
      }
      const id = `PER-${randomUUID()}`
      return db.transaction(() => {
        insertPerson(db, { id, name, email, role, passwordHash: null, createdAt: iso(now()) })
        audit(by, 'person.invited', id, { email, role })
        const invite = issueInvite(load(id), by)
        events.emit('people.changed', { personIds: [id] })
        return invite
      })()
    },

    newInviteLink(personId, by) {
      const person = load(personId)
      if (person.disabledAt)
        throw new AppFailure('conflict', `${person.name} is disabled: enable them first.`, [
          { field: 'personId', message: 'disabled' }
        ])
      return db.transaction(() => {
        audit(by, 'person.invite_link', personId)
        return issueInvite(person, by)
      })()
    },

    update({ personId, name, role, disabled }, by) {
      const person = load(personId)
      const loses = (role !== undefined && role !== 'admin') || disabled === true
      if (person.role === 'admin' && statusOf(person) === 'active' && loses && countActiveAdmins(db) <= 1) {
        throw new AppFailure(
          'conflict',
          `${person.name} is the team's last admin: make someone else admin first.`,
          [{ field: role !== undefined ? 'role' : 'disabled', message: 'last admin' }]
        )
      }
      if (disabled === true && accountIdOf(by) === personId) {
        throw new AppFailure('conflict', 'You cannot disable your own account.', [
          { field: 'disabled', message: 'your own account' }
        ])
      }
      const ended = db.transaction(() => {
        updatePerson(db, personId, { name, role, disabled, now: iso(now()) })
        audit(by, 'person.updated', personId, {
          name,
          role,
          disabled,
          was: { name: person.name, role: person.role }
        })
        return disabled === true ? revokeSessionsOfPerson(db, personId, iso(now())) : []
      })()
      endSessions(ended, 'An admin disabled this account.')
      events.emit('people.changed', { personIds: [personId] })
      return view(load(personId))
    },

    signOutPerson(personId, by) {
      load(personId)
      const ended = revokeSessionsOfPerson(db, personId, iso(now()))
      audit(by, 'person.signed_out', personId, { sessions: ended.length })
      endSessions(ended, 'An admin signed you out.')
      return ended.length
    },

    async setPassword(personId, password, by) {
      load(personId)
      const hash = await hashPassword(password, rules.password)
      const ended = db.transaction(() => {
        setPasswordHash(db, personId, hash)
        retireInvitesOfPerson(db, personId, iso(now()))
        audit(by, 'person.password_set', personId, { via: 'command line' })
        return revokeSessionsOfPerson(db, personId, iso(now()))
      })()
      endSessions(ended, 'The password was changed.')
      events.emit('people.changed', { personIds: [personId] })
    },

    findByEmail(email) {
      const person = getPersonByEmail(db, email.trim().toLowerCase())
      return person && view(person)
    }
  }
}
