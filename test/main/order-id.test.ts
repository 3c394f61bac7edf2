import { describe, expect, it } from 'vitest'
import { normalizeOrderId, oneCharacterVariants, resolveOrderId } from '../../src/main/tools/order-id'
import { ShopBuilder } from '../support/shop-builder'

describe('normalizeOrderId', () => {
  it.each([
    ['ORD-20261103-AB12', 'ORD-20261103-AB12'],
    ['ord-20261103-ab12', 'ORD-20261103-AB12'],
    ['ord 20261103 ab12', 'ORD-20261103-AB12'],
    ['ORD20261103AB12', 'ORD-20261103-AB12'],
    ['  ORD-20261103-AB12\n', 'ORD-20261103-AB12'],
    ['#ORD-20261103-AB12', 'ORD-20261103-AB12'],
    ['Order 20261103-AB12', 'ORD-20261103-AB12'],
    ['20261103-ab12', 'ORD-20261103-AB12'],
    ['ORD–20261103–AB12', 'ORD-20261103-AB12'],
    ['ORD_2026.11.03_AB12', 'ORD-20261103-AB12'],
    ['ＯＲＤ-20261103-AB12', 'ORD-20261103-AB12'],
    ['ORD-20240229-0000', 'ORD-20240229-0000']
  ])('%j → %s', (raw, canonical) => {
    expect(normalizeOrderId(raw)).toMatchObject({ ok: true, id: canonical })
  })

  it.each([
    ['', 'format'],
    ['hello', 'format'],
    ['ORD-2026113-AB12', 'format'],
    ['ORD-20261103-AB1', 'format'],
    ['ORD-20261103-AB123', 'format'],
    ['ORD-20261103-AB!2', 'format'],
    ['INV-20261103-AB12', 'format'],
    ["ORD-20261103-AB12'; DROP TABLE orders; --", 'format'],
    ['ORD-20261340-AB12', 'date'],
    ['ORD-20250229-AB12', 'date'],
    ['ORD-20261131-AB12', 'date']
  ])('%j is refused (%s)', (raw, reason) => {
    expect(normalizeOrderId(raw)).toEqual({ ok: false, reason })
  })
})

describe('oneCharacterVariants', () => {
  it('covers every single substitution of the suffix and real-date substitutions of the date', () => {
    const variants = oneCharacterVariants('ORD-20261103-AB12')
    expect(variants).toContain('ORD-20261103-AB13')
    expect(variants).toContain('ORD-20261103-XB12')
    expect(variants).toContain('ORD-20261104-AB12')
    expect(variants).toContain('ORD-20261103-BA12')
    expect(variants).not.toContain('ORD-20261103-AB12')
    expect(variants).not.toContain('ORD-20261903-AB12')
    expect(variants.every((v) => normalizeOrderId(v).ok)).toBe(true)
  })
})

describe('resolveOrderId', () => {
  const build = () => {
    const shop = new ShopBuilder()
    shop.customer()
    shop.customer()
    const p = shop.product()
    const order = (id: string, customerId: string) =>
      shop.order({ id, customerId, items: [{ productId: p, quantity: 1 }] })
    order('ORD-20261103-AAAA', 'CUS-000002')
    order('ORD-20261103-KQ7P', 'CUS-000002')
    order('ORD-20261103-MMMM', 'CUS-000001')
    order('ORD-20261103-ZZZZ', 'CUS-000002')
    order('ORD-20261104-KQ7R', 'CUS-000001')
    order('ORD-20261001-SEPT', 'CUS-000001')
    return shop
  }

  it('resolves a sloppy id to the canonical id of an existing order', () => {
    const shop = build()
    expect(resolveOrderId(shop.db, 'ord 20261103 kq7p')).toEqual({
      ok: true,
      id: 'ORD-20261103-KQ7P',
      customerId: 'CUS-000002'
    })
  })

  it("suggests real ids of that date, the one-typo-away order first, then the customer's", () => {
    const shop = build()
    const result = resolveOrderId(shop.db, 'ORD-20261103-KQ7X', { customerId: 'CUS-000001' })
    expect(result).toMatchObject({ ok: false, error: { code: 'order_not_found', field: 'order_id' } })
    if (result.ok) return
    expect(result.error.suggestions).toEqual([
      'ORD-20261103-KQ7P',
      'ORD-20261103-MMMM',
      'ORD-20261103-AAAA',
      'ORD-20261103-ZZZZ'
    ])
    expect(result.error.message).toContain('Did you mean ORD-20261103-KQ7P?')
  })

  it('finds a typo in the date digits too', () => {
    const shop = build()
    const result = resolveOrderId(shop.db, 'ORD-20261105-KQ7R', { customerId: 'CUS-000001' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.suggestions).toEqual(['ORD-20261104-KQ7R'])
  })

  it('without a customer, lists that date in id order', () => {
    const shop = build()
    const result = resolveOrderId(shop.db, 'ORD-20261103-QQQQ')
    if (!result.ok) {
      expect(result.error.suggestions).toEqual([
        'ORD-20261103-AAAA',
        'ORD-20261103-KQ7P',
        'ORD-20261103-MMMM',
        'ORD-20261103-ZZZZ'
      ])
      expect(result.error.message).not.toContain('Did you mean')
    } else expect.unreachable()
  })

  it("falls back to the customer's recent orders when nothing was placed that day", () => {
    const shop = build()
    const result = resolveOrderId(shop.db, 'ORD-20250101-QQQQ', { customerId: 'CUS-000001' })
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'order_not_found',
        suggestions: ['ORD-20261104-KQ7R', 'ORD-20261103-MMMM', 'ORD-20261001-SEPT']
      }
    })
  })

  it('explains the expected format for a malformed id', () => {
    const shop = build()
    const result = resolveOrderId(shop.db, 'my order from tuesday')
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_order_id', field: 'order_id' } })
    if (!result.ok) expect(result.error.message).toContain('ORD-YYYYMMDD-XXXX')
    expect(resolveOrderId(shop.db, 'ORD-20261340-AB12')).toMatchObject({
      ok: false,
      error: { code: 'invalid_order_id' }
    })
  })

  it("a customer restricted to their own orders neither finds nor is told other customers' ids", () => {
    const shop = build()
    const own = {
      customerId: 'CUS-000001',
      visible: (order: { customerId: string }) => order.customerId === 'CUS-000001'
    }
    const other = resolveOrderId(shop.db, 'ORD-20261103-KQ7P', own)
    expect(other).toMatchObject({ ok: false, error: { code: 'order_not_found' } })
    // Worded the same whether the order is someone else's or does not exist.
    if (!other.ok) expect(other.error.message).toMatch(/^No order ORD-20261103-KQ7P is among the orders/)
    const result = resolveOrderId(shop.db, 'ORD-20261103-KQ7X', own)
    if (!result.ok) expect(result.error.suggestions).toEqual(['ORD-20261103-MMMM'])
    else expect.unreachable()
    expect(resolveOrderId(shop.db, 'ORD-20261103-MMMM', own)).toMatchObject({ ok: true })
  })
})
