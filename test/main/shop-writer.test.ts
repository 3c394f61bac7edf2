import { describe, expect, it } from 'vitest'
import { openDb, type Db } from '../../src/main/db/connection'
import type { OrderRecord, ShopRecord } from '../../src/main/shop/shop-records'
import { customerIdForEmail, createShopWriter } from '../../src/main/shop/shop-writer'
import { ShopBuilder } from '../support/shop-builder'

const order = (overrides: Partial<OrderRecord> = {}): ShopRecord => ({
  kind: 'order',
  value: {
    id: '#1001',
    customer: { email: 'grace@example.com', name: 'Grace Hopper' },
    status: 'paid',
    placedAt: '2026-11-03T10:00:00.000Z',
    shippedAt: null,
    deliveredAt: null,
    carrier: null,
    trackingNumber: null,
    estimatedDelivery: null,
    subtotalCents: 6400,
    shippingCents: 500,
    totalCents: 6900,
    currency: 'EUR',
    shippingAddress: '1 Harbour Road, Cork, IE',
    items: [
      { productId: 'KET-1', name: 'Copper Kettle', quantity: 1, unitPriceCents: 5900 },
      { productId: 'MUG-2', name: 'Mug', quantity: 1, unitPriceCents: 500 }
    ],
    ...overrides
  }
})

const rows = (db: Db, sql: string) => db.prepare(sql).all()

describe('the shop writer', () => {
  it('creates an order with its customer and the products its lines name', () => {
    const db = openDb(':memory:')
    const result = createShopWriter(db).writeBatch([order()])
    expect(result.outcomes).toEqual([{ result: 'created' }])
    expect(result.tally).toEqual({
      customers: { created: 1, updated: 0, unchanged: 0 },
      products: { created: 2, updated: 0, unchanged: 0 },
      orders: { created: 1, updated: 0, unchanged: 0 }
    })
    const customerId = customerIdForEmail('grace@example.com')
    expect(rows(db, 'SELECT id, name, email, created_at FROM customers')).toEqual([
      {
        id: customerId,
        name: 'Grace Hopper',
        email: 'grace@example.com',
        created_at: '2026-11-03T10:00:00.000Z'
      }
    ])
    expect(rows(db, 'SELECT id, customer_id, total_cents, currency FROM orders')).toEqual([
      { id: '#1001', customer_id: customerId, total_cents: 6900, currency: 'EUR' }
    ])
    expect(rows(db, 'SELECT product_id, quantity, unit_price_cents FROM order_items ORDER BY id')).toEqual([
      { product_id: 'KET-1', quantity: 1, unit_price_cents: 5900 },
      { product_id: 'MUG-2', quantity: 1, unit_price_cents: 500 }
    ])
    expect(rows(db, 'SELECT id, name, price_cents, currency, stock FROM products ORDER BY id')).toEqual([
      { id: 'KET-1', name: 'Copper Kettle', price_cents: 5900, currency: 'EUR', stock: 0 },
      { id: 'MUG-2', name: 'Mug', price_cents: 500, currency: 'EUR', stock: 0 }
    ])
  })

  it('writing the same records again changes nothing and says so', () => {
    const db = openDb(':memory:')
    const writer = createShopWriter(db)
    const records: ShopRecord[] = [
      { kind: 'customer', value: { id: '7012', email: 'grace@example.com', name: 'Grace Hopper' } },
      {
        kind: 'product',
        value: {
          id: 'KET-1',
          name: 'Copper Kettle',
          description: 'Boils.',
          category: 'Kitchen',
          priceCents: 5900,
          currency: 'EUR',
          stock: 4
        }
      },
      order()
    ]
    writer.writeBatch(records)
    const before = rows(db, 'SELECT * FROM order_items')
    const again = createShopWriter(db).writeBatch(records)
    expect(again.outcomes).toEqual([
      { result: 'unchanged' },
      { result: 'unchanged' },
      { result: 'unchanged' }
    ])
    expect(again.tally.orders).toEqual({ created: 0, updated: 0, unchanged: 1 })
    expect(rows(db, 'SELECT * FROM order_items')).toEqual(before)
    expect(rows(db, 'SELECT COUNT(*) AS n FROM customers')).toEqual([{ n: 1 }])
    // The order found Grace by email and kept her shop id.
    expect(rows(db, 'SELECT customer_id FROM orders')).toEqual([{ customer_id: '7012' }])
  })

  it('updates an order from a newer export: its status, and its lines in place', () => {
    const db = openDb(':memory:')
    const writer = createShopWriter(db)
    writer.writeBatch([order()])
    const [first] = rows(db, 'SELECT id FROM order_items ORDER BY id') as { id: number }[]
    const newer = order({
      status: 'shipped',
      shippedAt: '2026-11-04T09:00:00.000Z',
      items: [
        { productId: 'KET-1', name: 'Copper Kettle', quantity: 2, unitPriceCents: 5900 },
        { productId: 'MUG-2', name: 'Mug', quantity: 1, unitPriceCents: 500 },
        { productId: 'TEA-3', name: 'Tea', quantity: 3, unitPriceCents: 400 }
      ]
    })
    expect(writer.writeBatch([newer]).outcomes).toEqual([{ result: 'updated' }])
    expect(rows(db, 'SELECT status, shipped_at FROM orders')).toEqual([
      { status: 'shipped', shipped_at: '2026-11-04T09:00:00.000Z' }
    ])
    expect(rows(db, 'SELECT id, product_id, quantity FROM order_items ORDER BY id')).toEqual([
      { id: first?.id, product_id: 'KET-1', quantity: 2 },
      { id: expect.any(Number), product_id: 'MUG-2', quantity: 1 },
      { id: expect.any(Number), product_id: 'TEA-3', quantity: 3 }
    ])
    const shorter = order({
      items: [{ productId: 'KET-1', name: 'Copper Kettle', quantity: 1, unitPriceCents: 5900 }]
    })
    writer.writeBatch([shorter])
    expect(rows(db, 'SELECT product_id FROM order_items')).toEqual([{ product_id: 'KET-1' }])
  })

  it('refuses an update that would drop a returned line, and leaves the order as it was', () => {
    const shop = new ShopBuilder()
    const writer = createShopWriter(shop.db)
    writer.writeBatch([order()])
    const [, mug] = rows(shop.db, 'SELECT id FROM order_items ORDER BY id') as { id: number }[]
    shop.appliedReturn('#1001', [{ itemId: mug!.id, quantity: 1 }])
    const result = writer.writeBatch([
      order({
        status: 'cancelled',
        items: [{ productId: 'KET-1', name: 'Copper Kettle', quantity: 1, unitPriceCents: 5900 }]
      })
    ])
    expect(result.outcomes).toEqual([
      {
        result: 'refused',
        field: 'items',
        message: expect.stringMatching(/line 2 of order #1001 was returned/)
      }
    ])
    expect(rows(shop.db, 'SELECT status FROM orders')).toEqual([{ status: 'paid' }])
    expect(rows(shop.db, 'SELECT COUNT(*) AS n FROM order_items')).toEqual([{ n: 2 }])
  })

  it('refuses a customer whose new email is another customer’s, and writes the rest of the batch', () => {
    const db = openDb(':memory:')
    const writer = createShopWriter(db)
    writer.writeBatch([
      { kind: 'customer', value: { id: '1', email: 'a@example.com', name: 'A' } },
      { kind: 'customer', value: { id: '2', email: 'b@example.com', name: 'B' } }
    ])
    const result = writer.writeBatch([
      { kind: 'customer', value: { id: '1', email: 'b@example.com', name: 'A' } },
      { kind: 'customer', value: { id: '3', email: 'c@example.com', name: 'C' } }
    ])
    expect(result.outcomes).toEqual([
      { result: 'refused', field: 'email', message: 'b@example.com already belongs to customer 2' },
      { result: 'created' }
    ])
    expect(rows(db, 'SELECT id, email FROM customers ORDER BY id')).toEqual([
      { id: '1', email: 'a@example.com' },
      { id: '2', email: 'b@example.com' },
      { id: '3', email: 'c@example.com' }
    ])
  })

  it('refuses a record that breaks a constraint no check foresaw, leaving nothing of it, and writes the rest', () => {
    const db = openDb(':memory:')
    const tooLong = order({ id: 'x'.repeat(65), customer: { email: 'ghost@example.com', name: 'Ghost' } })
    const result = createShopWriter(db).writeBatch([order(), tooLong, order({ id: '#1002' })])
    expect(result.outcomes).toEqual([
      { result: 'created' },
      { result: 'refused', field: '(record)', message: expect.stringMatching(/CHECK constraint failed/) },
      { result: 'created' }
    ])
    expect(result.tally.orders.created).toBe(2)
    expect(rows(db, 'SELECT id FROM orders ORDER BY id')).toEqual([{ id: '#1001' }, { id: '#1002' }])
    expect(rows(db, 'SELECT email FROM customers')).toEqual([{ email: 'grace@example.com' }])
  })

  it('keeps each order’s own currency', () => {
    const db = openDb(':memory:')
    createShopWriter(db).writeBatch([
      order(),
      order({
        id: '#1002',
        currency: 'GBP',
        items: [{ productId: 'KET-1', name: 'Copper Kettle', quantity: 1, unitPriceCents: 5100 }]
      })
    ])
    expect(rows(db, 'SELECT id, currency FROM orders ORDER BY id')).toEqual([
      { id: '#1001', currency: 'EUR' },
      { id: '#1002', currency: 'GBP' }
    ])
  })
})
