import { describe, expect, it } from 'vitest'
import { LOCAL_OWNER } from '../../src/shared/domain/caller'
import { fixedClock } from '../../src/main/core/clock'
import type { ToolContext } from '../../src/main/tools/define-tool'
import { createToolRegistry, toOpenAiTools } from '../../src/main/tools/registry'
import { shopTools } from '../../src/main/tools/shop-tools'
import { ShopBuilder } from '../support/shop-builder'

const registry = createToolRegistry(shopTools)

function setup() {
  const shop = new ShopBuilder()
  const ada = shop.customer({ name: 'Ada' })
  const bob = shop.customer({ name: 'Bob' })
  const shoe = shop.product({ name: 'Trail Shoe', priceCents: 8999 })
  const sock = shop.product({ name: 'Wool Socks', priceCents: 1250 })
  const delivered = shop.order({
    id: 'ORD-20261103-AB12',
    customerId: ada,
    placedAt: '2026-11-03T09:15:00.000Z',
    shippedAt: '2026-11-04T08:00:00.000Z',
    deliveredAt: '2026-11-06T14:30:00.000Z',
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    estimatedDelivery: '2026-11-06',
    shippingCents: 599,
    items: [
      { productId: shoe, quantity: 1 },
      { productId: sock, quantity: 2 }
    ]
  })
  shop.order({
    id: 'ORD-20261108-SH1P',
    customerId: ada,
    status: 'shipped',
    carrier: 'DHL',
    trackingNumber: 'JD014600006281230',
    estimatedDelivery: '2026-11-12',
    items: [{ productId: sock, quantity: 1 }]
  })
  shop.order({ id: 'ORD-20261103-BOB1', customerId: bob, items: [{ productId: sock, quantity: 1 }] })
  const ctx: ToolContext = {
    db: shop.db,
    clock: fixedClock('2026-11-10T12:00:00.000Z'),
    caller: LOCAL_OWNER,
    origin: 'agent',
    customerId: ada
  }
  return { shop, ctx, delivered }
}

describe('get_order_status', () => {
  it('returns the facts a reply needs, with money as decimals and dates as ISO', () => {
    const { ctx, delivered } = setup()
    const result = registry.run(ctx, 'get_order_status', { order_id: 'ORD-20261103-AB12' })
    expect(result).toEqual({
      ok: true,
      value: {
        order_id: 'ORD-20261103-AB12',
        customer_id: 'CUS-000001',
        status: 'delivered',
        status_meaning: 'delivered',
        placed_at: '2026-11-03T09:15:00.000Z',
        shipped_at: '2026-11-04T08:00:00.000Z',
        delivered_at: '2026-11-06T14:30:00.000Z',
        carrier: 'UPS',
        tracking_number: '1Z999AA10123456784',
        estimated_delivery: '2026-11-06',
        items: [
          {
            item_id: delivered.itemIds[0],
            product_id: 'PRD-0001',
            name: 'Trail Shoe',
            quantity: 1,
            unit_price: { amount: 89.99, currency: 'USD' },
            returned_quantity: 0,
            awaiting_approval_quantity: 0
          },
          {
            item_id: delivered.itemIds[1],
            product_id: 'PRD-0002',
            name: 'Wool Socks',
            quantity: 2,
            unit_price: { amount: 12.5, currency: 'USD' },
            returned_quantity: 0,
            awaiting_approval_quantity: 0
          }
        ],
        subtotal: { amount: 114.99, currency: 'USD' },
        shipping: { amount: 5.99, currency: 'USD' },
        total: { amount: 120.98, currency: 'USD' },
        return_window: { open: true, window_days: 30, closes_at: '2026-12-06T14:30:00.000Z' }
      }
    })
  })

  it('normalizes a sloppy id and says what was asked for', () => {
    const { ctx } = setup()
    for (const typed of ['ord 20261103 ab12', 'ORD20261103AB12', 'ord-20261103-ab12']) {
      const result = registry.run(ctx, 'get_order_status', { order_id: typed })
      expect(result).toMatchObject({
        ok: true,
        value: { order_id: 'ORD-20261103-AB12', you_asked_for: typed }
      })
    }
  })

  it('reports an order on its way with carrier, tracking and estimate, and no return window yet', () => {
    const { ctx } = setup()
    const result = registry.run(ctx, 'get_order_status', { order_id: 'ORD-20261108-SH1P' })
    expect(result).toMatchObject({
      ok: true,
      value: {
        status: 'shipped',
        status_meaning: 'handed to the carrier, on its way',
        carrier: 'DHL',
        tracking_number: 'JD014600006281230',
        estimated_delivery: '2026-11-12',
        delivered_at: null,
        return_window: null
      }
    })
  })

  it('refuses a malformed id, showing the expected format', () => {
    const { ctx } = setup()
    const result = registry.run(ctx, 'get_order_status', { order_id: 'my last order' })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_order_id', field: 'order_id' } })
    if (!result.ok) expect(result.error.message).toMatch(/ORD-YYYYMMDD-XXXX/)
  })

  it("answers an unknown id with the real ids of that date, the one-typo-away id first, then the customer's", () => {
    const { ctx } = setup()
    const result = registry.run(ctx, 'get_order_status', { order_id: 'ORD-20261103-BOB2' })
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'order_not_found',
        field: 'order_id',
        suggestions: ['ORD-20261103-BOB1', 'ORD-20261103-AB12']
      }
    })
    const plain = registry.run(ctx, 'get_order_status', { order_id: 'ORD-20261103-QQQQ' })
    expect(plain).toMatchObject({
      ok: false,
      error: { suggestions: ['ORD-20261103-AB12', 'ORD-20261103-BOB1'] }
    })
  })

  it("hides other customers' orders from a customer chatting", () => {
    const { ctx } = setup()
    const chat: ToolContext = { ...ctx, caller: { kind: 'customer', customerId: 'CUS-000001', via: 'chat' } }
    expect(registry.run(chat, 'get_order_status', { order_id: 'ORD-20261103-BOB1' })).toMatchObject({
      ok: false,
      error: { code: 'order_not_found', suggestions: ['ORD-20261103-AB12'] }
    })
    expect(registry.run(chat, 'get_order_status', { order_id: 'ORD-20261103-AB12' }).ok).toBe(true)
  })

  it('names the field when the arguments do not match the schema', () => {
    const { ctx } = setup()
    expect(registry.run(ctx, 'get_order_status', { order_id: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments', field: 'order_id' }
    })
    expect(registry.run(ctx, 'get_order_status', {})).toMatchObject({
      ok: false,
      error: { field: 'order_id' }
    })
    expect(registry.run(ctx, 'get_order_status', { order_id: '   ' })).toMatchObject({
      ok: false,
      error: { field: 'order_id' }
    })
  })
})

describe('get_order_status for a guest (no account linked)', () => {
  // Ada's email, as the shop builder writes it; a guest proves her order with it.
  const ADA_EMAIL = 'cus-000001@example.com'
  const guestIn = (ctx: ToolContext, ticketId: string): ToolContext => ({
    ...ctx,
    customerId: undefined,
    ticketId,
    caller: { kind: 'guest', via: 'chat', ticketId }
  })

  it('shows an order only with its id and the email it was placed with, never saying whether it exists', () => {
    const { shop, ctx } = setup()
    const guest = guestIn(ctx, shop.ticket({ channel: 'chat' }))
    const refusal = (orderId: string, email?: string) => {
      const result = registry.run(guest, 'get_order_status', {
        order_id: orderId,
        ...(email ? { email } : {})
      })
      if (result.ok) throw new Error(`${orderId} was shown`)
      return JSON.stringify(result.error).replaceAll(orderId, 'ID')
    }
    // Ada's real order and one that does not exist answer alike, with and without a (wrong) email.
    expect(refusal('ORD-20261108-SH1P')).toBe(refusal('ORD-20261108-ZZ99'))
    expect(refusal('ORD-20261108-SH1P', 'cus-000002@example.com')).toBe(
      refusal('ORD-20261108-ZZ99', ADA_EMAIL)
    )
    expect(JSON.parse(refusal('ORD-20261108-SH1P'))).toMatchObject({
      code: 'order_verification_needed',
      field: 'email'
    })
    expect(refusal('ORD-20261108-SH1P')).toContain('the email address it was placed with')
    expect(JSON.parse(refusal('ORD-20261108-SH1P'))).not.toHaveProperty('suggestions')

    const shown = registry.run(guest, 'get_order_status', {
      order_id: 'ord 20261103 ab12',
      email: ADA_EMAIL.toUpperCase()
    })
    expect(shown).toMatchObject({ ok: true, value: { order_id: 'ORD-20261103-AB12', status: 'delivered' } })
    // The guest proved the order, not the account.
    if (shown.ok) expect(shown.value).not.toHaveProperty('customer_id')
    // Proved for this conversation: no email needed again, and its return may be proposed.
    expect(registry.run(guest, 'get_order_status', { order_id: 'ORD-20261103-AB12' }).ok).toBe(true)
    expect(
      registry.run(guest, 'process_return', { order_id: 'ORD-20261103-AB12', reason: 'damaged' })
    ).toMatchObject({ ok: true, value: { status: 'pending_approval' } })
    // Her other order is still hers to prove.
    expect(registry.run(guest, 'get_order_status', { order_id: 'ORD-20261108-SH1P' }).ok).toBe(false)

    // Another guest's conversation has proved nothing.
    const other = guestIn(ctx, shop.ticket({ channel: 'chat' }))
    expect(
      registry.run(other, 'process_return', { order_id: 'ORD-20261103-AB12', reason: 'damaged' })
    ).toMatchObject({
      ok: false,
      error: { code: 'order_verification_needed' }
    })
  })

  it("does not let an email open another customer's order to a customer", () => {
    const { ctx } = setup()
    const chat: ToolContext = { ...ctx, caller: { kind: 'customer', customerId: 'CUS-000001', via: 'chat' } }
    expect(
      registry.run(chat, 'get_order_status', {
        order_id: 'ORD-20261103-BOB1',
        email: 'cus-000002@example.com'
      })
    ).toMatchObject({ ok: false, error: { code: 'order_not_found' } })
  })

  it('names the email field when it is not an email address', () => {
    const { ctx } = setup()
    expect(
      registry.run(ctx, 'get_order_status', { order_id: 'ORD-20261103-AB12', email: 'not an email' })
    ).toMatchObject({ ok: false, error: { code: 'invalid_arguments', field: 'email' } })
  })
})

describe('the shop tool list', () => {
  it("offers the shop's tools in order, with JSON schemas models can read", () => {
    expect(shopTools.map((t) => [t.name, t.readOnly])).toEqual([
      ['get_order_status', true],
      ['process_return', false],
      ['search_products', true],
      ['get_customer_history', true],
      ['issue_refund', false],
      ['search_help_center', true],
      ['create_follow_up', false],
      ['find_customer', true],
      ['get_order_details', true],
      ['get_product_details', true],
      ['cancel_order', false],
      ['change_order_address', false],
      ['change_order_items', false],
      ['change_order_payment', false],
      ['change_customer_address', false],
      ['exchange_items', false]
    ])
    const defs = toOpenAiTools(shopTools)
    const processReturn = defs.find((d) => d.function.name === 'process_return')?.function.parameters as {
      properties: Record<string, { enum?: string[] }>
      required: string[]
    }
    expect(processReturn.required).toEqual(['order_id', 'reason'])
    expect(processReturn.properties.reason?.enum).toContain('damaged')
    for (const def of defs) expect(def.function.description.length).toBeGreaterThan(40)
  })
})
