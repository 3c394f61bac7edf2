import { DEFAULT_MONEY_CAPS } from '../../src/shared/domain/money-caps'
import { getCustomerCard } from '../../src/main/db/repositories/customers'
import { createToolCatalog } from '../../src/main/tools/tool-catalog'
import type { ToolContext } from '../../src/main/tools/define-tool'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeFallbackReply } from '../../src/main/agent/fallback-drafter'
import { buildSystemPrompt } from '../../src/main/agent/system-prompt'
import { fixedClock } from '../../src/main/core/clock'
import { createCore } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import { orderIdCandidates } from '../../src/main/llm/demo/intent'
import { saveOrderIdFormat, shopOrderIdRules } from '../../src/main/shop/shop-settings'
import { createToolRegistry } from '../../src/main/tools/registry'
import { shopTools } from '../../src/main/tools/shop-tools'
import { ShopBuilder } from '../support/shop-builder'

const NOW = '2026-11-20T12:00:00.000Z'
let dir: string
let dbPath: string

/** A shop imported from Shopify: `#1001` ids, a customer with the shop's own id, an order in transit. */
function buildImportedShop(path: string): { ticketId: string; customerId: string } {
  const shop = new ShopBuilder(openDb(path))
  const customerId = shop.customer({ id: '7012345678', name: 'Grace Hopper', email: 'grace@example.com' })
  const kettle = shop.product({ id: 'KET-1', name: 'Copper Kettle', priceCents: 5900 })
  shop.order({
    id: '#1001',
    customerId,
    status: 'shipped',
    placedAt: '2026-11-16T10:00:00.000Z',
    carrier: 'DHL',
    trackingNumber: 'JD014600006281230000',
    estimatedDelivery: '2026-11-22',
    items: [{ productId: kettle, quantity: 1 }]
  })
  saveOrderIdFormat(shop.db, {
    kind: 'numbered',
    prefix: '#',
    minDigits: 4,
    maxDigits: 4,
    examples: ['#1001']
  })
  const ticketId = shop.ticket({ customerId, subject: 'Kettle', status: 'new' })
  shop.message(ticketId, { body: 'Hello, where is my order 1001? I need it for Sunday.', createdAt: NOW })
  shop.db.close()
  return { ticketId, customerId }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-imported-'))
  dbPath = join(dir, 'shop.db')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('drafting for a shop with its own order ids', () => {
  it('tells the model the shop’s format in the system prompt', () => {
    buildImportedShop(dbPath)
    const db = openDb(dbPath)
    const prompt = buildSystemPrompt({
      ticketId: 'TKT-000001',
      subject: 'Kettle',
      customer: null,
      orders: [],
      messages: [],
      today: NOW.slice(0, 10),
      moneyCaps: DEFAULT_MONEY_CAPS,
      orderIds: shopOrderIdRules(db)
    })
    expect(prompt).toContain('Order ids look like #NNNN, e.g. #1001.')
    expect(prompt).not.toContain('ORD-YYYYMMDD-XXXX')
    db.close()
  })

  it('the demo model finds "order 1001" in the customer’s words and answers about #1001', async () => {
    const { ticketId } = buildImportedShop(dbPath)
    const core = createCore({ dbPath, clock: fixedClock(NOW), env: {}, checkpointWorkerFile: null })
    try {
      const draft = await core.context.drafts.start(ticketId).done
      expect(draft.status).toBe('ready')
      expect(draft.body).toContain('#1001')
      expect(draft.body).toContain('JD014600006281230000')
      const detail = await core.invoke('drafts.get', { draftId: draft.id })
      if (!detail.ok) throw new Error(detail.error.message)
      const lookup = detail.value.trace.find((call) => call.tool === 'get_order_status')
      expect(lookup).toMatchObject({ status: 'ok', arguments: { order_id: 'order 1001' } })
    } finally {
      await core.close()
    }
  })

  it('the fallback drafter looks the order up too, and asks in the shop’s format when none is given', async () => {
    const { ticketId, customerId } = buildImportedShop(dbPath)
    const db = openDb(dbPath)
    const tools = createToolCatalog(createToolRegistry(shopTools))()
    const ctx: ToolContext = {
      db,
      clock: fixedClock(NOW),
      caller: { kind: 'customer', customerId, via: 'email' },
      origin: 'fallback',
      ticketId,
      customerId
    }
    const context = {
      ticketId,
      subject: 'Kettle',
      customer: getCustomerCard(db, customerId) ?? null,
      orders: [],
      today: NOW.slice(0, 10),
      moneyCaps: DEFAULT_MONEY_CAPS,
      orderIds: shopOrderIdRules(db)
    }
    const message = (body: string) => [
      {
        id: 1,
        ticketId,
        author: 'customer' as const,
        authorName: '',
        body,
        createdAt: NOW,
        internal: false,
        composedBy: null,
        sentBy: null
      }
    ]
    const found = await writeFallbackReply({
      tools,
      ctx,
      context: { ...context, messages: message('Where is order #1001?') }
    })
    expect(found).toContain('#1001')
    expect(found).toContain('JD014600006281230000')
    const asked = await writeFallbackReply({
      tools,
      ctx,
      context: { ...context, messages: message('My parcel is late, please help.') }
    })
    expect(asked).toContain('It looks like #NNNN')
    expect(customerId).toBe('7012345678')
    db.close()
  })
})

describe('order ids in a customer’s words, for an imported shop', () => {
  const shopify = { pattern: '#NNNN', examples: ['#1001'] }
  const tau = { pattern: '#WNNNNNNN', examples: ['#W2378156'] }
  it.each([
    [shopify, 'where is #1001?', ['#1001']],
    [shopify, 'Order #1002 and order no. 1003', ['Order #1002', 'order no. 1003']],
    [shopify, 'I paid 1200 for it and ordered 2 weeks ago', []],
    [shopify, 'my order 2 weeks ago', []],
    [tau, 'the order W2378156 never came', ['order W2378156']],
    [tau, 'it is w2378156', ['w2378156']]
  ])('%j in %j', (shape, text, expected) => {
    expect(orderIdCandidates(text, shape)).toEqual(expected)
  })
})
