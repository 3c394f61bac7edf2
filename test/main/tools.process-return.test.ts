import { describe, expect, it } from 'vitest'
import { LOCAL_OWNER } from '../../src/shared/domain/caller'
import { fixedClock } from '../../src/main/core/clock'
import { getAction, listPendingActions } from '../../src/main/db/repositories/actions'
import { getOrderForMoney } from '../../src/main/db/repositories/orders'
import { claimsOnOrder } from '../../src/main/actions/order-holds'
import type { OrderClaims } from '../../src/main/policy/order-claims'
import { assessReturn, computeRefund, returnPolicyText } from '../../src/main/policy/return-policy'
import { ReturnPayload } from '../../src/shared/domain/actions/return'
import type { ToolContext } from '../../src/main/tools/define-tool'
import { createToolRegistry } from '../../src/main/tools/registry'
import { shopTools } from '../../src/main/tools/shop-tools'
import { ShopBuilder } from '../support/shop-builder'

const registry = createToolRegistry(shopTools)
const NOW = '2026-11-10T12:00:00.000Z'

function setup(
  options: { deliveredAt?: string; status?: 'delivered' | 'shipped' | 'cancelled' | 'paid' | 'returned' } = {}
) {
  const shop = new ShopBuilder()
  const ada = shop.customer({ name: 'Ada' })
  shop.customer({ name: 'Bob' })
  const shirt = shop.product({ name: 'Linen Shirt', priceCents: 1999 })
  const boot = shop.product({ name: 'Hiking Boot', priceCents: 12950 })
  const order = shop.order({
    id: 'ORD-20261101-RT01',
    customerId: ada,
    status: options.status ?? 'delivered',
    deliveredAt:
      options.status && options.status !== 'delivered'
        ? null
        : (options.deliveredAt ?? '2026-11-05T10:00:00.000Z'),
    shippingCents: 795,
    items: [
      { productId: shirt, quantity: 3 },
      { productId: boot, quantity: 1 }
    ]
  })
  const ticket = shop.ticket({ customerId: ada })
  shop.db
    .prepare(
      `INSERT INTO drafts (id, ticket_id, status, created_at, updated_at) VALUES ('DRF-1', ?, 'generating', ?, ?)`
    )
    .run(ticket, NOW, NOW)
  const ctx: ToolContext = {
    db: shop.db,
    clock: fixedClock(NOW),
    caller: LOCAL_OWNER,
    origin: 'agent',
    ticketId: ticket,
    draftId: 'DRF-1',
    customerId: ada
  }
  const [shirtLine = 0, bootLine = 0] = order.itemIds
  return { shop, ctx, order, shirtLine, bootLine, shirt, boot }
}

const propose = (ctx: ToolContext, args: unknown) => registry.run(ctx, 'process_return', args)

describe('process_return proposes, never applies', () => {
  it('records a pending action with the refund, the facts and who asked', () => {
    const { shop, ctx, shirtLine } = setup()
    const result = propose(ctx, {
      order_id: 'ord 20261101 rt01',
      items: [{ item_id: shirtLine, quantity: 2 }],
      reason: 'changed_mind',
      note: '  Bought two by mistake  '
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const value = result.value as { action_id: string }
    expect(value.action_id).toMatch(/^ACT-[0-9a-f-]{36}$/)
    expect(result.value).toEqual({
      action_id: value.action_id,
      status: 'pending_approval',
      order_id: 'ORD-20261101-RT01',
      reason: 'changed_mind',
      refund: { amount: 39.98, currency: 'USD' },
      refund_breakdown: {
        items: { amount: 39.98, currency: 'USD' },
        shipping: { amount: 0, currency: 'USD' },
        notes: ['Shipping ($7.95) is not refunded for reason changed_mind.']
      },
      items: [
        {
          item_id: shirtLine,
          product_id: 'PRD-0001',
          name: 'Linen Shirt',
          quantity: 2,
          unit_price: { amount: 19.99, currency: 'USD' },
          line_total: { amount: 39.98, currency: 'USD' }
        }
      ],
      return_window_closes_at: '2026-12-05T10:00:00.000Z',
      message: 'A person must approve this return before it is applied.'
    })

    const action = getAction(shop.db, value.action_id)
    expect(action).toMatchObject({
      kind: 'return',
      status: 'pending_approval',
      ticketId: ctx.ticketId,
      draftId: 'DRF-1',
      orderId: 'ORD-20261101-RT01',
      amount: { amount: 39.98, currency: 'USD' },
      origin: 'agent',
      createdAt: NOW,
      eligibility: {
        order_status: 'delivered',
        delivered_at: '2026-11-05T10:00:00.000Z',
        days_since_delivery: 5,
        window_days: 30,
        window_closes_at: '2026-12-05T10:00:00.000Z',
        checked_at: NOW
      }
    })
    const payload = ReturnPayload.parse(action?.payload)
    expect(payload).toEqual({
      order_id: 'ORD-20261101-RT01',
      refund_to: null,
      reason: 'changed_mind',
      note: 'Bought two by mistake',
      items: [
        {
          item_id: shirtLine,
          product_id: 'PRD-0001',
          name: 'Linen Shirt',
          quantity: 2,
          unit_price_cents: 1999,
          line_cents: 3998
        }
      ],
      refund: {
        items_cents: 3998,
        shipping_cents: 0,
        total_cents: 3998,
        currency: 'USD',
        notes: expect.any(Array)
      }
    })
    // Nothing was returned or refunded: that is the approval step's job.
    expect(shop.db.prepare('SELECT COUNT(*) AS n FROM returns').get()).toEqual({ n: 0 })
    expect(shop.db.prepare('SELECT COUNT(*) AS n FROM refunds').get()).toEqual({ n: 0 })
    expect(getOrderForMoney(shop.db, 'ORD-20261101-RT01')?.status).toBe('delivered')
  })

  it('refunds the shipping too when the shop is at fault, and says so', () => {
    const { ctx, bootLine } = setup()
    const result = propose(ctx, {
      order_id: 'ORD-20261101-RT01',
      items: [{ item_id: bootLine, quantity: 1 }],
      reason: 'damaged'
    })
    expect(result).toMatchObject({
      ok: true,
      value: {
        refund: { amount: 137.45, currency: 'USD' },
        refund_breakdown: {
          items: { amount: 129.5, currency: 'USD' },
          shipping: { amount: 7.95, currency: 'USD' },
          notes: ['Includes shipping ($7.95) because the reason is damaged.']
        }
      }
    })
  })

  it('returns everything still returnable when items are omitted, in exact cents', () => {
    const { ctx } = setup()
    const result = propose(ctx, { order_id: 'ORD-20261101-RT01', reason: 'wrong_item' })
    // 3 × 19.99 + 129.50 + 7.95 shipping = 197.42
    expect(result).toMatchObject({ ok: true, value: { refund: { amount: 197.42, currency: 'USD' } } })
  })

  it('accepts a product id in place of an item id', () => {
    const { ctx, boot } = setup()
    const result = propose(ctx, {
      order_id: 'ORD-20261101-RT01',
      items: [{ product_id: boot, quantity: 1 }],
      reason: 'wrong_size'
    })
    expect(result).toMatchObject({ ok: true, value: { refund: { amount: 129.5 } } })
  })
})

describe('process_return covers what the customer asked for', () => {
  const linesOf = (result: ReturnType<typeof propose>) =>
    result.ok ? (result.value as { items: { item_id: number; quantity: number }[] }).items : result.error

  it('takes a quantity per item, and without one all of that line still returnable', () => {
    const { shop, ctx, order, shirtLine, bootLine } = setup()
    shop.appliedReturn(order.id, [{ itemId: shirtLine, quantity: 1 }], 1999)
    const twoShirts = propose(ctx, {
      order_id: order.id,
      items: [{ item_id: shirtLine }],
      reason: 'changed_mind'
    })
    // Three ordered, one already back: the other two, and nothing of the boot.
    expect(linesOf(twoShirts)).toEqual([expect.objectContaining({ item_id: shirtLine, quantity: 2 })])
    expect(twoShirts).toMatchObject({ ok: true, value: { refund: { amount: 39.98 } } })

    const boot = propose(ctx, {
      order_id: order.id,
      items: [{ item_id: bootLine, quantity: 1 }],
      reason: 'wrong_size'
    })
    expect(linesOf(boot)).toEqual([expect.objectContaining({ item_id: bootLine, quantity: 1 })])
    // Both shirts and the boot are now in proposals: a line without a quantity has nothing left to ask for.
    expect(
      propose(ctx, { order_id: order.id, items: [{ item_id: shirtLine }], reason: 'other' })
    ).toMatchObject({
      ok: false,
      error: { code: 'return_pending', field: 'items.0.item_id' }
    })
  })

  it("takes the seed's item_ids, each line in full, and names the id at fault", () => {
    const { ctx, order, shirtLine, bootLine, boot } = setup()
    const shirts = propose(ctx, { order_id: order.id, item_ids: [shirtLine], reason: 'changed_mind' })
    expect(linesOf(shirts)).toEqual([expect.objectContaining({ item_id: shirtLine, quantity: 3 })])
    expect(shirts).toMatchObject({ ok: true, value: { refund: { amount: 59.97 } } })

    const { ctx: fresh } = setup()
    for (const id of [String(bootLine), boot]) {
      const { ctx: own } = setup()
      expect(linesOf(propose(own, { order_id: order.id, item_ids: [id], reason: 'wrong_size' }))).toEqual([
        expect.objectContaining({ item_id: bootLine, quantity: 1 })
      ])
    }
    expect(
      propose(fresh, { order_id: order.id, item_ids: [shirtLine, 999_999], reason: 'other' })
    ).toMatchObject({
      ok: false,
      error: { code: 'item_not_in_order', field: 'item_ids.1' }
    })
    expect(
      propose(fresh, {
        order_id: order.id,
        items: [{ item_id: shirtLine }],
        item_ids: [bootLine],
        reason: 'other'
      })
    ).toMatchObject({ ok: false, error: { code: 'invalid_arguments', field: 'item_ids' } })
  })

  it('adds up an item listed with and without a quantity as all of it', () => {
    const { ctx, order, shirtLine } = setup()
    const result = propose(ctx, {
      order_id: order.id,
      items: [{ item_id: shirtLine, quantity: 1 }, { item_id: shirtLine }],
      reason: 'changed_mind'
    })
    expect(linesOf(result)).toEqual([expect.objectContaining({ item_id: shirtLine, quantity: 3 })])
  })

  it('tells the model to list the items the customer named', () => {
    const tool = registry.get('process_return')
    expect(tool?.description).toMatch(/List only the items the customer named/)
    expect(tool?.description).toMatch(/only when the customer returns the whole order/)
  })
})

describe('process_return eligibility', () => {
  it.each([
    ['shipped', /on its way/],
    ['paid', /has not shipped yet/],
    ['cancelled', /was cancelled/]
  ] as const)('refuses an order that is %s', (status, why) => {
    const { ctx } = setup({ status })
    const result = propose(ctx, { order_id: 'ORD-20261101-RT01', reason: 'damaged' })
    expect(result).toMatchObject({ ok: false, error: { code: 'not_delivered' } })
    if (!result.ok) expect(result.error.message).toMatch(why)
  })

  it('refuses an order already returned in full', () => {
    const { ctx } = setup({ status: 'returned' })
    expect(propose(ctx, { order_id: 'ORD-20261101-RT01', reason: 'damaged' })).toMatchObject({
      ok: false,
      error: { code: 'already_returned' }
    })
  })

  it('accepts the last instant of the 30-day window and refuses the next day, with the dates', () => {
    const onTheDay = setup({ deliveredAt: '2026-10-11T12:00:00.000Z' })
    expect(propose(onTheDay.ctx, { order_id: 'ORD-20261101-RT01', reason: 'changed_mind' }).ok).toBe(true)

    const late = setup({ deliveredAt: '2026-10-10T11:59:59.000Z' })
    const result = propose(late.ctx, { order_id: 'ORD-20261101-RT01', reason: 'changed_mind' })
    expect(result).toMatchObject({ ok: false, error: { code: 'return_window_expired' } })
    if (!result.ok) {
      expect(result.error.message).toContain('delivered on 2026-10-10')
      expect(result.error.message).toContain('closed on 2026-11-09')
      expect(result.error.message).toContain('31 days since delivery')
    }
  })

  it('refuses items that are not on the order, naming the field and listing the real lines', () => {
    const { ctx, shirtLine, bootLine } = setup()
    const result = propose(ctx, {
      order_id: 'ORD-20261101-RT01',
      items: [
        { item_id: shirtLine, quantity: 1 },
        { item_id: 999_999, quantity: 1 }
      ],
      reason: 'damaged'
    })
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'item_not_in_order',
        field: 'items.1.item_id',
        suggestions: [String(shirtLine), String(bootLine)]
      }
    })
    expect(
      propose(ctx, {
        order_id: 'ORD-20261101-RT01',
        items: [{ product_id: 'PRD-9999', quantity: 1 }],
        reason: 'damaged'
      })
    ).toMatchObject({ ok: false, error: { code: 'item_not_in_order', field: 'items.0.product_id' } })
    expect(
      propose(ctx, {
        order_id: 'ORD-20261101-RT01',
        items: [{ item_id: shirtLine, product_id: 'PRD-0002', quantity: 1 }],
        reason: 'damaged'
      })
    ).toMatchObject({ ok: false, error: { code: 'item_not_in_order', field: 'items.0.product_id' } })
  })

  it('refuses more than what is left after earlier returns and pending proposals', () => {
    const { shop, ctx, shirtLine, bootLine, order } = setup()
    shop.appliedReturn(order.id, [{ itemId: shirtLine, quantity: 1 }], 1999)
    const tooMany = propose(ctx, {
      order_id: order.id,
      items: [{ item_id: shirtLine, quantity: 3 }],
      reason: 'damaged'
    })
    expect(tooMany).toMatchObject({
      ok: false,
      error: { code: 'quantity_exceeds_remaining', field: 'items.0.quantity' }
    })
    if (!tooMany.ok) expect(tooMany.error.message).toContain('Only 2 of Linen Shirt')

    const first = propose(ctx, {
      order_id: order.id,
      items: [{ item_id: shirtLine, quantity: 1 }],
      reason: 'changed_mind'
    })
    expect(first.ok).toBe(true)
    const second = propose(ctx, {
      order_id: order.id,
      items: [{ item_id: shirtLine, quantity: 2 }],
      reason: 'changed_mind'
    })
    expect(second).toMatchObject({ ok: false, error: { code: 'quantity_exceeds_remaining' } })
    if (!second.ok) expect(second.error.message).toContain('returned 1, awaiting approval 1')

    expect(
      propose(ctx, {
        order_id: order.id,
        items: [{ item_id: shirtLine, quantity: 1 }],
        reason: 'changed_mind'
      }).ok
    ).toBe(true)
    const firstId = first.ok ? (first.value as { action_id: string }).action_id : ''
    expect(
      propose(ctx, {
        order_id: order.id,
        items: [{ item_id: shirtLine, quantity: 1 }],
        reason: 'changed_mind'
      })
    ).toMatchObject({
      ok: false,
      error: {
        code: 'return_pending',
        field: 'items.0.item_id',
        suggestions: expect.arrayContaining([firstId])
      }
    })

    shop.appliedReturn(order.id, [{ itemId: bootLine, quantity: 1 }])
    expect(
      propose(ctx, { order_id: order.id, items: [{ item_id: bootLine, quantity: 1 }], reason: 'damaged' })
    ).toMatchObject({
      ok: false,
      error: { code: 'already_returned', field: 'items.0.item_id' }
    })
    expect(propose(ctx, { order_id: order.id, reason: 'damaged' })).toMatchObject({
      ok: false,
      error: { code: 'return_pending' }
    })
    expect(listPendingActions(shop.db)).toHaveLength(2)
  })

  it('adds up an item listed twice before checking what is left', () => {
    const { ctx, shirtLine } = setup()
    const result = propose(ctx, {
      order_id: 'ORD-20261101-RT01',
      items: [
        { item_id: shirtLine, quantity: 2 },
        { item_id: shirtLine, quantity: 2 }
      ],
      reason: 'damaged'
    })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'quantity_exceeds_remaining', field: 'items.1.quantity' }
    })
  })

  it('refunds the shipping only once per order', () => {
    const { ctx, shirtLine, bootLine } = setup()
    const first = propose(ctx, {
      order_id: 'ORD-20261101-RT01',
      items: [{ item_id: bootLine, quantity: 1 }],
      reason: 'defective'
    })
    expect(first).toMatchObject({ ok: true, value: { refund: { amount: 137.45 } } })
    const second = propose(ctx, {
      order_id: 'ORD-20261101-RT01',
      items: [{ item_id: shirtLine, quantity: 1 }],
      reason: 'damaged'
    })
    expect(second).toMatchObject({
      ok: true,
      value: { refund: { amount: 19.99 }, refund_breakdown: { shipping: { amount: 0 } } }
    })
    if (second.ok) expect(JSON.stringify(second.value)).toContain('already refunded in ACT-')
  })

  it('reports the orders it cannot find like get_order_status does', () => {
    const { ctx } = setup()
    expect(propose(ctx, { order_id: 'ORD-20261101-RT02', reason: 'damaged' })).toMatchObject({
      ok: false,
      error: { code: 'order_not_found', field: 'order_id', suggestions: ['ORD-20261101-RT01'] }
    })
    expect(propose(ctx, { order_id: 'RT01', reason: 'damaged' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_order_id' }
    })
  })

  it('names the field of a schema-invalid argument', () => {
    const { ctx, shirtLine } = setup()
    const cases: [unknown, string][] = [
      [{ order_id: 'ORD-20261101-RT01', reason: 'because' }, 'reason'],
      [{ order_id: 'ORD-20261101-RT01' }, 'reason'],
      [{ order_id: 'ORD-20261101-RT01', reason: 'damaged', items: [{ quantity: 1 }] }, 'items.0.item_id'],
      [
        { order_id: 'ORD-20261101-RT01', reason: 'damaged', items: [{ item_id: shirtLine, quantity: 0 }] },
        'items.0.quantity'
      ],
      [
        { order_id: 'ORD-20261101-RT01', reason: 'damaged', items: [{ item_id: shirtLine, quantity: 1.5 }] },
        'items.0.quantity'
      ],
      [{ order_id: 'ORD-20261101-RT01', reason: 'damaged', items: [] }, 'items']
    ]
    for (const [args, field] of cases) {
      expect(propose(ctx, args)).toMatchObject({ ok: false, error: { code: 'invalid_arguments', field } })
    }
  })
})

describe('the return policy, shared with the approval step', () => {
  it('re-checks an action without counting it against itself', () => {
    const { shop, ctx, shirtLine } = setup()
    const result = propose(ctx, {
      order_id: 'ORD-20261101-RT01',
      items: [{ item_id: shirtLine, quantity: 3 }],
      reason: 'damaged'
    })
    const actionId = result.ok ? (result.value as { action_id: string }).action_id : ''
    const request = { items: [{ itemId: shirtLine, quantity: 3 }], reason: 'damaged' }
    const now = new Date(NOW)
    const claims = (excludeActionId?: string) => claimsOnOrder(shop.db, 'ORD-20261101-RT01', excludeActionId)
    expect(assessReturn(shop.db, 'ORD-20261101-RT01', request, now, claims())).toMatchObject({
      eligible: false,
      refusal: { code: 'return_pending' }
    })
    expect(assessReturn(shop.db, 'ORD-20261101-RT01', request, now, claims(actionId))).toMatchObject({
      eligible: true,
      refund: { itemsCents: 5997, shippingCents: 795, totalCents: 6792 }
    })
    expect(assessReturn(shop.db, 'ORD-20261101-NONE', request, now, claims())).toBeUndefined()
  })

  it('never refunds more than what remains refundable on the order', () => {
    const { shop, order, bootLine } = setup()
    const money = getOrderForMoney(shop.db, order.id)
    if (!money) throw new Error('order missing')
    const claims: OrderClaims = {
      pendingByItem: new Map(),
      shippingClaimedBy: null,
      pendingAmountCents: 5000,
      pendingLocks: new Map()
    }
    const lines = [
      {
        itemId: bootLine,
        productId: 'PRD-0002',
        name: 'Hiking Boot',
        quantity: 1,
        unitPriceCents: 12950,
        lineCents: 12950
      }
    ]
    // total 19742 − 10000 refunded − 5000 pending = 4742
    const refund = computeRefund({
      order: { ...money, refundedCents: 10_000 },
      claims,
      lines,
      reason: 'damaged'
    })
    expect(refund).toMatchObject({ itemsCents: 12950, shippingCents: 795, totalCents: 4742 })
    expect(refund.notes.join(' ')).toContain('Capped at $47.42')
  })

  it('states the rules in words from the same constants', () => {
    const text = returnPolicyText()
    expect(text).toContain('within 30 days of delivery')
    expect(text).toContain('damaged, defective, wrong_item')
  })
})
