import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../../src/main/db/connection'
import { runShopImport } from '../../src/main/shop/import/run-import'
import {
  shopifyOrderStatus,
  SHOPIFY_FINANCIAL_STATUS,
  woocommerceOrderStatus
} from '../../src/main/shop/import/status-mapping'
import { parseCents, parseTimestamp } from '../../src/main/shop/import/cell-values'
import { loadOrderIdFormat } from '../../src/main/shop/shop-settings'
import { resolveOrderId } from '../../src/main/tools/order-id'
import type { RefusedRow } from '../../src/shared/domain/shop'
import { WOOCOMMERCE_ORDER_COLUMNS, WOOCOMMERCE_PRODUCT_COLUMNS, writeCsv } from '../support/shop-exports'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-import-formats-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function importFiles(db: Db, platform: 'woocommerce' | 'jsonl', paths: string[], currency?: string) {
  const refused: RefusedRow[] = []
  const report = await runShopImport({
    db,
    platform,
    files: paths.map((path) => ({ path })),
    currency,
    onRefused: (row) => refused.push(row)
  })
  return { report, refused }
}

describe('status mapping (docs/shop-import.md)', () => {
  it.each([
    ['paid', 'unfulfilled', '', 'paid'],
    ['paid', 'fulfilled', '', 'shipped'],
    ['paid', 'partial', '', 'shipped'],
    ['partially_refunded', 'fulfilled', '', 'shipped'],
    ['partially_refunded', '', '', 'paid'],
    ['refunded', 'fulfilled', '', 'returned'],
    ['refunded', 'unfulfilled', '', 'cancelled'],
    ['voided', '', '', 'cancelled'],
    ['expired', '', '', 'cancelled'],
    ['pending', '', '', 'pending'],
    ['authorized', '', '', 'pending'],
    ['partially_paid', '', '', 'pending'],
    ['paid', 'fulfilled', '2026-11-05 12:00:00 +0000', 'cancelled'],
    ['Paid', 'Fulfilled', '', 'shipped'],
    ['', '', '', 'pending']
  ])(
    'Shopify %j + %j (cancelled at %j) → %s',
    (financialStatus, fulfillmentStatus, cancelledAt, expected) => {
      expect(shopifyOrderStatus({ financialStatus, fulfillmentStatus, cancelledAt })).toBe(expected)
    }
  )

  it('names every Shopify financial status it knows when it meets another', () => {
    expect(() =>
      shopifyOrderStatus({ financialStatus: 'lost', fulfillmentStatus: '', cancelledAt: '' })
    ).toThrow(new RegExp(Object.keys(SHOPIFY_FINANCIAL_STATUS).filter(Boolean).join(', ')))
  })

  it.each([
    ['pending', null, 'pending'],
    ['on-hold', null, 'pending'],
    ['wc-processing', null, 'paid'],
    ['completed', '2026-11-04T00:00:00.000Z', 'shipped'],
    ['cancelled', null, 'cancelled'],
    ['failed', null, 'cancelled'],
    ['refunded', '2026-11-04T00:00:00.000Z', 'returned'],
    ['refunded', null, 'cancelled'],
    ['checkout-draft', null, 'pending']
  ])('WooCommerce %j (completed %j) → %s', (status, completedAt, expected) => {
    expect(woocommerceOrderStatus(status, completedAt)).toBe(expected)
  })
})

describe('cell values', () => {
  it.each([
    ['12.50', 1250],
    ['12.5', 1250],
    ['12', 1200],
    ['1,234.50', 123450],
    ['0.10', 10],
    ['12.500', 1250],
    ['$12.50', 1250]
  ])('amount %j → %d cents, exactly', (text, cents) => {
    expect(parseCents('price', text)).toBe(cents)
  })

  it.each(['12.505', '-1', 'abc', '12,50', ''])('refuses amount %j', (text) => {
    expect(() => parseCents('price', text)).toThrow()
  })

  it.each([
    ['2024-03-01 09:30:00 +0100', '2024-03-01T08:30:00.000Z'],
    ['2024-03-01 09:30:00 -05:00', '2024-03-01T14:30:00.000Z'],
    ['2024-03-01T09:30:00Z', '2024-03-01T09:30:00.000Z'],
    ['2024-03-01 09:30:00', '2024-03-01T09:30:00.000Z'],
    ['2024-03-01', '2024-03-01T00:00:00.000Z']
  ])('time %j → %s', (text, iso) => {
    expect(parseTimestamp('date', text)).toBe(iso)
  })

  it.each(['03/01/2024', '2024-02-30 10:00:00', 'yesterday'])('refuses time %j', (text) => {
    expect(() => parseTimestamp('date', text)).toThrow()
  })
})

describe('importing a WooCommerce shop', () => {
  const orders = () =>
    writeCsv(
      join(dir, 'orders.csv'),
      WOOCOMMERCE_ORDER_COLUMNS,
      [
        {
          order_id: '4991',
          order_number: '812',
          order_date: '2026-11-01 09:00:00',
          status: 'wc-completed',
          shipping_total: '5.00',
          order_total: '45.00',
          order_currency: 'USD',
          customer_id: '0',
          billing_first_name: 'Cherlynn',
          billing_last_name: 'Harle',
          billing_email: 'cherlynn@example.com',
          shipping_address_1: '7140 W. Turquoise Ave.',
          shipping_city: 'Peoria',
          shipping_postcode: '85345',
          shipping_country: 'US',
          customer_note: 'Ring twice,\r\nthen wait',
          item_name: 'Hoodie - Blue',
          item_sku: 'HOOD-B',
          item_quantity: '2',
          item_total: '40.00',
          completed_date: '2026-11-02 10:00:00'
        },
        {
          order_id: '4991',
          order_number: '812',
          order_date: '2026-11-01 09:00:00',
          status: 'wc-completed',
          shipping_total: '5.00',
          order_total: '45.00',
          order_currency: 'USD',
          customer_id: '0',
          billing_email: 'cherlynn@example.com',
          item_name: 'Sticker',
          item_sku: '',
          item_quantity: '1',
          item_total: '0.00',
          completed_date: '2026-11-02 10:00:00'
        },
        {
          order_id: '4992',
          order_number: '813',
          order_date: '2026-11-03 09:00:00',
          status: 'processing',
          order_total: '20.00',
          order_currency: 'USD',
          customer_id: '17',
          billing_first_name: 'Bo',
          billing_last_name: 'Peep',
          billing_email: 'bo@example.com',
          item_name: 'Hoodie - Blue',
          item_sku: 'HOOD-B',
          item_quantity: '1',
          item_total: '20.00'
        },
        {
          order_id: '4993',
          order_number: '814',
          order_date: '2026-11-04 09:00:00',
          status: 'refunded',
          order_total: '20.00',
          order_currency: 'USD',
          customer_id: '17',
          billing_email: 'bo@example.com',
          item_name: 'Hoodie - Blue',
          item_sku: 'HOOD-B',
          item_quantity: '1',
          item_total: '20.00'
        },
        {
          order_id: '4994',
          order_number: '815',
          order_date: '2026-11-05 09:00:00',
          status: 'trash',
          order_total: '20.00',
          order_currency: 'USD',
          billing_email: 'bo@example.com',
          item_name: 'Hoodie - Blue',
          item_sku: 'HOOD-B',
          item_quantity: '1',
          item_total: '20.00'
        }
      ],
      { bom: true, crlf: true }
    )
  const products = () =>
    writeCsv(join(dir, 'wc-product-export.csv'), WOOCOMMERCE_PRODUCT_COLUMNS, [
      {
        ID: '10',
        Type: 'variable',
        SKU: 'HOOD',
        Name: 'Hoodie',
        'Regular price': '',
        Categories: 'Clothing > Hoodies'
      },
      {
        ID: '11',
        Type: 'variation',
        SKU: 'HOOD-B',
        Name: 'Hoodie - Blue',
        'Regular price': '25.00',
        'Sale price': '20.00',
        Stock: '7',
        Categories: 'Clothing > Hoodies, Sale',
        Parent: 'id:10',
        'Short description': '<p>Soft, <b>warm</b> &amp; blue</p>'
      },
      { ID: '12', Type: 'simple, virtual', SKU: '', Name: 'Sticker', 'Regular price': '0', Stock: '' },
      { ID: '13', Type: 'simple', SKU: 'MUG', Name: 'Mug', 'Regular price': 'free' }
    ])

  it('reads orders (one row per item, order fields repeated) and products, and maps the statuses', async () => {
    const db = openDb(':memory:')
    const { report, refused } = await importFiles(db, 'woocommerce', [orders(), products()])
    expect(report.orders).toEqual({ created: 3, updated: 0, unchanged: 0 })
    expect(refused).toEqual([
      {
        file: 'wc-product-export.csv',
        line: 5,
        column: 'Regular price',
        message: '"free" is not an amount (expected e.g. 12.50)'
      },
      {
        file: 'orders.csv',
        line: 7,
        column: 'status',
        message: expect.stringMatching(/"trash" is not a WooCommerce order status/)
      }
    ])
    expect(
      db
        .prepare(
          'SELECT id, customer_id, status, placed_at, shipped_at, subtotal_cents, shipping_cents, total_cents, currency, shipping_address FROM orders ORDER BY id'
        )
        .all()
    ).toEqual([
      {
        id: '812',
        customer_id: expect.stringMatching(/^CUS-/),
        status: 'shipped',
        placed_at: '2026-11-01T09:00:00.000Z',
        shipped_at: '2026-11-02T10:00:00.000Z',
        subtotal_cents: 4000,
        shipping_cents: 500,
        total_cents: 4500,
        currency: 'USD',
        shipping_address: '7140 W. Turquoise Ave., Peoria, 85345, US'
      },
      {
        id: '813',
        customer_id: '17',
        status: 'paid',
        placed_at: '2026-11-03T09:00:00.000Z',
        shipped_at: null,
        subtotal_cents: 2000,
        shipping_cents: 0,
        total_cents: 2000,
        currency: 'USD',
        shipping_address: ''
      },
      {
        id: '814',
        customer_id: '17',
        status: 'cancelled',
        placed_at: '2026-11-04T09:00:00.000Z',
        shipped_at: null,
        subtotal_cents: 2000,
        shipping_cents: 0,
        total_cents: 2000,
        currency: 'USD',
        shipping_address: ''
      }
    ])
    expect(
      db
        .prepare(
          `SELECT product_id, quantity, unit_price_cents FROM order_items WHERE order_id = '812' ORDER BY id`
        )
        .all()
    ).toEqual([
      { product_id: 'HOOD-B', quantity: 2, unit_price_cents: 2000 },
      { product_id: 'Sticker', quantity: 1, unit_price_cents: 0 }
    ])
    expect(
      db
        .prepare(
          'SELECT id, name, description, category, price_cents, currency, stock FROM products ORDER BY id'
        )
        .all()
    ).toEqual([
      {
        id: 'HOOD-B',
        name: 'Hoodie - Blue',
        description: 'Soft, warm & blue',
        category: 'Hoodies',
        price_cents: 2000,
        currency: 'USD',
        stock: 7
      },
      {
        id: 'Sticker',
        name: 'Sticker',
        description: '',
        category: '',
        price_cents: 0,
        currency: 'USD',
        stock: 0
      }
    ])
    expect(loadOrderIdFormat(db)).toMatchObject({ kind: 'numbered', prefix: '', minDigits: 3, maxDigits: 3 })
    expect(resolveOrderId(db, '#812')).toMatchObject({ ok: true, id: '812' })
    expect(resolveOrderId(db, 'order 813')).toMatchObject({ ok: true, id: '813', customerId: '17' })

    const again = await importFiles(db, 'woocommerce', [orders(), products()])
    expect(again.report.orders).toEqual({ created: 0, updated: 0, unchanged: 3 })
    expect(again.report.products).toEqual({ created: 0, updated: 0, unchanged: 2 })
  })
})

describe('importing JSON Lines', () => {
  const jsonl = (lines: unknown[]) => {
    const path = join(dir, 'shop.jsonl')
    writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n')
    return path
  }
  const file = () =>
    jsonl([
      {
        type: 'customer',
        id: 'mia_li_3668',
        email: 'mia.li3818@example.com',
        name: 'Mia Li',
        created_at: '2024-01-02T03:04:05Z'
      },
      {
        type: 'product',
        id: '1008292230',
        name: 'T-Shirt - Blue / M',
        category: 'T-Shirt',
        price: '53.43',
        stock: 3
      },
      {
        type: 'order',
        id: '#W2378156',
        customer_id: 'mia_li_3668',
        customer_email: 'mia.li3818@example.com',
        status: 'delivered',
        placed_at: '2024-05-01T10:00:00+02:00',
        shipped_at: '2024-05-02T10:00:00Z',
        delivered_at: '2024-05-04T10:00:00Z',
        carrier: 'UPS',
        tracking_number: '357962501027',
        total: 53.43,
        currency: 'USD',
        items: [{ sku: '1008292230', name: 'T-Shirt - Blue / M', quantity: 1, unit_price: '53.43' }]
      },
      'not json {',
      { type: 'refund', id: 'R1' },
      {
        type: 'order',
        id: '#W0000002',
        customer_email: 'mia.li3818@example.com',
        status: 'paid',
        placed_at: '2024-05-03T10:00:00Z',
        items: [{ name: 'Gift', quantity: 0, unit_price: 1 }]
      },
      ''
    ])

  it('reads customers, products and orders, each in its own currency, and refuses bad lines with the field at fault', async () => {
    const db = openDb(':memory:')
    const { report, refused } = await importFiles(db, 'jsonl', [file()], 'EUR')
    expect(report.orders.created).toBe(1)
    expect(refused).toEqual([
      { file: 'shop.jsonl', line: 4, column: '', message: expect.stringMatching(/^not JSON/) },
      {
        file: 'shop.jsonl',
        line: 5,
        column: 'type',
        message: expect.stringMatching(/'customer' \| 'product' \| 'order'/)
      },
      {
        file: 'shop.jsonl',
        line: 6,
        column: 'items.0.quantity',
        message: expect.stringMatching(/>0|greater than 0/i)
      }
    ])
    expect(
      db
        .prepare(
          'SELECT id, customer_id, status, placed_at, delivered_at, carrier, tracking_number, total_cents, currency FROM orders'
        )
        .all()
    ).toEqual([
      {
        id: '#W2378156',
        customer_id: 'mia_li_3668',
        status: 'delivered',
        placed_at: '2024-05-01T08:00:00.000Z',
        delivered_at: '2024-05-04T10:00:00.000Z',
        carrier: 'UPS',
        tracking_number: '357962501027',
        total_cents: 5343,
        currency: 'USD'
      }
    ])
    expect(db.prepare('SELECT id, price_cents, currency, stock FROM products').all()).toEqual([
      { id: '1008292230', price_cents: 5343, currency: 'EUR', stock: 3 }
    ])
    expect(resolveOrderId(db, 'W2378156')).toMatchObject({
      ok: true,
      id: '#W2378156',
      customerId: 'mia_li_3668'
    })
    const again = await importFiles(db, 'jsonl', [file()], 'EUR')
    expect(again.report.orders).toEqual({ created: 0, updated: 0, unchanged: 1 })
    expect(again.report.customers).toEqual({ created: 0, updated: 0, unchanged: 1 })
  })
})
