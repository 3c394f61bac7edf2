import { insertPendingActionRow } from '../support/typed-action-rows'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import { listCustomerVisibleMessages } from '../../src/main/db/repositories/chat-sessions'
import { insertPerson } from '../../src/main/db/repositories/people'
import { putTicketTag } from '../../src/main/db/repositories/ticket-tags'
import { appendMessage, listConversation } from '../../src/main/db/repositories/tickets'
import type { Caller } from '../../src/shared/domain/caller'
import type { Channel, ChannelInput, EventName } from '../../src/shared/contract'
import { ShopBuilder } from '../support/shop-builder'

const NOW = '2026-11-20T12:00:00.000Z'
const rosa: Caller = { kind: 'person', personId: 'P-rosa', name: 'Rosa Parks', role: 'agent' }

let dir: string
let core: Core
let events: { event: EventName; payload: unknown }[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-tickets-'))
  const dbPath = join(dir, 'shop.db')
  const shop = new ShopBuilder(openDb(dbPath))
  // A signed-in person is an account of the team: what they do names it.
  insertPerson(shop.db, {
    id: 'P-rosa',
    name: 'Rosa Parks',
    email: 'rosa@shop.example',
    role: 'agent',
    passwordHash: null,
    createdAt: NOW
  })
  const grace = shop.customer({ name: 'Grace Hopper', email: 'grace@navy.example' })
  const ada = shop.customer({ name: 'Ada Lovelace', email: 'ada@engines.example' })
  const first = shop.ticket({ customerId: grace, status: 'new', subject: 'Parcel question' })
  shop.message(first, {
    body: 'My parcel came with a cracked teapot lid.',
    createdAt: '2026-11-19T09:00:00.000Z'
  })
  const second = shop.ticket({ customerId: ada, status: 'open', subject: 'Invoice please' })
  shop.message(second, {
    body: 'Could you send the invoice for my order?',
    createdAt: '2026-11-19T10:00:00.000Z'
  })
  shop.ticket({ customerId: ada, status: 'solved', subject: 'Thanks for the help' })
  shop.db.close()
  core = createCore({ dbPath, clock: fixedClock(NOW), env: {} })
  events = []
  core.subscribe((event, payload) => events.push({ event, payload }))
})

afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

async function ok<K extends Channel>(channel: K, input: ChannelInput<K>, caller: Caller = rosa) {
  const result = await core.invoke(channel, input, caller)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value
}

const detail = (ticketId: string) => ok('tickets.get', { ticketId })

describe('a reply written by hand', () => {
  it('is sent with no draft, recorded as the person and counted as hand-written', async () => {
    const message = await ok('tickets.reply', {
      ticketId: 'TKT-000001',
      body: '  Sorry about the lid! A new one is on its way.  '
    })
    expect(message).toMatchObject({
      author: 'agent',
      authorName: 'Support team',
      body: 'Sorry about the lid! A new one is on its way.',
      internal: false,
      composedBy: 'person',
      sentBy: 'Rosa Parks'
    })
    const after = await detail('TKT-000001')
    expect(after.ticket.status).toBe('pending')
    expect(after.messages.at(-1)).toEqual(message)
    expect(after.history).toEqual([
      expect.objectContaining({
        actor: 'Rosa Parks',
        action: 'reply.sent',
        detail: { messageId: message.id, composedBy: 'person' }
      })
    ])
    // The customer sees it in the chat's thread.
    expect(listCustomerVisibleMessages(core.context.db, 'TKT-000001').at(-1)?.body).toBe(message.body)
    expect(events).toContainEqual({ event: 'tickets.changed', payload: { ticketIds: ['TKT-000001'] } })
  })

  it('refuses an empty reply and an unknown ticket, naming the field', async () => {
    const empty = await core.invoke('tickets.reply', { ticketId: 'TKT-000001', body: '   ' }, rosa)
    expect(empty).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ field: 'body', message: 'Write the reply first.' }] }
    })
    const unknown = await core.invoke('tickets.reply', { ticketId: 'TKT-999999', body: 'Hello' }, rosa)
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'not_found', issues: [{ field: 'ticketId' }] }
    })
  })

  it('leaves the draft a person was editing as it was', async () => {
    const db = core.context.db
    db.prepare(
      `INSERT INTO drafts (id, ticket_id, status, body, created_at, updated_at) VALUES ('DRF-1', 'TKT-000001', 'ready', 'My edit', ?, ?)`
    ).run(NOW, NOW)
    await ok('tickets.reply', { ticketId: 'TKT-000001', body: 'Written by hand' })
    expect(db.prepare(`SELECT status, body FROM drafts WHERE id = 'DRF-1'`).get()).toEqual({
      status: 'ready',
      body: 'My edit'
    })
  })
})

describe('an internal note', () => {
  it('stays in the team: in the console and its search, never in what the customer or the AI reads', async () => {
    const note = await ok('tickets.addNote', {
      ticketId: 'TKT-000001',
      body: 'Customer is a regular; waive the shipping.'
    })
    expect(note).toMatchObject({
      author: 'agent',
      authorName: 'Rosa Parks',
      internal: true,
      composedBy: null,
      sentBy: 'Rosa Parks'
    })
    const after = await detail('TKT-000001')
    expect(after.messages.map((m) => m.internal)).toEqual([false, true])
    // A note changes nothing the customer waits on.
    expect(after.ticket.status).toBe('new')
    expect(after.history.map((h) => h.action)).toEqual(['note.added'])

    const db = core.context.db
    expect(listCustomerVisibleMessages(db, 'TKT-000001').map((m) => m.body)).not.toContain(note.body)
    expect(listConversation(db, 'TKT-000001').map((m) => m.body)).not.toContain(note.body)

    const found = await ok('tickets.list', { search: 'waive' })
    expect(found.tickets.map((t) => t.id)).toEqual(['TKT-000001'])
  })
})

describe('status, priority and tags set by hand', () => {
  it('changes status and priority, each change in the ticket history, live', async () => {
    const updated = await ok('tickets.update', {
      ticketId: 'TKT-000002',
      status: 'on_hold',
      priority: 'high'
    })
    expect(updated).toMatchObject({ status: 'on_hold', priority: 'high' })
    // Setting what is already set records nothing.
    await ok('tickets.update', { ticketId: 'TKT-000002', status: 'on_hold' })
    const { history } = await detail('TKT-000002')
    expect(history.map((h) => [h.actor, h.action, h.detail])).toEqual([
      ['Rosa Parks', 'ticket.status_changed', { from: 'open', to: 'on_hold' }],
      ['Rosa Parks', 'ticket.priority_changed', { from: 'normal', to: 'high' }]
    ])
    expect(events.filter((e) => e.event === 'tickets.changed')).toHaveLength(1)
  })

  it("refuses 'new' (nobody sets a ticket back to untouched) and an empty change", async () => {
    const backToNew = await core.invoke(
      'tickets.update',
      { ticketId: 'TKT-000002', status: 'new' as never },
      rosa
    )
    expect(backToNew).toMatchObject({ ok: false, error: { issues: [{ field: 'status' }] } })
    const nothing = await core.invoke('tickets.update', { ticketId: 'TKT-000002' }, rosa)
    expect(nothing).toMatchObject({
      ok: false,
      error: { issues: [{ field: 'status', message: 'Say what to change: status or priority.' }] }
    })
  })

  it('a customer writing again reopens a ticket on hold', async () => {
    await ok('tickets.update', { ticketId: 'TKT-000002', status: 'on_hold' })
    appendMessage(core.context.db, {
      ticketId: 'TKT-000002',
      author: 'customer',
      authorName: '',
      body: 'Any news?',
      now: NOW
    })
    expect((await detail('TKT-000002')).ticket.status).toBe('open')
  })

  it('solved and closed tickets leave the default view (everything unresolved)', async () => {
    await ok('tickets.update', { ticketId: 'TKT-000001', status: 'solved' })
    const unresolved = await ok('tickets.list', { statusNot: ['solved', 'closed'] })
    expect(unresolved.tickets.map((t) => t.id)).toEqual(['TKT-000002'])
    expect(unresolved.total).toBe(1)
  })

  it('tags: added and removed by a person, with who set them; a tag triage set becomes theirs', async () => {
    putTicketTag(core.context.db, {
      ticketId: 'TKT-000001',
      tag: 'damaged',
      source: 'triage',
      setBy: 'triage',
      now: NOW
    })
    const tags = await ok('tickets.addTag', { ticketId: 'TKT-000001', tag: '  VIP ' })
    expect(tags).toEqual([
      { tag: 'damaged', source: 'triage', setBy: 'triage', setAt: NOW },
      { tag: 'vip', source: 'person', setBy: 'Rosa Parks', setAt: NOW }
    ])
    const taken = await ok('tickets.addTag', { ticketId: 'TKT-000001', tag: 'damaged' })
    expect(taken.find((t) => t.tag === 'damaged')).toMatchObject({ source: 'person', setBy: 'Rosa Parks' })
    expect(await ok('tickets.removeTag', { ticketId: 'TKT-000001', tag: 'vip' })).toHaveLength(1)
    // Removing a tag the ticket does not have changes nothing and records nothing.
    await ok('tickets.removeTag', { ticketId: 'TKT-000001', tag: 'vip' })
    const { history } = await detail('TKT-000001')
    expect(history.map((h) => [h.action, h.detail])).toEqual([
      ['ticket.tag_added', { tag: 'vip' }],
      ['ticket.tag_added', { tag: 'damaged', from: 'triage' }],
      ['ticket.tag_removed', { tag: 'vip', source: 'person' }]
    ])
    const bad = await core.invoke('tickets.addTag', { ticketId: 'TKT-000001', tag: '<script>' }, rosa)
    expect(bad).toMatchObject({
      ok: false,
      error: { issues: [{ field: 'tag', message: 'A tag holds letters, digits, spaces, - and _.' }] }
    })
  })
})

describe('search', () => {
  it('finds a word only in a message body, a customer name or an email', async () => {
    const ids = async (search: string) => (await ok('tickets.list', { search })).tickets.map((t) => t.id)
    expect(await ids('teapot')).toEqual(['TKT-000001'])
    // Stemmed and as a prefix while typing: "invoices" finds "invoice", "tea" finds "teapot".
    expect(await ids('invoices')).toEqual(['TKT-000002'])
    expect(await ids('tea')).toEqual(['TKT-000001'])
    expect(await ids('Lovelace')).toEqual(['TKT-000002', 'TKT-000003'])
    expect(await ids('navy.example')).toEqual(['TKT-000001'])
    expect(await ids('cracked lid')).toEqual(['TKT-000001'])
    expect(await ids('cracked invoice')).toEqual([])
  })

  it("is never broken by a customer's quotes or FTS operators", async () => {
    await ok('tickets.addNote', {
      ticketId: 'TKT-000002',
      body: 'She wrote: "NEAR(teapot lid)" AND -broken* OR body:x'
    })
    const attempts = [
      '"',
      '"teapot',
      'teapot"',
      'NEAR(',
      'AND',
      'OR OR',
      '-lid',
      'lid*',
      '*',
      'body:lid',
      '(',
      ')',
      "it's",
      '^lid',
      '{body}: x',
      '"" AND ""',
      '\\',
      '%',
      '_'
    ]
    for (const search of attempts) {
      const result = await core.invoke('tickets.list', { search }, rosa)
      expect(result.ok, search).toBe(true)
    }
    expect((await ok('tickets.list', { search: 'NEAR(teapot' })).tickets.map((t) => t.id)).toEqual([
      'TKT-000002'
    ])
    expect((await ok('tickets.list', { search: '%' })).total).toBe(0)
  })
})

describe('the decision history', () => {
  const propose = (id: string, kind: 'return' | 'refund', ticketId: string) =>
    insertPendingActionRow(core.context.db, { id, kind, ticketId, createdAt: NOW })
  const decide = (id: string, status: string, by: string, at: string, reason: string | null) =>
    core.context.db
      .prepare(
        `UPDATE actions SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ?`
      )
      .run(status, by, at, reason, id)

  beforeEach(() => {
    propose('ACT-1', 'return', 'TKT-000001')
    propose('ACT-2', 'refund', 'TKT-000002')
    propose('ACT-3', 'return', 'TKT-000002')
    propose('ACT-4', 'return', 'TKT-000002')
    decide('ACT-1', 'applied', 'Rosa Parks', '2026-11-18T10:00:00.000Z', null)
    decide('ACT-2', 'rejected', 'Ada Admin', '2026-11-19T10:00:00.000Z', 'Outside the return window')
    decide('ACT-3', 'rejected', 'Rosa Parks', '2026-11-20T10:00:00.000Z', 'Item was used')
  })

  it('lists decided actions newest first, with who, when and why; the pending one is not there', async () => {
    const page = await ok('actions.history', {})
    expect(page.actions.map((a) => [a.id, a.status, a.decidedBy, a.decisionReason])).toEqual([
      ['ACT-3', 'rejected', 'Rosa Parks', 'Item was used'],
      ['ACT-2', 'rejected', 'Ada Admin', 'Outside the return window'],
      ['ACT-1', 'applied', 'Rosa Parks', null]
    ])
    expect(page.total).toBe(3)
    expect(page.deciders).toEqual(['Ada Admin', 'Rosa Parks'])
  })

  it('filters by status, kind, who decided and dates, and pages', async () => {
    const ids = async (input: ChannelInput<'actions.history'>) =>
      (await ok('actions.history', input)).actions.map((a) => a.id)
    expect(await ids({ status: ['rejected'] })).toEqual(['ACT-3', 'ACT-2'])
    expect(await ids({ kind: ['refund'] })).toEqual(['ACT-2'])
    expect(await ids({ decidedBy: 'Rosa Parks' })).toEqual(['ACT-3', 'ACT-1'])
    expect(await ids({ from: '2026-11-19T00:00:00.000Z', until: '2026-11-20T00:00:00.000Z' })).toEqual([
      'ACT-2'
    ])
    expect(await ids({ decidedBy: 'Rosa Parks', status: ['applied'] })).toEqual(['ACT-1'])
    const second = await ok('actions.history', { limit: 2, offset: 2 })
    expect([second.actions.map((a) => a.id), second.total]).toEqual([['ACT-1'], 3])
    const bad = await core.invoke('actions.history', { from: 'yesterday' }, rosa)
    expect(bad).toMatchObject({ ok: false, error: { issues: [{ field: 'from' }] } })
  })

  it("shows in the ticket's history as the decision's audit rows", async () => {
    // Decided through the core, so the audit row is written as for any decision.
    const result = await core.invoke(
      'actions.reject',
      { actionId: 'ACT-4', reason: 'Duplicate request' },
      rosa
    )
    expect(result.ok).toBe(true)
    const { history } = await detail('TKT-000002')
    expect(history).toContainEqual(
      expect.objectContaining({
        actor: 'Rosa Parks',
        action: 'action.rejected',
        detail: expect.objectContaining({ reason: 'Duplicate request' })
      })
    )
  })
})

describe('notifications', () => {
  const notices = () => events.filter((e) => e.event === 'notification').map((e) => e.payload)
  const customerWrites = (ticketId: string, body: string) => {
    appendMessage(core.context.db, { ticketId, author: 'customer', authorName: '', body, now: NOW })
    core.context.events.emit('tickets.changed', { ticketIds: [ticketId] })
  }

  it("tells of a customer's answer to the shop, not of a first message or a follow-up nobody answered", async () => {
    customerWrites('TKT-000001', 'Also, the saucer is chipped.')
    expect(notices()).toEqual([])
    await ok('tickets.reply', { ticketId: 'TKT-000001', body: 'We will replace both.' })
    customerWrites('TKT-000001', 'Thank you so much!')
    expect(notices()).toEqual([
      {
        kind: 'customerReply',
        title: 'Grace Hopper answered',
        body: 'Parcel question — Thank you so much!',
        ticketId: 'TKT-000001',
        at: NOW
      }
    ])
  })

  it('tells of a new chat, and of an action waiting for approval, each switchable', async () => {
    const db = core.context.db
    db.prepare(
      `INSERT INTO tickets (id, customer_id, subject, status, priority, channel, created_at, updated_at, last_customer_message_at)
       VALUES ('TKT-000009', NULL, 'Chat: hello', 'new', 'normal', 'chat', ?, ?, ?)`
    ).run(NOW, NOW, NOW)
    customerWrites('TKT-000009', 'Hello, is anyone there?')
    expect(notices()).toEqual([
      expect.objectContaining({ kind: 'newChat', title: 'New chat from A visitor', ticketId: 'TKT-000009' })
    ])

    expect(await ok('notifications.update', { approvalWaiting: false })).toEqual({
      newChat: true,
      customerReply: true,
      approvalWaiting: false
    })
    insertPendingActionRow(db, { id: 'ACT-9', kind: 'return', ticketId: 'TKT-000001', createdAt: NOW })
    core.context.events.emit('actions.changed', { actionIds: ['ACT-9'], pending: 1 })
    expect(notices()).toHaveLength(1)

    await ok('notifications.update', { approvalWaiting: true })
    insertPendingActionRow(db, { id: 'ACT-10', kind: 'refund', ticketId: 'TKT-000002', createdAt: NOW })
    core.context.events.emit('actions.changed', { actionIds: ['ACT-10'], pending: 2 })
    core.context.events.emit('actions.changed', { actionIds: ['ACT-10'], pending: 2 })
    expect(notices().slice(1)).toEqual([
      expect.objectContaining({
        kind: 'approvalWaiting',
        body: 'A refund waits for a person in Approvals.',
        ticketId: 'TKT-000002'
      })
    ])
    expect(await ok('notifications.get', {})).toEqual({
      newChat: true,
      customerReply: true,
      approvalWaiting: true
    })
  })
})
