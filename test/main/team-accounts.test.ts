import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core/create-core'
import { hashPassword, PASSWORD_PARAMS, verifyPassword } from '../../src/main/team/password'
import { CLI_CALLER } from '../../src/shared/domain/caller'
import { addPerson, createTeamCore, movableClock, PASSWORD, signIn } from '../support/team'

const START = '2026-11-20T09:00:00.000Z'
let dir: string
let core: Core
let clock: ReturnType<typeof movableClock>
let events: { event: string; payload: unknown }[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-team-'))
  clock = movableClock(START)
  core = createTeamCore({ dbPath: join(dir, 'team.db'), clock })
  events = []
  core.subscribe((event, payload) => events.push({ event, payload }))
})

afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

const ended = () => events.filter((e) => e.event === 'session.ended').map((e) => e.payload)

describe('passwords', () => {
  it('are hashed with scrypt at the stated parameters, salted, and verified in constant time', async () => {
    const hash = await hashPassword('correct horse battery')
    expect(PASSWORD_PARAMS).toEqual({ log2N: 15, r: 8, p: 3 })
    expect(hash).toMatch(/^scrypt\$15\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(await hashPassword('correct horse battery')).not.toBe(hash)
    expect(await verifyPassword('correct horse battery', hash)).toBe(true)
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false)
    expect(await verifyPassword('anything', 'scrypt$40$8$1$c2FsdA$a2V5')).toBe(false)
  })
})

describe('invites and signing in', () => {
  it('invites a person, whose link sets the password once and signs them in', async () => {
    const invited = await core.invoke(
      'people.invite',
      { name: 'Ada', email: ' Ada@Shop.Example ', role: 'agent' },
      CLI_CALLER
    )
    if (!invited.ok) throw new Error(invited.error.message)
    expect(invited.value.person).toMatchObject({
      email: 'ada@shop.example',
      role: 'agent',
      status: 'invited'
    })
    const { token } = invited.value

    // Before accepting, there is no password to sign in with: the same answer as a wrong one.
    expect(
      await core.invoke('auth.signIn', { email: 'ada@shop.example', password: 'whatever it is' }, null)
    ).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: 'Email or password is wrong.' } })

    expect(await core.invoke('auth.inviteInfo', { token }, null)).toMatchObject({
      ok: true,
      value: { name: 'Ada', email: 'ada@shop.example', role: 'agent' }
    })
    expect(await core.invoke('auth.acceptInvite', { token, password: 'short' }, null)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ field: 'password', message: 'use at least 10 characters' }] }
    })
    const accepted = await core.invoke('auth.acceptInvite', { token, password: PASSWORD }, null)
    if (!accepted.ok) throw new Error(accepted.error.message)
    expect(accepted.value.person.status).toBe('active')

    const again = await core.invoke('auth.acceptInvite', { token, password: 'another password!' }, null)
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: /expired or was already used/ }
    })

    const holder = await core.invoke('auth.session', { token: accepted.value.session.token }, null)
    expect(holder).toMatchObject({ ok: true, value: { name: 'Ada', role: 'agent' } })
  })

  it('stores no secret: sessions and invites are kept as hashes only', async () => {
    const invited = await core.invoke(
      'people.invite',
      { name: 'Grace', email: 'grace@shop.example', role: 'lead' },
      CLI_CALLER
    )
    if (!invited.ok) throw new Error(invited.error.message)
    const accepted = await core.invoke(
      'auth.acceptInvite',
      { token: invited.value.token, password: PASSWORD },
      null
    )
    if (!accepted.ok) throw new Error(accepted.error.message)
    await core.close()
    const bytes = readFileSync(join(dir, 'team.db')).toString('latin1')
    const wal = (() => {
      try {
        return readFileSync(join(dir, 'team.db-wal')).toString('latin1')
      } catch {
        return ''
      }
    })()
    for (const secret of [invited.value.token, accepted.value.session.token, PASSWORD]) {
      expect(bytes + wal).not.toContain(secret)
    }
    core = createTeamCore({ dbPath: join(dir, 'team.db'), clock })
  })

  it('answers an unknown email and a wrong password alike, and locks after five failures in a row', async () => {
    await addPerson(core, 'Ada', 'agent')
    const attempt = (email: string, password: string) => core.invoke('auth.signIn', { email, password }, null)
    const unknown = await attempt('nobody@shop.example', PASSWORD)
    const wrong = await attempt('ada@shop.example', 'not the password')
    expect(unknown).toEqual(wrong)
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })

    for (let i = 2; i <= 4; i++) expect((await attempt('ada@shop.example', `wrong ${i}`)).ok).toBe(false)
    const fifth = await attempt('ada@shop.example', 'wrong 5')
    expect(fifth).toMatchObject({
      ok: false,
      error: { code: 'not_allowed', message: expect.stringContaining('locked until 09:15 UTC') }
    })
    // Locked: even the right password waits.
    expect(await attempt('ada@shop.example', PASSWORD)).toMatchObject({
      ok: false,
      error: { code: 'not_allowed' }
    })

    clock.advance(15 * 60_000 + 1)
    expect((await attempt('ada@shop.example', PASSWORD)).ok).toBe(true)
    // The count started again: one failure is not a lock.
    expect(await attempt('ada@shop.example', 'wrong again')).toMatchObject({
      error: { code: 'unauthenticated' }
    })
  })

  it('ends a session when it expires, when it signs out, and everywhere at once', async () => {
    await addPerson(core, 'Ada', 'agent')
    const first = await signIn(core, 'Ada')
    clock.advance(60_000)
    const second = await signIn(core, 'Ada')
    const third = await signIn(core, 'Ada')

    expect(await core.invoke('auth.me', {}, first)).toMatchObject({
      ok: true,
      value: {
        name: 'Ada',
        team: true,
        sessionId: first.sessionId,
        sessionExpiresAt: '2026-11-20T21:00:00.000Z'
      }
    })
    expect(await core.invoke('auth.signOut', {}, first)).toEqual({ ok: true, value: { sessionsEnded: 1 } })
    expect(await core.invoke('auth.session', { token: first.token }, null)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', message: 'Your session has ended: sign in again.' }
    })
    expect(await core.invoke('auth.signOutEverywhere', {}, second)).toEqual({
      ok: true,
      value: { sessionsEnded: 2 }
    })
    expect((await core.invoke('auth.session', { token: third.token }, null)).ok).toBe(false)
    expect(ended()).toEqual(
      [
        { sessionIds: [first.sessionId], reason: 'You signed out.' },
        { sessionIds: [second.sessionId, third.sessionId].sort(), reason: 'You signed out everywhere.' }
      ].map((e) => ({ ...e, sessionIds: expect.arrayContaining(e.sessionIds) }))
    )

    const fourth = await signIn(core, 'Ada')
    clock.advance(12 * 3_600_000)
    expect(await core.invoke('auth.session', { token: fourth.token }, null)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' }
    })
  })
})

describe('managing people', () => {
  it('lets admins, and only admins, invite, change roles, disable and sign people out', async () => {
    await addPerson(core, 'Root', 'admin')
    await addPerson(core, 'Ada', 'agent')
    const root = await signIn(core, 'Root')
    const ada = await signIn(core, 'Ada')

    expect(
      await core.invoke('people.invite', { name: 'Eve', email: 'eve@shop.example', role: 'admin' }, ada)
    ).toMatchObject({
      ok: false,
      error: { code: 'not_allowed', message: '"people.invite" needs the admin role; you are agent.' }
    })
    expect(
      await core.invoke(
        'people.invite',
        { name: 'Ada again', email: 'ADA@shop.example', role: 'agent' },
        root
      )
    ).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ field: 'email' }] } })

    const list = await core.invoke('people.list', {}, ada)
    if (!list.ok) throw new Error(list.error.message)
    expect(list.value.map((p) => [p.name, p.role, p.status])).toEqual([
      ['Ada', 'agent', 'active'],
      ['Root', 'admin', 'active']
    ])

    const promoted = await core.invoke('people.update', { personId: ada.personId, role: 'lead' }, root)
    expect(promoted).toMatchObject({ ok: true, value: { role: 'lead' } })
    expect(events.some((e) => e.event === 'people.changed')).toBe(true)

    const disabled = await core.invoke('people.update', { personId: ada.personId, disabled: true }, root)
    expect(disabled).toMatchObject({ ok: true, value: { status: 'disabled' } })
    expect(ended()).toContainEqual({ sessionIds: [ada.sessionId], reason: 'An admin disabled this account.' })
    expect((await core.invoke('auth.session', { token: ada.token }, null)).ok).toBe(false)
    expect(
      await core.invoke('auth.signIn', { email: 'ada@shop.example', password: PASSWORD }, null)
    ).toMatchObject({
      ok: false,
      error: { code: 'not_allowed', message: 'This account is disabled: ask an admin.' }
    })
  })

  it('keeps the last admin, and an admin cannot disable themselves', async () => {
    const rootId = await addPerson(core, 'Root', 'admin')
    const root = await signIn(core, 'Root')
    expect(await core.invoke('people.update', { personId: rootId, role: 'agent' }, root)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: "Root is the team's last admin: make someone else admin first." }
    })
    await addPerson(core, 'Second', 'admin')
    expect(await core.invoke('people.update', { personId: rootId, disabled: true }, root)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'You cannot disable your own account.' }
    })
  })

  it('signs a person out everywhere at an admin’s word, and a new link replaces the password on use', async () => {
    await addPerson(core, 'Root', 'admin')
    const adaId = await addPerson(core, 'Ada', 'agent')
    const root = await signIn(core, 'Root')
    const ada = await signIn(core, 'Ada')
    expect(await core.invoke('people.signOut', { personId: adaId }, root)).toEqual({
      ok: true,
      value: { sessionsEnded: 1 }
    })
    expect((await core.invoke('auth.session', { token: ada.token }, null)).ok).toBe(false)

    const link = await core.invoke('people.newInviteLink', { personId: adaId }, root)
    if (!link.ok) throw new Error(link.error.message)
    expect(link.value.url).toBeNull()
    const accepted = await core.invoke(
      'auth.acceptInvite',
      { token: link.value.token, password: 'a brand new one' },
      null
    )
    expect(accepted.ok).toBe(true)
    expect(
      (await core.invoke('auth.signIn', { email: 'ada@shop.example', password: PASSWORD }, null)).ok
    ).toBe(false)
    expect(
      (await core.invoke('auth.signIn', { email: 'ada@shop.example', password: 'a brand new one' }, null)).ok
    ).toBe(true)
  })

  it('tells the desktop’s owner apart from a team member', async () => {
    expect(
      await core.invoke(
        'auth.me',
        {},
        { kind: 'person', personId: 'local', name: 'support agent', role: 'admin' }
      )
    ).toEqual({
      ok: true,
      value: {
        personId: 'local',
        name: 'support agent',
        email: null,
        role: 'admin',
        team: false,
        sessionId: null,
        sessionExpiresAt: null
      }
    })
  })

  it('writes each sign-in, failure and change of a person to the audit log under who did it', async () => {
    await addPerson(core, 'Root', 'admin')
    const adaId = await addPerson(core, 'Ada', 'agent')
    const root = await signIn(core, 'Root')
    await core.invoke('auth.signIn', { email: 'ada@shop.example', password: 'nope nope nope' }, null)
    await core.invoke('people.update', { personId: adaId, role: 'lead' }, root)
    const rows = core.context.db
      .prepare(
        `SELECT actor, actor_id, action FROM audit_log WHERE subject_type = 'person' AND subject_id = ? ORDER BY id`
      )
      .all(adaId)
    expect(rows).toEqual([
      { actor: 'command line', actor_id: null, action: 'person.invited' },
      { actor: 'command line', actor_id: null, action: 'person.password_set' },
      { actor: 'ada@shop.example', actor_id: null, action: 'auth.failed' },
      { actor: 'Root', actor_id: root.personId, action: 'person.updated' }
    ])
  })
})
