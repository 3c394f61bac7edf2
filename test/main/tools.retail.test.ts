import { describe, expect, it } from 'vitest'
import { templateRewrites } from '../../src/main/agent/draft-rewrites'
import { createApprovals } from '../../src/main/agent/approvals'
import { fixedClock } from '../../src/main/core/clock'
import { CoreEvents } from '../../src/main/core/events'
import { getAction } from '../../src/main/db/repositories/actions'
import { openShopCopy } from '../../src/main/eval/tau2/retail-shop'
import { writeShopPolicy } from '../../src/main/policy/shop-policy'
import type { ToolContext } from '../../src/main/tools/define-tool'
import { createToolRegistry } from '../../src/main/tools/registry'
import { shopTools } from '../../src/main/tools/shop-tools'
import { LOCAL_OWNER, type Caller } from '../../src/shared/domain/caller'
import { ShopBuilder } from '../support/shop-builder'
import { retailImage } from '../support/tau2-retail'

const registry = createToolRegistry(shopTools)
const clock = fixedClock('2026-11-10T12:30:00.000Z')

/** The imported τ² shop, a guest's chat ticket in it, and a way to run tools and approve. */
function setup() {
  const db = openShopCopy(retailImage())
  const ticket = new ShopBuilder(db).ticket({ channel: 'chat', customerId: null })
  const guest: Caller = { kind: 'guest', via: 'chat', ticketId: ticket }
  const ctx = (caller: Caller = guest): ToolContext => ({
    db,
    clock,
    caller,
    origin: 'chat',
    ticketId: ticket
  })
  const run = (tool: string, args: unknown, caller?: Caller) => registry.run(ctx(caller), tool, args)
  const ok = (tool: string, args: unknown, caller?: Caller) => {
    const outcome = run(tool, args, caller)
    if (!outcome.ok) throw new Error(`${tool} refused: ${outcome.error.code} ${outcome.error.message}`)
    return outcome.value as Record<string, unknown>
  }
  const events = new CoreEvents()
  const approvals = createApprovals({
    db,
    clock,
    events,
    rewrites: templateRewrites(db, clock, events),
    services: { mcpClients: { applyTimeoutMs: 1000, callTool: () => Promise.reject(new Error('none')) } }
  })
  const approve = (actionId: unknown) => approvals.approve(String(actionId), { name: 'Grace', id: null })
  const get = (sql: string, ...params: unknown[]) => db.prepare(sql).get(...params)
  return { db, run, ok, approve, get }
}

describe('the retail tools in a guest conversation', () => {
  it('a guest identified by name and zip sees and changes only that customer’s orders', async () => {
    const { run, ok, approve, get } = setup()
    // Before identifying, an order is not theirs to see.
    expect(run('get_order_details', { order_id: '#W2378156' })).toMatchObject({
      ok: false,
      error: { code: 'order_verification_needed' }
    })
    expect(ok('find_customer', { first_name: 'yusuf', last_name: 'ROSSI', zip: '19122' })).toEqual({
      customer_id: 'yusuf_rossi_9620',
      name: 'Yusuf Rossi'
    })
    const order = ok('get_order_details', { order_id: '#W2378156' })
    expect(order).toMatchObject({ customer_id: 'yusuf_rossi_9620', status: 'delivered' })
    // Another customer's order stays hidden, and the conversation cannot switch customers.
    expect(run('get_order_details', { order_id: '#W2611340' })).toMatchObject({ ok: false })
    expect(run('find_customer', { email: 'noah.brown7922@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'another_customer' }
    })
    expect(
      run('change_customer_address', {
        customer_id: 'noah_brown_6181',
        address: { line1: '1 A St', city: 'Denver', postal_code: '80279', country: 'USA' }
      })
    ).toMatchObject({ ok: false, error: { code: 'customer_not_found' } })

    // A pending order of theirs: cancelling proposes; approving cancels and refunds the payment.
    const cancel = ok('cancel_order', { order_id: '#W4776164', reason: 'no_longer_needed' })
    expect(cancel).toMatchObject({ status: 'pending_approval' })
    expect(get('SELECT status FROM orders WHERE id = ?', '#W4776164')).toEqual({ status: 'pending' })
    const applied = await approve(cancel.action_id)
    expect(applied).toMatchObject({ status: 'applied', kind: 'cancel_order' })
    expect(get('SELECT status, cancel_reason FROM orders WHERE id = ?', '#W4776164')).toEqual({
      status: 'cancelled',
      cancel_reason: 'no_longer_needed'
    })
    expect(
      get(`SELECT count(*) AS n FROM order_payments WHERE order_id = ? AND kind = 'refund'`, '#W4776164')
    ).toEqual({ n: 1 })
  })

  it('a shop whose policy does not identify guests so refuses find_customer for a guest', () => {
    const { db, run } = setup()
    writeShopPolicy(db, { text: '', guestIdentity: 'order_and_email' })
    expect(run('find_customer', { email: 'noah.brown7922@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'identification_not_allowed' }
    })
  })

  it('a change of items refuses another product’s variant, naming the field, and applies a right one', async () => {
    const { db, ok, run, approve, get } = setup()
    ok('find_customer', { email: 'yusuf.rossi7301@example.com' })
    const order = ok('get_order_details', { order_id: '#W4776164' }) as {
      items: { item_id: number; variant_id: string; product_id: string }[]
    }
    const shirt = order.items.find((i) => i.variant_id === '8349118980')!
    const wrong = run('change_order_items', {
      order_id: '#W4776164',
      items: [{ item_id: shirt.item_id, new_variant_id: '7706410293' }],
      payment_method_id: 'credit_card_9513926'
    })
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'different_product', field: 'items.0.new_variant_id' }
    })
    const change = ok('change_order_items', {
      order_id: '#W4776164',
      items: [{ item_id: shirt.item_id, new_variant_id: '9647292434' }],
      payment_method_id: 'credit_card_9513926'
    })
    await approve(change.action_id)
    expect(get('SELECT variant_id, unit_price_cents FROM order_items WHERE id = ?', shirt.item_id)).toEqual({
      variant_id: '9647292434',
      unit_price_cents: 5348
    })
    expect(
      get('SELECT items_changed_at IS NOT NULL AS changed FROM orders WHERE id = ?', '#W4776164')
    ).toEqual({
      changed: 1
    })
    // Once changed, the order can no longer be cancelled.
    expect(run('cancel_order', { order_id: '#W4776164', reason: 'ordered_by_mistake' })).toMatchObject({
      ok: false,
      error: { code: 'items_already_changed' }
    })
    expect(getAction(db, String(change.action_id))?.status).toBe('applied')
  })

  it('a return refunds to the gift card the customer chose, and its balance grows at once', async () => {
    const { ok, run, approve, get } = setup()
    ok('find_customer', { email: 'yusuf.rossi7301@example.com' }, LOCAL_OWNER)
    const order = ok('get_order_details', { order_id: '#W2378156' }, LOCAL_OWNER) as {
      items: { item_id: number }[]
    }
    // Only the original method or a gift card of the customer's.
    expect(
      run(
        'process_return',
        {
          order_id: '#W2378156',
          items: [{ item_id: order.items[0]!.item_id }],
          reason: 'other',
          refund_to: 'paypal_5727330'
        },
        LOCAL_OWNER
      )
    ).toMatchObject({ ok: false, error: { field: 'refund_to' } })
    const proposed = ok(
      'process_return',
      {
        order_id: '#W2378156',
        items: [{ item_id: order.items[0]!.item_id }],
        reason: 'other',
        refund_to: 'credit_card_9513926'
      },
      LOCAL_OWNER
    )
    expect(proposed).toMatchObject({ refund_to: 'credit_card_9513926' })
    await approve(proposed.action_id)
    expect(get('SELECT payment_method_id FROM refunds WHERE order_id = ?', '#W2378156')).toEqual({
      payment_method_id: 'credit_card_9513926'
    })
  })

  it('every retail tool is in the registry with a JSON schema, and lookups read without proposing', () => {
    const names = shopTools.map((t) => t.name)
    for (const name of [
      'find_customer',
      'get_order_details',
      'get_product_details',
      'cancel_order',
      'change_order_address',
      'change_order_items',
      'change_order_payment',
      'change_customer_address',
      'exchange_items'
    ])
      expect(names).toContain(name)
    const { ok } = setup()
    const product = ok('get_product_details', { product_id: '9523456873' }) as {
      variants: { variant_id: string; available: boolean }[]
    }
    expect(product.variants.find((v) => v.variant_id === '5047954489')).toMatchObject({ available: false })
  })

  it('a change of payment refuses a gift card that holds too little, and moves the payment to another method', async () => {
    const { ok, run, approve, db } = setup()
    const isabella: Caller = { kind: 'customer', customerId: 'isabella_lopez_6490', via: 'chat' }
    expect(
      run('change_order_payment', { order_id: '#W4923227', payment_method_id: 'gift_card_8245350' }, isabella)
    ).toMatchObject({
      ok: false,
      error: { code: 'insufficient_gift_card_balance', field: 'payment_method_id' }
    })
    const moved = ok(
      'change_order_payment',
      { order_id: '#W4923227', payment_method_id: 'paypal_1621947' },
      isabella
    )
    expect(moved).toMatchObject({ from: 'credit_card_8554680', to: 'paypal_1621947', amount_cents: 32118 })
    await approve(moved.action_id)
    expect(
      db
        .prepare(
          'SELECT kind, amount_cents, payment_method_id FROM order_payments WHERE order_id = ? ORDER BY id'
        )
        .all('#W4923227')
    ).toEqual([
      { kind: 'payment', amount_cents: 32118, payment_method_id: 'credit_card_8554680' },
      { kind: 'payment', amount_cents: 32118, payment_method_id: 'paypal_1621947' },
      { kind: 'refund', amount_cents: 32118, payment_method_id: 'credit_card_8554680' }
    ])
  })

  it('a signed-in customer cannot change another customer’s order or address', () => {
    const { run } = setup()
    const isabella: Caller = { kind: 'customer', customerId: 'isabella_lopez_6490', via: 'chat' }
    expect(
      run('cancel_order', { order_id: '#W4776164', reason: 'no_longer_needed' }, isabella)
    ).toMatchObject({ ok: false })
    expect(
      run(
        'change_customer_address',
        {
          customer_id: 'yusuf_rossi_9620',
          address: { line1: '1 A St', city: 'X', postal_code: '1', country: 'USA' }
        },
        isabella
      )
    ).toMatchObject({ ok: false, error: { code: 'customer_not_found' } })
    expect(run('find_customer', { email: 'yusuf.rossi7301@example.com' }, isabella)).toMatchObject({
      ok: false,
      error: { code: 'customer_not_found' }
    })
  })
})
