import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import { listTicketTags } from '../../src/main/db/repositories/ticket-tags'
import { helpDeskContext, helpDeskPromptLines } from '../../src/main/agent/help-desk-context'
import { fillMacro } from '../../src/main/macros/macro-variables'
import type { Channel, ChannelInput } from '../../src/shared/contract'
import type { Caller } from '../../src/shared/domain/caller'
import { unfilledVariables } from '../../src/shared/domain/macro'
import { ADA_DELIVERED, ADA_SHIPPED, addAdaWithOrders } from '../support/ada-shop'
import { ShopBuilder } from '../support/shop-builder'

const NOW = '2026-11-20T12:00:00.000Z'
const lead: Caller = { kind: 'person', personId: 'P-lee', name: 'Lee Lead', role: 'lead' }
const agent: Caller = { kind: 'person', personId: 'P-rosa', name: 'Rosa Parks', role: 'agent' }
const TRACKING =
  'Hi {{customer.first_name}}, order {{ order.id }} is on its way: {{order.tracking_number}}. {{agent.name}}'

let dir: string
let core: Core

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-macros-'))
  const dbPath = join(dir, 'shop.db')
  const shop = new ShopBuilder(openDb(dbPath))
  const ada = addAdaWithOrders(shop)
  shop.ticket({ id: 'TKT-SHIPPED', customerId: ada, subject: 'Where is it?', status: 'open' })
  shop.message('TKT-SHIPPED', { body: `Where is ${ADA_SHIPPED}?`, createdAt: NOW })
  shop.ticket({ id: 'TKT-DELIVERED', customerId: ada, subject: 'Socks', status: 'open' })
  shop.message('TKT-DELIVERED', { body: `About ${ADA_DELIVERED}: the socks.`, createdAt: NOW })
  // A delivered order the carrier gave no tracking number.
  shop.db.prepare('UPDATE orders SET tracking_number = NULL WHERE id = ?').run(ADA_DELIVERED)
  shop.ticket({ id: 'TKT-ANON', customerId: null, subject: 'Hello', status: 'open' })
  shop.db.close()
  core = createCore({ dbPath, clock: fixedClock(NOW), env: {}, checkpointWorkerFile: null })
})

afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

async function ok<K extends Channel>(channel: K, input: ChannelInput<K>, caller: Caller = lead) {
  const result = await core.invoke(channel, input, caller)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value
}

describe('macro variables', () => {
  it('are filled with the values there are; a missing one stays written and is named', () => {
    expect(
      fillMacro(TRACKING, { 'customer.first_name': 'Ada', 'order.id': 'ORD-1', 'agent.name': 'Rosa' })
    ).toEqual({
      body: 'Hi Ada, order ORD-1 is on its way: {{order.tracking_number}}. Rosa',
      missing: ['order.tracking_number']
    })
    // A blank value is no value.
    expect(fillMacro('{{customer.first_name}}', { 'customer.first_name': '  ' }).missing).toEqual([
      'customer.first_name'
    ])
    // Unknown names are left as they are and never block a reply.
    expect(fillMacro('{{shop.motto}}', {}).body).toBe('{{shop.motto}}')
    expect(unfilledVariables('{{shop.motto}} {{ order.id }} {{order.id}}')).toEqual(['order.id'])
  })

  it('are filled from the ticket: the customer, the order the thread names (else the latest), the person', async () => {
    const macro = await ok('macros.create', { name: 'Tracking', body: TRACKING })
    const shipped = await ok('macros.render', { macroId: macro.id, ticketId: 'TKT-SHIPPED' }, agent)
    expect(shipped).toEqual({
      macroId: macro.id,
      body: `Hi Ada, order ${ADA_SHIPPED} is on its way: 1Z999AA10123456784. Rosa Parks`,
      missing: []
    })
    // The delivered order has no tracking number: it stays to be filled by hand.
    const delivered = await ok('macros.render', { macroId: macro.id, ticketId: 'TKT-DELIVERED' }, agent)
    expect(delivered.body).toContain(`order ${ADA_DELIVERED} is on its way: {{order.tracking_number}}.`)
    expect(delivered.missing).toEqual(['order.tracking_number'])
    // No customer, no order: everything but the person's name is missing.
    const anon = await ok('macros.render', { macroId: macro.id, ticketId: 'TKT-ANON' }, agent)
    expect(anon.missing).toEqual(['customer.first_name', 'order.id', 'order.tracking_number'])
  })
})

describe('a reply with a macro', () => {
  it('is refused while a variable is unfilled, naming it', async () => {
    const result = await core.invoke(
      'tickets.reply',
      { ticketId: 'TKT-DELIVERED', body: 'Tracking: {{order.tracking_number}}' },
      agent
    )
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input')
      expect(result.error.message).toContain('{{order.tracking_number}}')
      expect(result.error.issues?.[0]?.field).toBe('body')
    }
  })

  it("also sets the macro's tags and status, as the person's", async () => {
    const macro = await ok('macros.create', {
      name: 'Solved',
      body: 'All done!',
      addTags: ['Resolved-By-Macro'],
      setStatus: 'solved'
    })
    await ok('tickets.reply', { ticketId: 'TKT-SHIPPED', body: 'All done!', macroIds: [macro.id] }, agent)
    const { ticket } = await ok('tickets.get', { ticketId: 'TKT-SHIPPED' }, agent)
    expect(ticket.status).toBe('solved')
    expect(listTicketTags(core.context.db, 'TKT-SHIPPED')).toEqual([
      expect.objectContaining({ tag: 'resolved-by-macro', source: 'person', setBy: 'Rosa Parks' })
    ])
    const unknown = await core.invoke(
      'tickets.reply',
      { ticketId: 'TKT-SHIPPED', body: 'x', macroIds: [999] },
      agent
    )
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.error.issues?.[0]?.field).toBe('macroIds.0')
  })
})

describe("the agent's prompt", () => {
  it("tells the AI the customer's language and the macro wording the team prefers for the intent", async () => {
    await ok('macros.create', {
      name: 'Where is it',
      body: 'Your parcel {{order.id}} is with the carrier.',
      aiIntent: 'order_status'
    })
    await ok('macros.create', { name: 'Refunds', body: 'About your refund…', aiIntent: 'refund' })
    await ok('tickets.setTriage', { ticketId: 'TKT-SHIPPED', intent: 'order_status', language: 'fr' }, agent)
    const lines = helpDeskPromptLines(helpDeskContext(core.context.db, 'TKT-SHIPPED'))
    expect(lines[0]).toBe(
      'The customer writes in French: reply in French. Prefer help-center articles in French when search_help_center finds them.'
    )
    expect(lines.slice(1)).toEqual([
      expect.stringContaining('macro "Where is it"'),
      'Your parcel {{order.id}} is with the carrier.'
    ])
    // An English ticket with no preferred wording changes nothing in the prompt.
    expect(helpDeskPromptLines({ language: 'en', preferredWordings: [] })).toEqual([])
  })
})

describe('macros', () => {
  it('are written by leads, not agents, with names no two share', async () => {
    expect((await core.invoke('macros.create', { name: 'X', body: 'y' }, agent)).ok).toBe(false)
    await ok('macros.create', { name: 'Thanks', body: 'Thank you!' })
    const clash = await core.invoke('macros.create', { name: 'thanks', body: 'Again' }, lead)
    expect(clash.ok).toBe(false)
    if (!clash.ok) expect(clash.error).toMatchObject({ code: 'conflict', issues: [{ field: 'name' }] })
    const bad = await core.invoke(
      'macros.create',
      { name: 'Bad', body: 'x', setStatus: 'new' } as never,
      lead
    )
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.issues?.[0]?.field).toBe('setStatus')
  })

  it('travel as a JSON file: exported, imported again by name, refused whole when one is wrong', async () => {
    await ok('macros.create', { name: 'Thanks', body: 'Thank you!', addTags: ['thanks'], aiIntent: 'other' })
    const exported = await ok('macros.export', {})
    expect(exported.filename).toBe('frontline-macros-2026-11-20.json')
    const file = JSON.parse(exported.json) as { macros: { name: string; body: string }[] }
    file.macros[0]!.body = 'Thanks a lot!'
    file.macros.push({ name: 'Hello', body: 'Hello {{customer.first_name}}' })
    expect(await ok('macros.import', { text: JSON.stringify(file) })).toEqual({ created: 1, updated: 1 })
    expect((await ok('macros.list', {}, agent)).map((m) => [m.name, m.body])).toEqual([
      ['Hello', 'Hello {{customer.first_name}}'],
      ['Thanks', 'Thanks a lot!']
    ])

    const wrong = await core.invoke(
      'macros.import',
      {
        text: JSON.stringify({
          ...file,
          macros: [
            { name: 'A', body: 'a' },
            { name: '', body: 'b' }
          ]
        })
      },
      lead
    )
    expect(wrong.ok).toBe(false)
    if (!wrong.ok) expect(wrong.error.issues?.[0]?.field).toBe('file.macros.1.name')
    expect(await ok('macros.list', {}, agent)).toHaveLength(2)
    const notJson = await core.invoke('macros.import', { text: '{' }, lead)
    expect(notJson.ok).toBe(false)
    if (!notJson.ok) expect(notJson.error.issues?.[0]?.field).toBe('text')
  })
})
