import { describe, expect, it } from 'vitest'
import { mergeOrderIdFormats, OrderIdShapeObserver } from '../../src/main/shop/infer-order-id-format'
import { orderIdRules, type OrderIdFormat } from '../../src/main/shop/order-id-format'
import { loadOrderIdFormat, saveOrderIdFormat } from '../../src/main/shop/shop-settings'
import { resolveOrderId } from '../../src/main/tools/order-id'
import { ShopBuilder } from '../support/shop-builder'

const shopify: OrderIdFormat = {
  kind: 'numbered',
  prefix: '#',
  minDigits: 4,
  maxDigits: 4,
  examples: ['#1001']
}
const tau: OrderIdFormat = {
  kind: 'numbered',
  prefix: '#W',
  minDigits: 7,
  maxDigits: 7,
  examples: ['#W2378156']
}
const woo: OrderIdFormat = { kind: 'numbered', prefix: '', minDigits: 3, maxDigits: 5, examples: ['1001'] }

const observe = (ids: string[]): OrderIdFormat | null => {
  const observer = new OrderIdShapeObserver()
  for (const id of ids) observer.observe(id)
  return observer.format()
}

describe('the shop’s order-id format, learnt from its ids', () => {
  it.each([
    [['#1001', '#1002', '#10003'], { kind: 'numbered', prefix: '#', minDigits: 4, maxDigits: 5 }],
    [['#W2378156', '#W0000001'], { kind: 'numbered', prefix: '#W', minDigits: 7, maxDigits: 7 }],
    [['812', '1001'], { kind: 'numbered', prefix: '', minDigits: 3, maxDigits: 4 }],
    [['ORD-20261103-AB12', 'ORD-20250101-ZZ99'], { kind: 'demo' }],
    [['#1001', 'SO-1002'], { kind: 'verbatim' }],
    [['A-X', 'B-Y'], { kind: 'verbatim' }]
  ])('%j → %j', (ids, expected) => {
    expect(observe(ids)).toMatchObject(expected)
  })

  it('keeps the first ids as examples, and learns nothing from nothing', () => {
    expect(observe(['#1001', '#1002', '#1003', '#1004'])).toMatchObject({
      examples: ['#1001', '#1002', '#1003']
    })
    expect(observe([])).toBeNull()
  })

  it('widens a shop’s format with a newer export, and falls back to verbatim when two shapes meet', () => {
    const wider = mergeOrderIdFormats(
      shopify,
      { ...shopify, minDigits: 5, maxDigits: 5, examples: ['#10001'] },
      true
    )
    expect(wider).toEqual({ ...shopify, maxDigits: 5 })
    expect(mergeOrderIdFormats({ kind: 'demo' }, shopify, false)).toEqual(shopify)
    expect(mergeOrderIdFormats({ kind: 'demo' }, shopify, true)).toEqual({
      kind: 'verbatim',
      examples: ['#1001']
    })
    expect(mergeOrderIdFormats(shopify, tau, true)).toEqual({ kind: 'verbatim', examples: ['#1001'] })
  })
})

describe('normalizing ids in the shop’s format', () => {
  it.each([
    [shopify, '#1001', '#1001'],
    [shopify, '1001', '#1001'],
    [shopify, 'order 1001', '#1001'],
    [shopify, 'Order #1001', '#1001'],
    [shopify, 'order no. 1001', '#1001'],
    [shopify, ' # 1001\n', '#1001'],
    [shopify, '#１００１', '#1001'],
    [tau, '#W2378156', '#W2378156'],
    [tau, '#w2378156', '#W2378156'],
    [tau, 'W2378156', '#W2378156'],
    [tau, '2378156', '#W2378156'],
    [tau, 'order #W2378156', '#W2378156'],
    [woo, '#1001', '1001'],
    [woo, 'order 1001', '1001'],
    [{ kind: 'verbatim', examples: [] }, 'order SO-7', 'SO-7'],
    [{ kind: 'demo' }, 'ord 20261103 ab12', 'ORD-20261103-AB12']
  ] as [OrderIdFormat, string, string][])('%j: %j → %s', (format, raw, id) => {
    expect(orderIdRules(format).normalize(raw)).toEqual({ ok: true, id })
  })

  it.each([
    [shopify, 'hello'],
    [shopify, '#10a1'],
    [shopify, '#1001; DROP TABLE orders'],
    [tau, '#X2378156'],
    [shopify, '']
  ] as [OrderIdFormat, string][])('%j refuses %j', (format, raw) => {
    expect(orderIdRules(format).normalize(raw)).toEqual({ ok: false, why: 'is not an order id' })
  })

  it('finds the numbers one typo away: a digit changed, dropped, doubled or two swapped', () => {
    const variants = orderIdRules({ ...shopify, minDigits: 3, maxDigits: 5 }).oneTypoAway('#1001')
    for (const id of ['#1002', '#1010', '#101', '#10001', '#0101']) expect(variants).toContain(id)
    expect(variants).not.toContain('#1001')
    expect(variants.every((v) => /^#\d{3,5}$/.test(v))).toBe(true)
  })

  it('says what the ids look like', () => {
    expect(orderIdRules(shopify)).toMatchObject({ pattern: '#NNNN', examples: ['#1001'] })
    expect(orderIdRules(woo).pattern).toBe('NNN to NNNNN')
    expect(orderIdRules({ kind: 'demo' }).pattern).toBe('ORD-YYYYMMDD-XXXX')
  })
})

describe('resolving ids of an imported shop', () => {
  const build = () => {
    const shop = new ShopBuilder()
    const ada = shop.customer()
    const bob = shop.customer()
    const p = shop.product()
    const order = (id: string, customerId: string) =>
      shop.order({
        id,
        customerId,
        placedAt: '2026-11-03T10:00:00.000Z',
        items: [{ productId: p, quantity: 1 }]
      })
    order('#1001', ada)
    order('#1010', bob)
    order('#1042', ada)
    saveOrderIdFormat(shop.db, shopify)
    return { shop, ada, bob }
  }

  it('is read from the database, demo until an import says otherwise', () => {
    const shop = new ShopBuilder()
    expect(loadOrderIdFormat(shop.db)).toEqual({ kind: 'demo' })
    saveOrderIdFormat(shop.db, tau)
    expect(loadOrderIdFormat(shop.db)).toEqual(tau)
  })

  it.each(['#1001', '1001', 'order 1001', 'Order #1001'])('%j names #1001', (typed) => {
    const { shop, ada } = build()
    expect(resolveOrderId(shop.db, typed)).toEqual({ ok: true, id: '#1001', customerId: ada })
  })

  it('suggests the real orders one typo away, the customer’s first', () => {
    const { shop, ada } = build()
    const result = resolveOrderId(shop.db, '#1000', { customerId: ada })
    expect(result).toMatchObject({ ok: false, error: { code: 'order_not_found', field: 'order_id' } })
    if (result.ok) return
    expect(result.error.suggestions).toEqual(['#1001', '#1010'])
    expect(result.error.message).toBe(
      'There is no order #1000. Did you mean #1001? Real order ids close to it (one typo away): #1001, #1010.'
    )
  })

  it('tells the shop’s own format when what was typed is not an id', () => {
    const { shop } = build()
    const result = resolveOrderId(shop.db, 'my parcel')
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_order_id' } })
    if (!result.ok)
      expect(result.error.message).toBe(
        '"my parcel" is not an order id. Order ids look like #NNNN, e.g. #1001.'
      )
  })

  it('never names another customer’s order to a customer restricted to their own', () => {
    const { shop, ada } = build()
    const own = { customerId: ada, visible: (order: { customerId: string }) => order.customerId === ada }
    expect(resolveOrderId(shop.db, '#1010', own)).toMatchObject({ ok: false })
    const result = resolveOrderId(shop.db, '#1000', own)
    if (result.ok) expect.unreachable()
    else expect(result.error.suggestions).toEqual(['#1001'])
  })

  it('still finds an id typed exactly as stored when it does not fit the format', () => {
    const { shop, ada } = build()
    const p = shop.product()
    shop.order({ id: 'ORD-20261103-AB12', customerId: ada, items: [{ productId: p, quantity: 1 }] })
    expect(resolveOrderId(shop.db, 'ORD-20261103-AB12')).toMatchObject({ ok: true, id: 'ORD-20261103-AB12' })
  })
})
