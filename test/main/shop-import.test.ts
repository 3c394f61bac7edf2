import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../../src/main/db/connection'
import { runShopImport, type ImportReport } from '../../src/main/shop/import/run-import'
import { loadOrderIdFormat, loadShopCurrency } from '../../src/main/shop/shop-settings'
import { customerIdForEmail } from '../../src/main/shop/shop-writer'
import { resolveOrderId } from '../../src/main/tools/order-id'
import { builtAppProblem, builtMain } from '../support/built-app'
import type { RefusedRow } from '../../src/shared/domain/shop'
import {
  SHOPIFY_CUSTOMER_COLUMNS,
  SHOPIFY_ORDER_COLUMNS,
  SHOPIFY_PRODUCT_COLUMNS,
  writeCsv
} from '../support/shop-exports'

const IMPORTED_AT = new Date('2026-12-01T08:00:00.000Z')
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-import-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const shopifyCustomers = () =>
  writeCsv(
    join(dir, 'customers_export.csv'),
    SHOPIFY_CUSTOMER_COLUMNS,
    [
      {
        'Customer ID': "'7012345678",
        'First Name': 'Grace',
        'Last Name': 'Hopper',
        Email: 'GRACE@Example.com'
      },
      {
        'Customer ID': '7012345679',
        'First Name': 'Alan',
        'Last Name': 'Turing',
        Email: 'alan@example.com',
        Note: 'VIP, "likes" tea'
      },
      { 'Customer ID': '7012345680', 'First Name': 'No', 'Last Name': 'Email', Email: '' }
    ],
    { bom: true, crlf: true }
  )

const shopifyProducts = () =>
  writeCsv(join(dir, 'products_export.csv'), SHOPIFY_PRODUCT_COLUMNS, [
    {
      Handle: 'copper-kettle',
      Title: 'Copper Kettle',
      'Body (HTML)': '<p>Boils fast, pours clean.</p>\n<p>1.7 l</p>',
      Type: 'Kitchen',
      'Option1 Name': 'Title',
      'Option1 Value': 'Default Title',
      'Variant SKU': 'KET-1',
      'Variant Inventory Qty': '4',
      'Variant Price': '59.00'
    },
    { Handle: 'copper-kettle', 'Image Src': 'https://cdn.example.com/kettle-2.jpg', 'Image Position': '2' },
    {
      Handle: 'wool-socks',
      Title: 'Wool Socks',
      'Body (HTML)': 'Warm',
      Type: 'Clothing',
      'Option1 Name': 'Size',
      'Option1 Value': 'M',
      'Variant SKU': 'SOCK-M',
      'Variant Inventory Qty': '-2',
      'Variant Price': '12.50'
    },
    { Handle: 'wool-socks', 'Option1 Value': 'L', 'Variant Inventory Qty': '10', 'Variant Price': '12.50' },
    { Handle: 'mug', Title: 'Mug', 'Option1 Value': 'Default Title', 'Variant Price': 'abc' }
  ])

type OrderRow = Partial<Record<(typeof SHOPIFY_ORDER_COLUMNS)[number], string>>
const line = (name: string, item: string, price: string, sku: string, quantity = '1'): OrderRow => ({
  Name: name,
  'Lineitem quantity': quantity,
  'Lineitem name': item,
  'Lineitem price': price,
  'Lineitem sku': sku
})

function shopifyOrderRows(newer = false): OrderRow[] {
  return [
    {
      ...line('#1001', 'Copper Kettle', '59.00', 'KET-1'),
      Email: 'grace@example.com',
      'Financial Status': 'paid',
      'Fulfillment Status': newer ? 'fulfilled' : 'unfulfilled',
      'Fulfilled at': newer ? '2026-11-04 16:00:00 +0100' : '',
      Currency: 'EUR',
      Subtotal: '71.50',
      Shipping: '4.90',
      Total: '76.40',
      'Created at': '2026-11-03 10:15:00 +0100',
      'Billing Name': 'Grace Hopper',
      'Shipping Name': 'Grace Hopper',
      'Shipping Address1': '1 Harbour Road, Flat 2',
      'Shipping City': 'Cork',
      'Shipping Zip': 'T12',
      'Shipping Country': 'IE',
      Notes: 'Leave it at the door,\nplease',
      Id: '5500000001'
    },
    line('#1001', 'Wool Socks - M', '12.50', 'SOCK-M'),
    {
      ...line('#1002', 'Wool Socks - L', '12.50', ''),
      Email: 'alan@example.com',
      'Financial Status': 'refunded',
      'Fulfillment Status': 'fulfilled',
      'Fulfilled at': '2026-10-02 09:00:00 -0500',
      Currency: 'GBP',
      Total: '12.50',
      'Created at': '2026-10-01 08:00:00 -0500',
      'Billing Name': 'Alan Turing'
    },
    {
      ...line('#1003', 'Tea Towel', '8.00', 'TT-1', '2'),
      Email: 'new@example.com',
      'Financial Status': 'pending',
      'Cancelled at': '2026-11-05 12:00:00 +0000',
      Currency: 'EUR',
      Total: '16.00',
      'Created at': '2026-11-04 12:00:00 +0000',
      'Billing Name': 'Ada New'
    },
    {
      ...line('#1004', 'Copper Kettle', '59.00', 'KET-1'),
      Email: 'grace@example.com',
      'Financial Status': 'paid',
      Currency: 'EUR',
      Total: '59.00',
      'Created at': '2026-11-06 10:00:00 +0100'
    },
    line('#1004', 'Mug', '9.00', 'MUG', 'two'),
    {
      ...line('#1005', 'Mug', '9.00', 'MUG'),
      'Financial Status': 'paid',
      Currency: 'EUR',
      Total: '9.00',
      'Created at': '2026-11-07 10:00:00 +0100'
    },
    line('#1001', 'Copper Kettle', '59.00', 'KET-1'),
    {
      ...line('#1006', 'Mug', '9.00', 'MUG'),
      Email: 'alan@example.com',
      'Financial Status': 'paid-ish',
      Currency: 'EUR',
      Total: '9.00',
      'Created at': '2026-11-07 10:00:00 +0100'
    },
    ...(newer
      ? [
          {
            ...line('#1007', 'Copper Kettle', '59.00', 'KET-1'),
            Email: 'alan@example.com',
            'Financial Status': 'paid',
            Currency: 'EUR',
            Total: '59.00',
            'Created at': '2026-11-20 10:00:00 +0100'
          }
        ]
      : [])
  ]
}

const shopifyOrders = (newer = false) =>
  writeCsv(
    join(dir, newer ? 'orders_export_2.csv' : 'orders_export.csv'),
    SHOPIFY_ORDER_COLUMNS,
    shopifyOrderRows(newer)
  )

async function importFiles(
  db: Db,
  platform: 'shopify' | 'woocommerce' | 'jsonl',
  paths: string[],
  extra = {}
) {
  const refused: RefusedRow[] = []
  const report = await runShopImport({
    db,
    platform,
    files: paths.map((path) => ({ path })),
    clock: () => IMPORTED_AT,
    onRefused: (row) => refused.push(row),
    ...extra
  })
  return { report, refused }
}

/** Every row of the shop's tables, ordered: what "the same database" means for these tests. */
function snapshot(db: Db) {
  return {
    // The columns an import writes (an address in parts is the retail eval's, empty here).
    customers: db.prepare('SELECT id, name, email, created_at, preferences FROM customers ORDER BY id').all(),
    products: db
      .prepare(
        'SELECT id, name, description, category, price_cents, currency, stock FROM products ORDER BY id'
      )
      .all(),
    orders: db
      .prepare(
        `SELECT id, customer_id, status, placed_at, shipped_at, delivered_at, carrier, tracking_number,
           estimated_delivery, subtotal_cents, shipping_cents, total_cents, currency, shipping_address
         FROM orders ORDER BY id`
      )
      .all(),
    items: db
      .prepare('SELECT id, order_id, product_id, quantity, unit_price_cents FROM order_items ORDER BY id')
      .all()
  }
}

const counts = (r: ImportReport) => ({
  customers: r.customers,
  products: r.products,
  orders: r.orders,
  refused: r.refused
})

describe('importing a Shopify shop', () => {
  it('reads the three exports into the expected database, and reports each bad row with its line and column', async () => {
    const db = openDb(':memory:')
    const { report, refused } = await importFiles(db, 'shopify', [
      shopifyOrders(),
      shopifyCustomers(),
      shopifyProducts()
    ])
    expect(report.state).toBe('done')
    expect(counts(report)).toEqual({
      customers: { created: 3, updated: 0, unchanged: 0 },
      products: { created: 4, updated: 0, unchanged: 0 },
      orders: { created: 3, updated: 0, unchanged: 0 },
      refused: 6
    })
    expect(refused).toEqual([
      { file: 'customers_export.csv', line: 4, column: 'Email', message: expect.stringMatching(/^required/) },
      {
        file: 'products_export.csv',
        line: 7,
        column: 'Variant Price',
        message: '"abc" is not an amount (expected e.g. 12.50)'
      },
      {
        file: 'orders_export.csv',
        line: 8,
        column: 'Lineitem quantity',
        message:
          '"two" is not a quantity (a whole number from 1); nothing of it was imported (order #1004, lines 7–8)'
      },
      { file: 'orders_export.csv', line: 9, column: 'Email', message: expect.stringMatching(/^required/) },
      {
        file: 'orders_export.csv',
        line: 10,
        column: 'Created at',
        message: expect.stringMatching(/first row of order #1001/)
      },
      {
        file: 'orders_export.csv',
        line: 11,
        column: 'Financial Status',
        message: expect.stringMatching(/"paid-ish" is not a Shopify financial status/)
      }
    ])

    const newCustomer = customerIdForEmail('new@example.com')
    const shop = snapshot(db)
    expect(shop.customers).toEqual(
      [
        {
          id: '7012345678',
          name: 'Grace Hopper',
          email: 'grace@example.com',
          created_at: IMPORTED_AT.toISOString(),
          preferences: '{}'
        },
        {
          id: '7012345679',
          name: 'Alan Turing',
          email: 'alan@example.com',
          created_at: IMPORTED_AT.toISOString(),
          preferences: '{}'
        },
        {
          id: newCustomer,
          name: 'Ada New',
          email: 'new@example.com',
          created_at: '2026-11-04T12:00:00.000Z',
          preferences: '{}'
        }
      ].sort((a, b) => a.id.localeCompare(b.id))
    )
    expect(shop.products).toEqual([
      {
        id: 'KET-1',
        name: 'Copper Kettle',
        description: 'Boils fast, pours clean.\n1.7 l',
        category: 'Kitchen',
        price_cents: 5900,
        currency: 'EUR',
        stock: 4
      },
      {
        id: 'SOCK-M',
        name: 'Wool Socks - M',
        description: 'Warm',
        category: 'Clothing',
        price_cents: 1250,
        currency: 'EUR',
        stock: 0
      },
      {
        id: 'TT-1',
        name: 'Tea Towel',
        description: '',
        category: '',
        price_cents: 800,
        currency: 'EUR',
        stock: 0
      },
      {
        id: 'Wool Socks - L',
        name: 'Wool Socks - L',
        description: 'Warm',
        category: 'Clothing',
        price_cents: 1250,
        currency: 'EUR',
        stock: 10
      }
    ])
    expect(shop.orders).toEqual([
      {
        id: '#1001',
        customer_id: '7012345678',
        status: 'paid',
        placed_at: '2026-11-03T09:15:00.000Z',
        shipped_at: null,
        delivered_at: null,
        carrier: null,
        tracking_number: null,
        estimated_delivery: null,
        subtotal_cents: 7150,
        shipping_cents: 490,
        total_cents: 7640,
        currency: 'EUR',
        shipping_address: 'Grace Hopper, 1 Harbour Road, Flat 2, Cork, T12, IE'
      },
      {
        id: '#1002',
        customer_id: '7012345679',
        status: 'returned',
        placed_at: '2026-10-01T13:00:00.000Z',
        shipped_at: '2026-10-02T14:00:00.000Z',
        delivered_at: null,
        carrier: null,
        tracking_number: null,
        estimated_delivery: null,
        subtotal_cents: 1250,
        shipping_cents: 0,
        total_cents: 1250,
        currency: 'GBP',
        shipping_address: ''
      },
      {
        id: '#1003',
        customer_id: newCustomer,
        status: 'cancelled',
        placed_at: '2026-11-04T12:00:00.000Z',
        shipped_at: null,
        delivered_at: null,
        carrier: null,
        tracking_number: null,
        estimated_delivery: null,
        subtotal_cents: 1600,
        shipping_cents: 0,
        total_cents: 1600,
        currency: 'EUR',
        shipping_address: ''
      }
    ])
    expect(
      shop.items.map((i) => [
        (i as { order_id: string }).order_id,
        (i as { product_id: string }).product_id,
        (i as { quantity: number }).quantity
      ])
    ).toEqual([
      ['#1001', 'KET-1', 1],
      ['#1001', 'SOCK-M', 1],
      ['#1002', 'Wool Socks - L', 1],
      ['#1003', 'TT-1', 2]
    ])
    expect(loadOrderIdFormat(db)).toEqual({
      kind: 'numbered',
      prefix: '#',
      minDigits: 4,
      maxDigits: 4,
      examples: ['#1001', '#1002', '#1003']
    })
    expect(report.orderIdFormat).toEqual({
      kind: 'numbered',
      pattern: '#NNNN',
      examples: ['#1001', '#1002', '#1003']
    })
    expect(loadShopCurrency(db)).toBe('EUR')
    expect(db.pragma('foreign_key_check')).toEqual([])
  })

  it('imported twice, the second time changes nothing and says everything is unchanged', async () => {
    const db = openDb(':memory:')
    const files = [shopifyCustomers(), shopifyProducts(), shopifyOrders()]
    await importFiles(db, 'shopify', files)
    const before = snapshot(db)
    const { report } = await importFiles(db, 'shopify', files)
    expect(counts(report)).toEqual({
      customers: { created: 0, updated: 0, unchanged: 2 },
      products: { created: 0, updated: 0, unchanged: 3 },
      orders: { created: 0, updated: 0, unchanged: 3 },
      refused: 6
    })
    expect(snapshot(db)).toEqual(before)
  })

  it('a newer export updates the orders that changed and adds the new ones', async () => {
    const db = openDb(':memory:')
    await importFiles(db, 'shopify', [shopifyCustomers(), shopifyProducts(), shopifyOrders()])
    const itemIds = db
      .prepare(`SELECT id FROM order_items WHERE order_id = '#1001' ORDER BY id`)
      .pluck()
      .all()
    const { report } = await importFiles(db, 'shopify', [shopifyOrders(true)])
    expect(report.orders).toEqual({ created: 1, updated: 1, unchanged: 2 })
    expect(db.prepare(`SELECT status, shipped_at FROM orders WHERE id = '#1001'`).get()).toEqual({
      status: 'shipped',
      shipped_at: '2026-11-04T15:00:00.000Z'
    })
    // Line items keep their ids: returns and approvals point at them.
    expect(
      db.prepare(`SELECT id FROM order_items WHERE order_id = '#1001' ORDER BY id`).pluck().all()
    ).toEqual(itemIds)
    expect(db.prepare('SELECT COUNT(*) FROM orders').pluck().get()).toBe(4)
  })

  it('then finds orders by the ids customers type: #1001, 1001, order 1001', async () => {
    const db = openDb(':memory:')
    await importFiles(db, 'shopify', [shopifyCustomers(), shopifyProducts(), shopifyOrders()])
    for (const typed of ['#1001', '1001', 'order 1001', 'Order #1001'])
      expect(resolveOrderId(db, typed)).toMatchObject({ ok: true, id: '#1001', customerId: '7012345678' })
    const missing = resolveOrderId(db, '#1011')
    expect(missing).toMatchObject({ ok: false, error: { code: 'order_not_found', suggestions: ['#1001'] } })
  })

  it('a dry run counts what it would do and writes nothing', async () => {
    const db = openDb(':memory:')
    const { report } = await importFiles(
      db,
      'shopify',
      [shopifyCustomers(), shopifyProducts(), shopifyOrders()],
      { dryRun: true }
    )
    expect(report.dryRun).toBe(true)
    expect(report.orders.created).toBe(3)
    expect(snapshot(db)).toEqual({ customers: [], products: [], orders: [], items: [] })
    expect(loadOrderIdFormat(db)).toEqual({ kind: 'demo' })
    expect(db.inTransaction).toBe(false)
  })

  it('refuses a file that is no Shopify export, and one that lacks a needed column, and imports the rest', async () => {
    const db = openDb(':memory:')
    const stranger = writeCsv(join(dir, 'stranger.csv'), ['Foo', 'Bar'], [{ Foo: '1', Bar: '2' }])
    const noPrice = writeCsv(
      join(dir, 'no-price.csv'),
      ['Name', 'Email', 'Created at', 'Lineitem quantity', 'Lineitem name'],
      []
    )
    const { refused, report } = await importFiles(db, 'shopify', [stranger, noPrice, shopifyCustomers()])
    expect(refused.slice(0, 2)).toEqual([
      {
        file: 'stranger.csv',
        line: 1,
        column: '',
        message: expect.stringMatching(/is not an export this import reads/)
      },
      {
        file: 'no-price.csv',
        line: 1,
        column: 'Lineitem price',
        message: expect.stringMatching(/needs this column/)
      }
    ])
    expect(report.customers.created).toBe(2)
  })

  it('prices a catalog from --currency when no orders name one, and refuses it when nothing does', async () => {
    const db = openDb(':memory:')
    const { refused } = await importFiles(db, 'shopify', [shopifyProducts()])
    expect(refused[0]).toMatchObject({
      column: 'Variant Price',
      message: expect.stringMatching(/--currency/)
    })
    const { report } = await importFiles(db, 'shopify', [shopifyProducts()], { currency: 'CHF' })
    expect(report.products.created).toBe(3)
    expect(db.prepare('SELECT DISTINCT currency FROM products').pluck().all()).toEqual(['CHF'])
  })
})

describe('the file reader on its own thread', () => {
  const problem = builtAppProblem(['import-read-worker.js'])
  it.skipIf(problem !== null)(
    `reads the exports into the same database, refusals included${problem ? ` (skipped: ${problem})` : ''}`,
    async () => {
      const files = [shopifyCustomers(), shopifyProducts(), shopifyOrders()]
      const here = openDb(':memory:')
      const inThread = await importFiles(here, 'shopify', files, { readerWorkerFile: null })
      const there = openDb(':memory:')
      const inWorker = await importFiles(there, 'shopify', files, {
        readerWorkerFile: builtMain('import-read-worker.js')
      })
      expect(inWorker.refused).toEqual(inThread.refused)
      expect(counts(inWorker.report)).toEqual(counts(inThread.report))
      expect(snapshot(there)).toEqual(snapshot(here))
    }
  )
})

describe('a cancelled import', () => {
  it('stops between batches, keeps whole batches only, and a second run finishes the job', async () => {
    const db = openDb(':memory:')
    const rows: OrderRow[] = Array.from({ length: 5000 }, (_, i) => ({
      ...line(`#${10_000 + i}`, 'Copper Kettle', '59.00', 'KET-1'),
      Email: `c${i % 50}@example.com`,
      'Financial Status': 'paid',
      Currency: 'EUR',
      Total: '59.00',
      'Created at': '2026-11-03 10:00:00 +0100'
    }))
    const file = writeCsv(join(dir, 'big.csv'), SHOPIFY_ORDER_COLUMNS, rows)
    const cancel = new AbortController()
    const first = await runShopImport({
      db,
      platform: 'shopify',
      files: [{ path: file }],
      batchSize: 300,
      signal: cancel.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.batches >= 2) cancel.abort()
      }
    })
    expect(first.state).toBe('cancelled')
    const written = db.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number
    expect(written).toBe(first.batches * 300)
    expect(written).toBeLessThan(5000)
    const second = await runShopImport({ db, platform: 'shopify', files: [{ path: file }], batchSize: 300 })
    expect(second.orders).toEqual({ created: 5000 - written, updated: 0, unchanged: written })
    expect(db.prepare('SELECT COUNT(*) FROM orders').pluck().get()).toBe(5000)
  })
})
