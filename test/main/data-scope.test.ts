import { describe, expect, it } from 'vitest'
import { recordOrderProof } from '../../src/main/db/repositories/order-proofs'
import { dataScopeOf, mayViewOrder, outsideScope } from '../../src/main/policy/data-scope'
import { LOCAL_OWNER } from '../../src/shared/domain/caller'
import { ShopBuilder } from '../support/shop-builder'

function setup() {
  const shop = new ShopBuilder()
  const ada = shop.customer({ name: 'Ada' })
  const bob = shop.customer({ name: 'Bob', email: 'bob@example.com' })
  const sock = shop.product({ name: 'Wool Socks', priceCents: 1250 })
  shop.order({ id: 'ORD-20261103-AB12', customerId: ada, items: [{ productId: sock, quantity: 1 }] })
  shop.order({ id: 'ORD-20261103-BOB1', customerId: bob, items: [{ productId: sock, quantity: 1 }] })
  return { db: shop.db, shop, ada, bob }
}

describe('the data scope', () => {
  it('lets the shop see every order, a customer their own, a guest what they proved in their chat', () => {
    const { db, shop, ada } = setup()
    const adas = { id: 'ORD-20261103-AB12', customerId: ada }
    expect(mayViewOrder(db, dataScopeOf(LOCAL_OWNER), adas)).toBe(true)
    expect(mayViewOrder(db, { kind: 'customer', customerId: ada }, adas)).toBe(true)
    expect(mayViewOrder(db, { kind: 'customer', customerId: 'CUS-000002' }, adas)).toBe(false)
    const ticketId = shop.ticket({ channel: 'chat' })
    const guest = dataScopeOf({ kind: 'guest', via: 'chat', ticketId })
    expect(mayViewOrder(db, guest, adas)).toBe(false)
    recordOrderProof(db, ticketId, adas.id, '2026-11-20T12:00:00.000Z')
    expect(mayViewOrder(db, guest, adas)).toBe(true)
    expect(mayViewOrder(db, { kind: 'guest', ticketId: null }, adas)).toBe(false)
  })

  it("finds another customer's order ids, account ids and emails in any tool result, failed ones too", () => {
    const { db, ada } = setup()
    const asAda = { kind: 'customer' as const, customerId: ada }
    const failed = {
      ok: false,
      error: {
        code: 'order_not_found',
        message: 'Did you mean ORD-20261103-BOB1?',
        suggestions: ['ORD-20261103-BOB1']
      }
    }
    expect(outsideScope(db, asAda, failed)).toEqual(['ORD-20261103-BOB1'])
    expect(outsideScope(db, asAda, { ok: true, value: { customer: { id: 'CUS-000002' } } })).toEqual([
      'CUS-000002'
    ])
    expect(outsideScope(db, asAda, { note: 'write to BOB@example.com' })).toEqual(['CUS-000002'])
    expect(
      outsideScope(db, asAda, { ok: true, value: { order_id: 'ORD-20261103-AB12', customer_id: ada } })
    ).toEqual([])
    // What the call was given (the conversation's own words) is not something the tool revealed.
    expect(outsideScope(db, asAda, failed, { order_id: 'ord 20261103 bob1' })).toEqual([])
    // A guest sees no account at all; the shop sees everything.
    expect(outsideScope(db, { kind: 'guest', ticketId: null }, { customer_id: ada })).toEqual([ada])
    expect(outsideScope(db, { kind: 'shop' }, failed)).toEqual([])
  })
})
