import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDb } from '../../src/main/db/connection'
import { importRetailDb } from '../../src/main/eval/tau2/import-retail-db'
import { openShopCopy } from '../../src/main/eval/tau2/retail-shop'
import { RETAIL_DIR, RETAIL_NOW, retailData, retailImage } from '../support/tau2-retail'

const one = (db: ReturnType<typeof openDb>, sql: string, ...params: unknown[]) =>
  db.prepare(sql).get(...params)

describe('τ²-bench retail data, vendored', () => {
  it('is byte for byte what its README names', () => {
    const readme = readFileSync(join(RETAIL_DIR, 'README.md'), 'utf8')
    for (const file of ['db.json', 'tasks_train.json', 'policy.md', 'LICENSE']) {
      const hash = createHash('sha256')
        .update(readFileSync(join(RETAIL_DIR, file)))
        .digest('hex')
      expect(readme).toContain(hash)
    }
  })

  it('reads 74 tasks, 500 users, 1000 orders and 50 products', () => {
    const data = retailData()
    expect(data.tasks).toHaveLength(74)
    expect(Object.keys(data.shop.users)).toHaveLength(500)
    expect(Object.keys(data.shop.orders)).toHaveLength(1000)
    expect(Object.keys(data.shop.products)).toHaveLength(50)
  })
})

describe('importing db.json into a fresh Frontline shop', () => {
  it('writes customers with addresses and payment methods, products with variants, orders with lines and payments', () => {
    const db = openDb(':memory:')
    const counts = importRetailDb(db, retailData().shop, RETAIL_NOW)
    expect(counts).toMatchObject({ customers: 500, products: 50, orders: 1000 })
    expect(counts.variants).toBe(
      Object.values(retailData().shop.products).reduce((n, p) => n + Object.keys(p.variants).length, 0)
    )
    expect(
      one(
        db,
        'SELECT name, email, address_line1, city, region, postal_code FROM customers WHERE id = ?',
        'noah_brown_6181'
      )
    ).toEqual({
      name: 'Noah Brown',
      email: 'noah.brown7922@example.com',
      address_line1: '986 Sunset Drive',
      city: 'Denver',
      region: 'CO',
      postal_code: '80279'
    })
    expect(
      db
        .prepare(
          'SELECT id, kind, brand, last_four, balance_cents FROM payment_methods WHERE customer_id = ? ORDER BY id'
        )
        .all('noah_brown_6181')
    ).toEqual([
      {
        id: 'credit_card_7815826',
        kind: 'card',
        brand: 'mastercard',
        last_four: '9212',
        balance_cents: null
      },
      { id: 'paypal_5727330', kind: 'paypal', brand: null, last_four: null, balance_cents: null }
    ])
    expect(one(db, 'SELECT balance_cents FROM payment_methods WHERE id = ?', 'gift_card_4374071')).toEqual({
      balance_cents: 5100
    })
    // "processed" has left the warehouse; its fulfilment's tracking id is kept.
    expect(
      one(db, 'SELECT status, total_cents, tracking_number, ship_city FROM orders WHERE id = ?', '#W2611340')
    ).toEqual({
      status: 'shipped',
      total_cents: 53665,
      tracking_number: '357962501027',
      ship_city: 'New York'
    })
    expect(
      db
        .prepare(
          'SELECT variant_id, unit_price_cents, quantity FROM order_items WHERE order_id = ? ORDER BY id'
        )
        .all('#W2611340')
    ).toEqual([
      { variant_id: '6469567736', unit_price_cents: 4784, quantity: 1 },
      { variant_id: '8426249116', unit_price_cents: 48881, quantity: 1 }
    ])
    expect(
      db
        .prepare('SELECT kind, amount_cents, payment_method_id FROM order_payments WHERE order_id = ?')
        .all('#W2611340')
    ).toEqual([{ kind: 'payment', amount_cents: 53665, payment_method_id: 'gift_card_1725971' }])
    expect(
      db.prepare('SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY status').all()
    ).toEqual([
      { status: 'cancelled', n: 102 },
      { status: 'delivered', n: 373 },
      { status: 'pending', n: 423 },
      { status: 'shipped', n: 102 }
    ])
    expect(db.pragma('foreign_key_check')).toEqual([])
  })

  it('refuses a shop that already has customers', () => {
    const db = openShopCopy(retailImage())
    expect(() => importRetailDb(db, retailData().shop, RETAIL_NOW)).toThrow(/fresh shop/)
  })
})
