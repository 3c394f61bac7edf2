import { describe, expect, it } from 'vitest'
import { createApprovals } from '../../src/main/agent/approvals'
import { createDraftRewrites } from '../../src/main/agent/draft-rewrites'
import { fixedClock } from '../../src/main/core/clock'
import { CoreEvents } from '../../src/main/core/events'
import { getAction, listPendingActions } from '../../src/main/db/repositories/actions'
import { finishDraft, getDraft, insertDraft } from '../../src/main/db/repositories/drafts'
import { storeCreditBalanceCents } from '../../src/main/db/repositories/store-credits'
import { writeMoneyCaps } from '../../src/main/policy/refund-policy'
import type { ToolContext } from '../../src/main/tools/define-tool'
import { createToolRegistry } from '../../src/main/tools/registry'
import { shopTools } from '../../src/main/tools/shop-tools'
import { LOCAL_OWNER, type Caller } from '../../src/shared/domain/caller'
import { ShopBuilder } from '../support/shop-builder'

const registry = createToolRegistry(shopTools)
const NOW = '2026-11-10T12:00:00.000Z'
const ADA_ORDER = 'ORD-20261101-RF01'
const BOB_ORDER = 'ORD-20261102-RF02'

function setup() {
  const shop = new ShopBuilder()
  const ada = shop.customer({ name: 'Ada' })
  const bob = shop.customer({ name: 'Bob' })
  const shirt = shop.product({ name: 'Linen Shirt', priceCents: 1999 })
  const boot = shop.product({ name: 'Hiking Boot', priceCents: 12950 })
  // 3 × 19.99 + 129.50 + 7.95 shipping = 197.42
  const order = shop.order({
    id: ADA_ORDER,
    customerId: ada,
    status: 'delivered',
    deliveredAt: '2026-11-05T10:00:00.000Z',
    shippingCents: 795,
    items: [
      { productId: shirt, quantity: 3 },
      { productId: boot, quantity: 1 }
    ]
  })
  shop.order({
    id: BOB_ORDER,
    customerId: bob,
    status: 'delivered',
    items: [{ productId: boot, quantity: 1 }]
  })
  const ticket = shop.ticket({ customerId: ada })
  insertDraft(shop.db, { id: 'DRF-1', ticketId: ticket, providerId: 'demo', model: 'demo-1', now: NOW })
  const ctx = (caller: Caller = LOCAL_OWNER): ToolContext => ({
    db: shop.db,
    clock: fixedClock(NOW),
    caller,
    origin: 'agent',
    ticketId: ticket,
    draftId: 'DRF-1',
    customerId: ada
  })
  const clock = fixedClock('2026-11-10T13:00:00.000Z')
  const events = new CoreEvents()
  // No model here: the reply that proposed an action is rewritten from the template.
  const rewrites = createDraftRewrites({
    db: shop.db,
    clock,
    events,
    gateway: { chat: () => Promise.resolve({ ok: false, kind: 'error', message: 'no model', latencyMs: 0 }) },
    model: () => ({ providerId: 'none', model: 'none' })
  })
  const approvals = createApprovals({
    db: shop.db,
    clock,
    events,
    rewrites,
    services: {
      mcpClients: {
        applyTimeoutMs: 1000,
        callTool: () => Promise.reject(new Error('no external server in this test'))
      }
    }
  })
  return { shop, ada, bob, order, ticket, ctx, approvals, rewrites }
}

type Proposed = {
  action_id: string
  status: string
  type: string
  amount: { amount: number; currency: string }
}

const propose = (ctx: ToolContext, args: Record<string, unknown>) => registry.run(ctx, 'issue_refund', args)

function proposed(ctx: ToolContext, args: Record<string, unknown>): Proposed {
  const outcome = propose(ctx, args)
  if (!outcome.ok) throw new Error(`refused: ${outcome.error.code} ${outcome.error.message}`)
  return outcome.value as Proposed
}

const count = (shop: ShopBuilder, table: string): number =>
  shop.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number

describe('issue_refund proposes a refund of an amount, never applies it', () => {
  it('a partial refund: pending with the order’s money facts, nothing refunded yet', () => {
    const { shop, ctx, ticket } = setup()
    const value = proposed(ctx(), {
      order_id: 'ord 20261101 rf01',
      amount: 12.5,
      reason: 'late_delivery',
      note: '  Parcel came a week late  '
    })
    expect(value).toMatchObject({
      status: 'pending_approval',
      type: 'refund',
      order_id: ADA_ORDER,
      amount: { amount: 12.5, currency: 'USD' },
      message: 'A person must approve this refund before it is issued.'
    })
    expect(getAction(shop.db, value.action_id)).toMatchObject({
      kind: 'refund',
      status: 'pending_approval',
      ticketId: ticket,
      draftId: 'DRF-1',
      orderId: ADA_ORDER,
      amount: { amount: 12.5, currency: 'USD' },
      payload: {
        order_id: ADA_ORDER,
        customer_id: 'CUS-000001',
        amount_cents: 1250,
        currency: 'USD',
        reason: 'late_delivery',
        note: 'Parcel came a week late'
      },
      eligibility: {
        order_status: 'delivered',
        paid_cents: 19742,
        refunded_cents: 0,
        pending_cents: 0,
        refundable_cents: 19742,
        cap_cents: 50_000,
        checked_at: NOW
      }
    })
    expect(count(shop, 'refunds')).toBe(0)
  })

  it('refuses an over-refund, naming the field: never more than paid minus refunded and awaiting approval', () => {
    const { shop, ctx, order } = setup()
    // 19.99 already refunded with a return, 100.00 in a refund awaiting a person: 77.43 left.
    shop.appliedReturn(order.id, [{ itemId: order.itemIds[0] ?? 0, quantity: 1 }], 1999)
    proposed(ctx(), { order_id: ADA_ORDER, amount: 100, reason: 'damaged_item' })

    const over = propose(ctx(), { order_id: ADA_ORDER, amount: 77.44, reason: 'damaged_item' })
    expect(over).toEqual({
      ok: false,
      error: {
        code: 'amount_exceeds_refundable',
        message:
          'Order ORD-20261101-RF01 was paid $197.42; $19.99 is already refunded and $100.00 awaits approval in ' +
          'other actions, so at most $77.43 can still be refunded, not $77.44.',
        field: 'amount'
      }
    })
    expect(proposed(ctx(), { order_id: ADA_ORDER, amount: 77.43, reason: 'damaged_item' }).status).toBe(
      'pending_approval'
    )
    const nothingLeft = propose(ctx(), { order_id: ADA_ORDER, amount: 0.01, reason: 'damaged_item' })
    expect(!nothingLeft.ok && nothingLeft.error).toMatchObject({
      code: 'amount_exceeds_refundable',
      field: 'amount'
    })
    expect(!nothingLeft.ok && nothingLeft.error.message).toMatch(/nothing more can be refunded/)
  })

  it('refuses an amount that is not whole cents, or in another currency, naming the field', () => {
    const { ctx } = setup()
    const cents = propose(ctx(), { order_id: ADA_ORDER, amount: 1.005, reason: 'other' })
    expect(!cents.ok && cents.error).toMatchObject({ code: 'invalid_arguments', field: 'amount' })
    const currency = propose(ctx(), { order_id: ADA_ORDER, amount: 5, currency: 'EUR', reason: 'other' })
    expect(!currency.ok && currency.error).toMatchObject({ code: 'currency_mismatch', field: 'currency' })
    expect(proposed(ctx(), { order_id: ADA_ORDER, amount: 5, currency: 'usd', reason: 'other' }).status).toBe(
      'pending_approval'
    )
  })

  it('refuses an order that was never paid or was cancelled', () => {
    const { shop, ctx, ada } = setup()
    const kettle = shop.product({ name: 'Kettle', priceCents: 4999 })
    for (const [id, status] of [
      ['ORD-20261103-PEND', 'pending'],
      ['ORD-20261103-CANC', 'cancelled']
    ] as const) {
      shop.order({ id, customerId: ada, status, items: [{ productId: kettle, quantity: 1 }] })
      const refused = propose(ctx(), { order_id: id, amount: 5, reason: 'other' })
      expect(!refused.ok && refused.error).toMatchObject({
        code: status === 'pending' ? 'order_not_paid' : 'order_cancelled',
        field: 'order_id'
      })
    }
  })
})

describe('caps on one refund and one goodwill credit', () => {
  it('refuses a refund above the cap for one refund, which is a setting', () => {
    const { shop, ctx } = setup()
    const kettle = shop.product({ name: 'Espresso machine', priceCents: 89_900 })
    shop.order({
      id: 'ORD-20261104-BIG1',
      customerId: 'CUS-000001',
      status: 'delivered',
      items: [{ productId: kettle, quantity: 1 }]
    })
    const aboveDefault = propose(ctx(), {
      order_id: 'ORD-20261104-BIG1',
      amount: 500.01,
      reason: 'price_adjustment'
    })
    expect(!aboveDefault.ok && aboveDefault.error).toEqual({
      code: 'amount_over_cap',
      message:
        "$500.01 is above the shop's cap of $500.00 for one refund. Propose at most $500.00, or leave a larger sum to a person.",
      field: 'amount'
    })
    expect(
      proposed(ctx(), { order_id: 'ORD-20261104-BIG1', amount: 500, reason: 'price_adjustment' }).status
    ).toBe('pending_approval')

    writeMoneyCaps(shop.db, { refundCents: 2_000, goodwillCreditCents: 1_000 })
    const aboveSetting = propose(ctx(), { order_id: ADA_ORDER, amount: 20.01, reason: 'price_adjustment' })
    expect(!aboveSetting.ok && aboveSetting.error).toMatchObject({ code: 'amount_over_cap', field: 'amount' })
    expect(!aboveSetting.ok && aboveSetting.error.message).toContain('cap of $20.00 for one refund')
  })

  it('goodwill credit has its own, smaller cap and does not count against what the order can refund', () => {
    const { shop, ctx } = setup()
    const above = propose(ctx(), {
      order_id: ADA_ORDER,
      amount: 50.01,
      type: 'goodwill_credit',
      reason: 'late_delivery'
    })
    expect(!above.ok && above.error).toMatchObject({ code: 'amount_over_cap', field: 'amount' })
    expect(!above.ok && above.error.message).toContain('cap of $50.00 for one goodwill credit')

    const credit = proposed(ctx(), {
      order_id: ADA_ORDER,
      amount: 50,
      type: 'goodwill_credit',
      reason: 'late_delivery'
    })
    expect(credit).toMatchObject({
      type: 'goodwill_credit',
      message: 'A person must approve this credit before it is added to the customer’s account.'
    })
    expect(getAction(shop.db, credit.action_id)).toMatchObject({
      kind: 'goodwill_credit',
      amount: { amount: 50, currency: 'USD' },
      eligibility: { cap_cents: 5_000, balance_cents: 0, order_status: 'delivered' }
    })
    // The whole payment can still be refunded beside it.
    expect(proposed(ctx(), { order_id: ADA_ORDER, amount: 197.42, reason: 'damaged_item' }).status).toBe(
      'pending_approval'
    )
  })
})

describe('approving a refund or a goodwill credit', () => {
  it('applies a refund exactly once however often it is approved, and the unsent reply says so', async () => {
    const { shop, ctx, approvals, ticket, rewrites } = setup()
    finishDraft(shop.db, {
      id: 'DRF-1',
      status: 'ready',
      body: 'Hi Ada,\n\nI have asked for a refund of $12.50; a teammate will confirm it.\n\nBest regards,\nThe Frontline support team',
      reason: null,
      providerId: 'demo',
      model: 'demo-1',
      tokensIn: 0,
      tokensOut: 0,
      costMicroUsd: 0,
      now: NOW
    })
    const { action_id } = proposed(ctx(), { order_id: ADA_ORDER, amount: 12.5, reason: 'late_delivery' })

    const [first, second] = await Promise.all([
      approvals.approve(action_id, { name: 'Priya', id: null }),
      approvals.approve(action_id, { name: 'Priya', id: null })
    ])
    const third = await approvals.approve(action_id, { name: 'Sam', id: null })
    for (const decided of [first, second, third]) expect(decided.status).toBe('applied')
    expect(shop.db.prepare('SELECT order_id, return_id, amount_cents, currency FROM refunds').all()).toEqual([
      { order_id: ADA_ORDER, return_id: null, amount_cents: 1250, currency: 'USD' }
    ])
    const applied = getAction(shop.db, action_id)
    expect(applied).toMatchObject({
      decidedBy: 'Priya',
      result: { refundCents: 1250, currency: 'USD', refundId: expect.stringMatching(/^REF-/) }
    })
    expect(
      shop.db.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'action.approved'`).pluck().get()
    ).toBe(1)
    await rewrites.idle()
    // One text that tells the decision: the sentence that awaited it is gone, not contradicted.
    expect(getDraft(shop.db, 'DRF-1')?.body).toBe(
      'Hi Ada,\n\n' +
        `A refund of $12.50 for order ${ADA_ORDER} has been approved and is on its way to your original payment method.\n\n` +
        'Best regards,\nThe Frontline support team'
    )
    const thread = shop.db
      .prepare(`SELECT body FROM messages WHERE ticket_id = ? AND author = 'system'`)
      .pluck()
      .all(ticket)
    expect(thread).toEqual([
      expect.stringMatching(/^Refund REF-.* of \$12\.50 for order ORD-20261101-RF01 approved by Priya\.$/)
    ])
  })

  it('refuses to apply a refund the order no longer has room for, and writes nothing', async () => {
    const { shop, ctx, approvals, order } = setup()
    const { action_id } = proposed(ctx(), { order_id: ADA_ORDER, amount: 150, reason: 'damaged_item' })
    // Meanwhile a return refunded most of the order.
    shop.appliedReturn(order.id, [{ itemId: order.itemIds[1] ?? 0, quantity: 1 }], 12_950)
    await expect(approvals.approve(action_id, { name: 'Priya', id: null })).rejects.toThrow(
      /This refund can no longer be applied: .*at most \$67\.92 can still be refunded/
    )
    expect(getAction(shop.db, action_id)?.status).toBe('pending_approval')
    expect(shop.db.prepare('SELECT COUNT(*) FROM refunds WHERE return_id IS NULL').pluck().get()).toBe(0)
  })

  it('adds a goodwill credit to the customer’s store credit once, however often it is approved', async () => {
    const { shop, ctx, approvals, ada } = setup()
    const { action_id } = proposed(ctx(), {
      order_id: ADA_ORDER,
      amount: 15,
      type: 'goodwill_credit',
      reason: 'service_issue'
    })
    await approvals.approve(action_id, { name: 'Priya', id: null })
    await approvals.approve(action_id, { name: 'Priya', id: null })
    expect(count(shop, 'store_credits')).toBe(1)
    expect(count(shop, 'refunds')).toBe(0)
    expect(storeCreditBalanceCents(shop.db, ada, 'USD')).toBe(1500)
    expect(getAction(shop.db, action_id)?.result).toMatchObject({ creditCents: 1500, balanceCents: 1500 })
    expect(listPendingActions(shop.db)).toEqual([])
  })
})

describe('issue_refund acts for its caller', () => {
  it('refuses another customer’s order when the caller is a customer, and proposes nothing', () => {
    const { shop, ctx, ada } = setup()
    const asAda = ctx({ kind: 'customer', customerId: ada, via: 'chat' })
    for (const type of ['refund', 'goodwill_credit']) {
      const refused = propose(asAda, { order_id: BOB_ORDER, amount: 5, type, reason: 'other' })
      expect(refused.ok).toBe(false)
      if (refused.ok) return
      expect(refused.error).toMatchObject({ code: 'order_not_found', field: 'order_id' })
      expect(refused.error.suggestions ?? []).not.toContain(BOB_ORDER)
    }
    expect(listPendingActions(shop.db)).toEqual([])
    // Her own order, she may.
    expect(proposed(asAda, { order_id: ADA_ORDER, amount: 5, reason: 'other' }).status).toBe(
      'pending_approval'
    )
  })
})
