import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMockOpenAi, type MockOpenAiServer, type Script } from '../../src/main/bench/mock-openai-server'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import { listLlmCallsForTicket } from '../../src/main/db/repositories/llm-calls'
import { listTicketTags } from '../../src/main/db/repositories/ticket-tags'
import type { Caller } from '../../src/shared/domain/caller'
import type { Channel, ChannelInput } from '../../src/shared/contract'
import { writeTriageSettings } from '../../src/main/triage/triage-settings'
import { mockProfile } from './channel-support'
import { ShopBuilder } from '../support/shop-builder'

const NOW = '2026-11-20T12:00:00.000Z'
const rosa: Caller = { kind: 'person', personId: 'P-rosa', name: 'Rosa Parks', role: 'agent' }

let dir: string
let dbPath: string
let mock: MockOpenAiServer | undefined
const cores: Core[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-triage-'))
  dbPath = join(dir, 'shop.db')
  openDb(dbPath).close()
})

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close()
  await mock?.close()
  mock = undefined
  rmSync(dir, { recursive: true, force: true })
})

/** A ticket stored as a channel stores it: the ticket and the customer's first words, just now. */
let arrivals = 0
function arrive(subject: string, body: string, at = NOW): string {
  const db = openDb(dbPath)
  const shop = new ShopBuilder(db)
  const n = ++arrivals
  const customerId = shop.customer({ id: `CUS-9000${n}`, name: `Customer ${n}`, email: `c${n}@x.example` })
  const id = shop.ticket({
    id: `TKT-9000${n}`,
    customerId,
    subject,
    status: 'new',
    lastCustomerMessageAt: at
  })
  db.prepare('UPDATE tickets SET created_at = ? WHERE id = ?').run(at, id)
  shop.message(id, { body, createdAt: at })
  db.close()
  return id
}

function open(llm?: 'mock'): Core {
  const core = createCore({
    dbPath,
    clock: fixedClock(NOW),
    env: {},
    checkpointWorkerFile: null,
    ...(llm && mock
      ? {
          llm: {
            connections: [{ profile: mockProfile(mock.baseURL), apiKey: 'sk-test-0123456789abcdef' }],
            defaultModel: { providerId: 'mock', model: 'mock-model' }
          }
        }
      : {})
  })
  cores.push(core)
  return core
}

async function ok<K extends Channel>(core: Core, channel: K, input: ChannelInput<K>) {
  const result = await core.invoke(channel, input, rosa)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value
}

const triageJson =
  (fields: Record<string, unknown>): Script =>
  () => ({
    kind: 'json',
    content: JSON.stringify({
      intent: 'shipping_problem',
      priority: 'urgent',
      tags: ['damaged', 'Glass!'],
      language: 'de',
      summary: 'Parcel arrived with a broken vase',
      ...fields
    })
  })

describe('triage on arrival', () => {
  it('reads a ticket by the rules in demo mode and sets its priority and tags as triage', async () => {
    const id = arrive('Broken', 'This is ridiculous: the vase arrived broken, second time!')
    const core = open()
    await core.context.triage.idle()
    const ticket = await ok(core, 'tickets.get', { ticketId: id })
    expect(ticket.ticket.triage).toMatchObject({
      state: 'done',
      intent: 'complaint',
      language: 'en',
      source: 'rules',
      priority: 'high',
      intentSetBy: null
    })
    expect(ticket.ticket.triage.note).toMatch(/no AI model is configured/)
    expect(ticket.ticket.priority).toBe('high')
    expect(listTicketTags(core.context.db, id).map((t) => [t.tag, t.source])).toEqual(
      expect.arrayContaining([
        ['upset', 'triage'],
        ['damaged', 'triage']
      ])
    )
    // Nothing was asked of a model.
    expect(listLlmCallsForTicket(core.context.db, id)).toEqual([])
  })

  it('asks a configured model once, with a JSON schema, and records the call in the ledger', async () => {
    mock = await startMockOpenAi({ script: triageJson({}) })
    const id = arrive('Kaputt', 'Hallo, die Vase ist kaputt angekommen.')
    const core = open('mock')
    await core.context.triage.idle()

    const triageRequests = mock.requests.filter((r) => r.body.response_format !== undefined)
    expect(triageRequests).toHaveLength(1)
    const request = triageRequests[0]!
    expect(request.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'ticket_triage', strict: true }
    })
    expect(request.body.stream).toBe(false)
    expect(request.body.max_tokens).toBe(200)
    expect(JSON.stringify(request.body.messages)).toContain('die Vase ist kaputt')

    const calls = listLlmCallsForTicket(core.context.db, id)
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ provider: 'mock', model: 'mock-model', ticketId: id })

    const { ticket } = await ok(core, 'tickets.get', { ticketId: id })
    expect(ticket.triage).toMatchObject({
      state: 'done',
      intent: 'shipping_problem',
      language: 'de',
      summary: 'Parcel arrived with a broken vase',
      source: 'model',
      model: 'mock/mock-model',
      note: null
    })
    expect(ticket.priority).toBe('urgent')
    expect(
      listTicketTags(core.context.db, id)
        .map((t) => t.tag)
        .sort()
    ).toEqual(['damaged', 'glass'])
  })

  it('falls back to the rules, saying why, when the provider fails or answers out of shape', async () => {
    let n = 0
    mock = await startMockOpenAi({
      script: () =>
        n++ === 0
          ? {
              kind: 'status',
              status: 400,
              body: { error: { message: 'bad request', type: 'invalid_request_error' } }
            }
          : { kind: 'json', content: '{"intent":"gossip"}' }
    })
    const first = arrive('Refund', 'Please refund my order, I was charged twice.')
    const core = open('mock')
    await core.context.triage.idle()
    const second = arrive('Where', 'Where is my order?')
    core.context.triage.poke()
    await core.context.triage.idle()

    const one = (await ok(core, 'tickets.get', { ticketId: first })).ticket.triage
    expect(one).toMatchObject({ state: 'done', source: 'rules', intent: 'refund' })
    expect(one.note).toMatch(/^Triaged by the rules: the model could not/)
    const two = (await ok(core, 'tickets.get', { ticketId: second })).ticket.triage
    expect(two).toMatchObject({ state: 'done', source: 'rules', intent: 'order_status' })
    expect(two.note).toMatch(/did not fit/)
  })

  it("keeps a person's priority, intent, language and tags when triage reads the ticket again", async () => {
    const id = arrive('Broken', 'This is ridiculous: the vase arrived broken, second time!')
    const core = open()
    await core.context.triage.idle()

    await ok(core, 'tickets.update', { ticketId: id, priority: 'low' })
    await ok(core, 'tickets.setTriage', { ticketId: id, intent: 'return', language: 'fr' })
    await ok(core, 'tickets.addTag', { ticketId: id, tag: 'damaged' })
    await ok(core, 'tickets.retriage', { ticketId: id })
    await core.context.triage.idle()

    const { ticket } = await ok(core, 'tickets.get', { ticketId: id })
    expect(ticket.priority).toBe('low')
    expect(ticket.triage).toMatchObject({
      state: 'done',
      intent: 'return',
      language: 'fr',
      intentSetBy: 'Rosa Parks',
      languageSetBy: 'Rosa Parks',
      prioritySetBy: 'Rosa Parks',
      // What triage itself read stays visible beside the person's choice.
      priority: 'high'
    })
    const tags = listTicketTags(core.context.db, id)
    expect(tags.find((t) => t.tag === 'damaged')).toMatchObject({ source: 'person', setBy: 'Rosa Parks' })
    expect(tags.find((t) => t.tag === 'upset')).toMatchObject({ source: 'triage' })
  })

  it('leaves a backlog ticket (stored long before) described but its priority and tags as they were', async () => {
    const id = arrive('Broken', 'This is ridiculous: the vase arrived broken!', '2026-11-01T09:00:00.000Z')
    const core = open()
    await core.context.triage.idle()
    const { ticket } = await ok(core, 'tickets.get', { ticketId: id })
    expect(ticket.triage).toMatchObject({ state: 'done', intent: 'complaint' })
    expect(ticket.priority).toBe('normal')
    expect(listTicketTags(core.context.db, id)).toEqual([])
  })

  it('does nothing when switched off: tickets stay untriaged, and say so', async () => {
    const id = arrive('Broken', 'The vase arrived broken.')
    const db = openDb(dbPath)
    writeTriageSettings(db, { mode: 'off' })
    db.close()
    const core = open()
    await core.context.triage.idle()
    const { ticket } = await ok(core, 'tickets.get', { ticketId: id })
    expect(ticket.triage.state).toBe('pending')
    expect(ticket.triage.intent).toBeNull()
  })

  it('filters and sorts the inbox by intent, language and tag', async () => {
    const refund = arrive('Refund', 'Please refund me, I was charged twice.')
    const french = arrive('Commande', 'Bonjour, où est ma commande ? Merci pour votre aide.')
    const broken = arrive('Broken', 'The mug arrived broken.')
    const core = open()
    await core.context.triage.idle()

    const ids = async (query: ChannelInput<'tickets.list'>) =>
      (await ok(core, 'tickets.list', query)).tickets.map((t) => t.id)
    expect(await ids({ intent: ['refund'] })).toEqual([refund])
    expect(await ids({ language: ['fr'] })).toEqual([french])
    expect(await ids({ tag: 'damaged' })).toEqual([broken])
    expect((await ok(core, 'tickets.list', { intent: ['refund', 'shipping_problem'] })).total).toBe(2)
    const byIntent = (await ok(core, 'tickets.list', { sort: 'intent' })).tickets.map((t) => t.triage.intent)
    expect(byIntent).toEqual([...byIntent].sort())

    const bad = await core.invoke('tickets.list', { intent: ['gossip'] } as never, rosa)
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.issues?.[0]?.field).toMatch(/^intent/)
  })
})
