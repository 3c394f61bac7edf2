import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import type { Core } from '../../src/main/core/create-core'
import { CoreEvents } from '../../src/main/core/events'
import { openDb } from '../../src/main/db/connection'
import { createPresence, type PresenceTimers } from '../../src/main/team/presence'
import type { PersonCaller } from '../../src/shared/domain/caller'
import { ShopBuilder } from '../support/shop-builder'
import { addPerson, createTeamCore, signIn } from '../support/team'

const NOW = '2026-11-20T12:00:00.000Z'

function manualTimers(): PresenceTimers & { advance(ms: number): void } {
  let now = 0
  const intervals: { fn: () => void; ms: number; next: number }[] = []
  return {
    now: () => now,
    setInterval(fn, ms) {
      intervals.push({ fn, ms, next: now + ms })
      return {}
    },
    clearInterval: () => intervals.splice(0),
    advance(ms) {
      const end = now + ms
      for (;;) {
        const due = intervals.filter((i) => i.next <= end).sort((a, b) => a.next - b.next)[0]
        if (!due) break
        now = due.next
        due.next += due.ms
        due.fn()
      }
      now = end
    }
  }
}

const ada: PersonCaller = {
  kind: 'person',
  personId: 'PER-ada',
  name: 'Ada',
  role: 'agent',
  sessionId: 'SES-ada'
}
const grace: PersonCaller = {
  kind: 'person',
  personId: 'PER-grace',
  name: 'Grace',
  role: 'lead',
  sessionId: 'SES-g'
}

describe('presence', () => {
  it('says who has which ticket open and who edits its reply, and announces only changes', () => {
    const events = new CoreEvents()
    const seen: unknown[] = []
    events.subscribe((event, payload) => event === 'presence.changed' && seen.push(payload))
    const presence = createPresence({ events, timers: manualTimers() })
    presence.set(ada, 'view-ada-1', 'TKT-000001', false)
    presence.set(grace, 'view-grace-1', 'TKT-000001', true)
    presence.set(grace, 'view-grace-1', 'TKT-000001', true)
    expect(presence.list()).toEqual([
      { personId: 'PER-ada', name: 'Ada', ticketId: 'TKT-000001', editing: false },
      { personId: 'PER-grace', name: 'Grace', ticketId: 'TKT-000001', editing: true }
    ])
    expect(seen).toHaveLength(2)
    // Editing needs a ticket.
    presence.set(ada, 'view-ada-1', null, true)
    expect(presence.list()[0]).toEqual({ personId: 'PER-ada', name: 'Ada', ticketId: null, editing: false })
    expect(presence.onlinePeople().sort()).toEqual(['PER-ada', 'PER-grace'])
  })

  it('forgets a console silent past the expiry, and every console of a session that ended', () => {
    const timers = manualTimers()
    const presence = createPresence({ events: new CoreEvents(), timers })
    presence.set(ada, 'view-ada-1', 'TKT-000001', false)
    presence.set(ada, 'view-ada-2', 'TKT-000002', false)
    presence.set(grace, 'view-grace-1', 'TKT-000003', false)
    timers.advance(30_000)
    presence.set(grace, 'view-grace-1', 'TKT-000003', false)
    timers.advance(30_000)
    expect(presence.list().map((e) => e.personId)).toEqual(['PER-grace'])
    presence.dropSessions(['SES-g'])
    expect(presence.list()).toEqual([])
    expect(presence.isOnline('PER-grace')).toBe(false)
  })
})

describe('assignment and working together', () => {
  let dir: string
  let core: Core
  let shop: ShopBuilder

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'frontline-assign-'))
    const dbPath = join(dir, 'team.db')
    const seed = new ShopBuilder(openDb(dbPath))
    const customer = seed.customer({ name: 'Hedy Lamarr' })
    for (let i = 1; i <= 4; i++)
      seed.ticket({ customerId: customer, status: 'new', subject: `Question ${i}` })
    seed.db.close()
    core = createTeamCore({ dbPath, clock: fixedClock(NOW) })
    shop = new ShopBuilder(core.context.db)
  })
  afterEach(async () => {
    await core.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const listIds = async (caller: PersonCaller, assignee?: string) => {
    const page = await core.invoke('tickets.list', assignee ? { assignee } : {}, caller)
    if (!page.ok) throw new Error(page.error.message)
    return page.value.tickets.map((t) => `${t.id}:${t.assigneeName ?? '-'}`)
  }

  it('assigns from the queue to a person and back, as Mine / Unassigned / All show', async () => {
    const adaId = await addPerson(core, 'Ada', 'agent')
    await addPerson(core, 'Grace', 'lead')
    const a = await signIn(core, 'Ada')
    const g = await signIn(core, 'Grace')
    expect(
      await core.invoke('tickets.assign', { ticketIds: ['TKT-000001', 'TKT-000003'], assigneeId: adaId }, g)
    ).toEqual({ ok: true, value: { ticketIds: ['TKT-000001', 'TKT-000003'] } })
    expect(await listIds(a, 'me')).toEqual(['TKT-000001:Ada', 'TKT-000003:Ada'])
    expect(await listIds(g, 'me')).toEqual([])
    expect(await listIds(g, 'unassigned')).toEqual(['TKT-000002:-', 'TKT-000004:-'])
    expect(await listIds(g)).toHaveLength(4)

    await core.invoke('tickets.assign', { ticketIds: ['TKT-000003'], assigneeId: null }, a)
    expect(await listIds(a, 'me')).toEqual(['TKT-000001:Ada'])
    expect(
      core.context.db
        .prepare(`SELECT actor, action FROM audit_log WHERE subject_id = 'TKT-000003' ORDER BY id`)
        .all()
    ).toEqual([
      { actor: 'Grace', action: 'ticket.assigned' },
      { actor: 'Ada', action: 'ticket.unassigned' }
    ])
  })

  it('refuses an unknown ticket or assignee naming the field, and changes nothing', async () => {
    await addPerson(core, 'Ada', 'agent')
    const a = await signIn(core, 'Ada')
    expect(
      await core.invoke(
        'tickets.assign',
        { ticketIds: ['TKT-000001', 'TKT-999999'], assigneeId: a.personId },
        a
      )
    ).toMatchObject({ ok: false, error: { code: 'not_found', issues: [{ field: 'ticketIds.1' }] } })
    expect(await listIds(a, 'me')).toEqual([])
    expect(
      await core.invoke('tickets.assign', { ticketIds: ['TKT-000001'], assigneeId: 'PER-nobody' }, a)
    ).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ field: 'assigneeId' }] } })
    expect(await core.invoke('tickets.assign', { ticketIds: [], assigneeId: null }, a)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ field: 'ticketIds' }] }
    })
  })

  it('hands new tickets round-robin to the agents online, and leaves one put back in the queue there', async () => {
    await addPerson(core, 'Root', 'admin')
    await addPerson(core, 'Ada', 'agent')
    await addPerson(core, 'Alan', 'agent')
    await addPerson(core, 'Off', 'agent')
    const root = await signIn(core, 'Root')
    const ada = await signIn(core, 'Ada')
    const alan = await signIn(core, 'Alan')
    await core.invoke('team.settings.update', { autoAssign: true }, root)
    await core.invoke('presence.set', { viewId: 'console-ada', ticketId: null, editing: false }, ada)
    await core.invoke('presence.set', { viewId: 'console-alan', ticketId: null, editing: false }, alan)
    await core.invoke('presence.set', { viewId: 'console-root', ticketId: null, editing: false }, root)

    const customer = shop.customer({ id: 'CUS-000099', name: 'New Customer' })
    const arrive = (n: number) =>
      shop.ticket({ id: `TKT-10000${n}`, customerId: customer, status: 'new', lastCustomerMessageAt: NOW })
    for (const n of [1, 2, 3]) arrive(n)
    const given = core.context.team.autoAssigner.run()
    expect(given).toEqual(['TKT-100001', 'TKT-100002', 'TKT-100003'])
    const owners = (await listIds(root)).filter((t) => t.startsWith('TKT-1000'))
    expect(owners).toEqual(['TKT-100001:Ada', 'TKT-100002:Alan', 'TKT-100003:Ada'])
    // Tickets from before auto-assignment was on stay in the queue.
    expect(await listIds(root, 'unassigned')).toHaveLength(4)

    await core.invoke('tickets.assign', { ticketIds: ['TKT-100003'], assigneeId: null }, ada)
    arrive(4)
    expect(core.context.team.autoAssigner.run()).toEqual(['TKT-100004'])
    expect((await listIds(root, 'unassigned')).some((t) => t.startsWith('TKT-100003'))).toBe(true)
    expect((await listIds(root)).find((t) => t.startsWith('TKT-100004'))).toBe('TKT-100004:Alan')
  })

  /** Ada (agent) and Grace (lead) signed in; the customer asked on TKT-000001, the last message both saw. */
  const adaAndGraceOnAQuestion = async () => {
    await addPerson(core, 'Ada', 'agent')
    await addPerson(core, 'Grace', 'lead')
    const a = await signIn(core, 'Ada')
    const g = await signIn(core, 'Grace')
    const seen = shop.message('TKT-000001', { body: 'Where is my parcel?', createdAt: NOW })
    return { a, g, seen }
  }

  it('asks before sending when someone else replied since the ticket was opened', async () => {
    const { a, g, seen } = await adaAndGraceOnAQuestion()
    const draftOf = (id: string) =>
      shop.db
        .prepare(
          `INSERT INTO drafts (id, ticket_id, status, body, created_at, updated_at) VALUES (?, 'TKT-000001', 'ready', ?, ?, ?)`
        )
        .run(id, `Reply ${id}`, NOW, NOW)
    draftOf('DRF-grace')
    expect((await core.invoke('drafts.send', { draftId: 'DRF-grace', seenMessageId: seen }, g)).ok).toBe(true)

    draftOf('DRF-ada')
    const refused = await core.invoke('drafts.send', { draftId: 'DRF-ada', seenMessageId: seen }, a)
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message:
          'Grace replied to this customer at 12:00 UTC, after you opened the ticket. Send yours anyway?',
        issues: [{ field: 'seenMessageId' }]
      }
    })
    expect(
      await core.invoke('drafts.send', { draftId: 'DRF-ada', seenMessageId: seen, sendAnyway: true }, a)
    ).toMatchObject({ ok: true, value: { status: 'sent' } })
  })

  it('asks before a reply written by hand that crossed a colleague’s, but not for a colleague’s note', async () => {
    const { a, g, seen } = await adaAndGraceOnAQuestion()
    // A note among the team is not an answer to the customer: nothing to ask about.
    expect((await core.invoke('tickets.addNote', { ticketId: 'TKT-000001', body: 'Courier?' }, g)).ok).toBe(
      true
    )
    const first = await core.invoke(
      'tickets.reply',
      { ticketId: 'TKT-000001', body: 'It left the depot today.', seenMessageId: seen },
      g
    )
    expect(first).toMatchObject({ ok: true, value: { sentBy: 'Grace', composedBy: 'person' } })

    const crossed = { ticketId: 'TKT-000001', body: 'Checking with the courier.', seenMessageId: seen }
    expect(await core.invoke('tickets.reply', crossed, a)).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message:
          'Grace replied to this customer at 12:00 UTC, after you opened the ticket. Send yours anyway?',
        issues: [{ field: 'seenMessageId' }]
      }
    })
    const thread = await core.invoke('tickets.get', { ticketId: 'TKT-000001' }, a)
    expect(thread.ok && thread.value.messages.map((m) => m.body)).toEqual([
      'Where is my parcel?',
      'Courier?',
      'It left the depot today.'
    ])
    // A draft's send and a hand reply cross each other alike.
    shop.db
      .prepare(
        `INSERT INTO drafts (id, ticket_id, status, body, created_at, updated_at) VALUES ('DRF-ada', 'TKT-000001', 'ready', 'From the AI', ?, ?)`
      )
      .run(NOW, NOW)
    expect(await core.invoke('drafts.send', { draftId: 'DRF-ada', seenMessageId: seen }, a)).toMatchObject({
      ok: false,
      error: { code: 'conflict' }
    })
    expect(await core.invoke('tickets.reply', { ...crossed, sendAnyway: true }, a)).toMatchObject({
      ok: true,
      value: { sentBy: 'Ada' }
    })
  })

  it('records what a person does to a ticket by hand under their account', async () => {
    const adaId = await addPerson(core, 'Ada', 'agent')
    const a = await signIn(core, 'Ada')
    const ticketId = 'TKT-000002'
    const calls = [
      core.invoke('tickets.reply', { ticketId, body: 'On its way.' }, a),
      core.invoke('tickets.addNote', { ticketId, body: 'Sent the tracking link.' }, a),
      core.invoke('tickets.update', { ticketId, status: 'on_hold', priority: 'high' }, a),
      core.invoke('tickets.addTag', { ticketId, tag: 'courier' }, a),
      core.invoke('tickets.removeTag', { ticketId, tag: 'courier' }, a)
    ]
    const results = await Promise.all(calls)
    for (const result of results) expect(result.ok).toBe(true)
    // An email whose sending was left unknown, confirmed sent by her.
    const reply = results[0]!.ok ? (results[0]!.value as { id: number }) : null
    shop.db
      .prepare(
        `INSERT INTO email_outbox (id, message_row_id, ticket_id, status, queued_at, next_attempt_at, updated_at)
         VALUES ('OUT-1', ?, ?, 'unknown', ?, ?, ?)`
      )
      .run(reply!.id, ticketId, NOW, NOW, NOW)
    expect((await core.invoke('email.markSent', { messageId: reply!.id }, a)).ok).toBe(true)
    expect(
      shop.db.prepare(`SELECT actor, actor_id FROM audit_log WHERE action = 'email.confirmed_sent'`).get()
    ).toEqual({ actor: 'Ada', actor_id: adaId })
    const rows = shop.db
      .prepare(
        `SELECT actor, actor_id, action FROM audit_log WHERE subject_type = 'ticket' AND subject_id = ? ORDER BY id`
      )
      .all(ticketId)
    expect(rows).toEqual(
      [
        'reply.sent',
        'note.added',
        'ticket.status_changed',
        'ticket.priority_changed',
        'ticket.tag_added',
        'ticket.tag_removed'
      ].map((action) => ({ actor: 'Ada', actor_id: adaId, action }))
    )
    const thread = await core.invoke('tickets.get', { ticketId }, a)
    expect(thread.ok && thread.value.messages.map((m) => [m.body, m.sentBy, m.internal])).toEqual([
      ['On its way.', 'Ada', false],
      ['Sent the tracking link.', 'Ada', true]
    ])
  })
})
