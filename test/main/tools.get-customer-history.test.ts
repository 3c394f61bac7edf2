import { describe, expect, it } from 'vitest'
import { LOCAL_OWNER } from '../../src/shared/domain/caller'
import { fixedClock } from '../../src/main/core/clock'
import type { ToolContext } from '../../src/main/tools/define-tool'
import { createToolRegistry } from '../../src/main/tools/registry'
import { shopTools } from '../../src/main/tools/shop-tools'
import { ShopBuilder } from '../support/shop-builder'

const registry = createToolRegistry(shopTools)

function setup() {
  const shop = new ShopBuilder()
  const ada = shop.customer({
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    createdAt: '2024-03-01T00:00:00.000Z',
    preferences: { contact: 'email', size: 'M' }
  })
  const bob = shop.customer({ name: 'Bob' })
  const p = shop.product({ priceCents: 2500 })
  for (let day = 1; day <= 12; day++) {
    const dd = String(day).padStart(2, '0')
    shop.order({ id: `ORD-202610${dd}-A0${dd}`, customerId: ada, items: [{ productId: p, quantity: 1 }] })
  }
  shop.order({
    id: 'ORD-20261013-CANC',
    customerId: ada,
    status: 'cancelled',
    items: [{ productId: p, quantity: 2 }]
  })
  shop.order({ id: 'ORD-20261001-B001', customerId: bob, items: [{ productId: p, quantity: 1 }] })
  shop.ticket({ id: 'TKT-000001', customerId: ada, subject: 'Late parcel', status: 'open', priority: 'high' })
  shop.ticket({ id: 'TKT-000002', customerId: ada, subject: 'Old question', status: 'closed' })
  const ctx: ToolContext = {
    db: shop.db,
    clock: fixedClock('2026-11-10T12:00:00.000Z'),
    caller: LOCAL_OWNER,
    origin: 'agent',
    customerId: ada
  }
  return { shop, ctx }
}

type History = { orders: { order_id: string }[]; orders_shown: number }

describe('get_customer_history', () => {
  it('lists orders newest first with lifetime value, open tickets and preferences', () => {
    const { ctx } = setup()
    const result = registry.run(ctx, 'get_customer_history', { customer_id: 'CUS-000001', limit: 2 })
    expect(result).toEqual({
      ok: true,
      value: {
        customer: {
          id: 'CUS-000001',
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          customer_since: '2024-03-01T00:00:00.000Z'
        },
        lifetime_value: { amount: 300, currency: 'USD' },
        order_count: 13,
        orders_shown: 2,
        orders: [
          {
            order_id: 'ORD-20261013-CANC',
            status: 'cancelled',
            placed_at: '2026-10-13T10:00:00.000Z',
            delivered_at: null,
            total: { amount: 50, currency: 'USD' },
            item_count: 2
          },
          {
            order_id: 'ORD-20261012-A012',
            status: 'delivered',
            placed_at: '2026-10-12T10:00:00.000Z',
            delivered_at: '2026-10-12T10:00:00.000Z',
            total: { amount: 25, currency: 'USD' },
            item_count: 1
          }
        ],
        open_tickets: [
          {
            ticket_id: 'TKT-000001',
            subject: 'Late parcel',
            status: 'open',
            priority: 'high',
            last_customer_message_at: expect.any(String)
          }
        ],
        preferences: { contact: 'email', size: 'M' }
      }
    })
  })

  it('shows 10 orders by default and up to 50', () => {
    const { ctx } = setup()
    const byDefault = registry.run(ctx, 'get_customer_history', { customer_id: 'CUS-000001' })
    expect(byDefault.ok && (byDefault.value as History).orders_shown).toBe(10)
    const all = registry.run(ctx, 'get_customer_history', { customer_id: 'CUS-000001', limit: 50 })
    expect(all.ok && (all.value as History).orders_shown).toBe(13)
  })

  it('finds a customer by email or a lower-case id', () => {
    const { ctx } = setup()
    expect(registry.run(ctx, 'get_customer_history', { customer_id: 'ADA@example.com' })).toMatchObject({
      ok: true,
      value: { customer: { id: 'CUS-000001' } }
    })
    expect(registry.run(ctx, 'get_customer_history', { customer_id: 'cus-000002' })).toMatchObject({
      ok: true,
      value: { customer: { id: 'CUS-000002' }, open_tickets: [] }
    })
  })

  it('refuses an unknown customer, naming the field and suggesting the ticket customer', () => {
    const { ctx } = setup()
    expect(registry.run(ctx, 'get_customer_history', { customer_id: 'CUS-424242' })).toMatchObject({
      ok: false,
      error: { code: 'customer_not_found', field: 'customer_id', suggestions: ['CUS-000001'] }
    })
  })

  it("does not show another customer's history to a customer chatting", () => {
    const { ctx } = setup()
    const chat: ToolContext = { ...ctx, caller: { kind: 'customer', customerId: 'CUS-000001', via: 'chat' } }
    expect(registry.run(chat, 'get_customer_history', { customer_id: 'CUS-000002' })).toMatchObject({
      ok: false,
      error: { code: 'customer_not_found' }
    })
    expect(registry.run(chat, 'get_customer_history', { customer_id: 'CUS-000001' }).ok).toBe(true)
  })

  it('names the field of a schema-invalid argument', () => {
    const { ctx } = setup()
    for (const [args, field] of [
      [{ customer_id: 'CUS-000001', limit: 51 }, 'limit'],
      [{ customer_id: 'CUS-000001', limit: 0 }, 'limit'],
      [{ customer_id: 'CUS-000001', limit: '5' }, 'limit'],
      [{}, 'customer_id'],
      [{ customer_id: ['CUS-000001'] }, 'customer_id']
    ] as const) {
      expect(registry.run(ctx, 'get_customer_history', args)).toMatchObject({
        ok: false,
        error: { code: 'invalid_arguments', field }
      })
    }
  })
})
