import { closeSync, openSync, writeSync } from 'node:fs'
import { csvCell } from '../../shared/csv-cell'
import { createRng } from '../db/fixtures/prng'

/** Shopify's orders export, every column, in the order Shopify writes them. */
export const SHOPIFY_ORDER_COLUMNS = [
  'Name',
  'Email',
  'Financial Status',
  'Paid at',
  'Fulfillment Status',
  'Fulfilled at',
  'Accepts Marketing',
  'Currency',
  'Subtotal',
  'Shipping',
  'Taxes',
  'Total',
  'Discount Code',
  'Discount Amount',
  'Shipping Method',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
  'Lineitem compare at price',
  'Lineitem sku',
  'Lineitem requires shipping',
  'Lineitem taxable',
  'Lineitem fulfillment status',
  'Billing Name',
  'Billing Street',
  'Billing Address1',
  'Billing Address2',
  'Billing Company',
  'Billing City',
  'Billing Zip',
  'Billing Province',
  'Billing Country',
  'Billing Phone',
  'Shipping Name',
  'Shipping Street',
  'Shipping Address1',
  'Shipping Address2',
  'Shipping Company',
  'Shipping City',
  'Shipping Zip',
  'Shipping Province',
  'Shipping Country',
  'Shipping Phone',
  'Notes',
  'Note Attributes',
  'Cancelled at',
  'Payment Method',
  'Payment Reference',
  'Refunded Amount',
  'Vendor',
  'Outstanding Balance',
  'Employee',
  'Location',
  'Device ID',
  'Id',
  'Tags',
  'Risk Level',
  'Source',
  'Lineitem discount',
  'Tax 1 Name',
  'Tax 1 Value',
  'Tax 2 Name',
  'Tax 2 Value',
  'Tax 3 Name',
  'Tax 3 Value',
  'Tax 4 Name',
  'Tax 4 Value',
  'Tax 5 Name',
  'Tax 5 Value',
  'Phone',
  'Receipt Number',
  'Duties',
  'Billing Province Name',
  'Shipping Province Name',
  'Payment ID',
  'Payment Terms Name',
  'Next Payment Due At',
  'Payment References'
] as const

type Column = (typeof SHOPIFY_ORDER_COLUMNS)[number]
const at = new Map<Column, number>(SHOPIFY_ORDER_COLUMNS.map((name, i) => [name, i]))
const index = (name: Column): number => at.get(name) ?? -1

export interface GeneratedExport {
  orders: number
  rows: number
  bytes: number
}

const PRODUCTS = 2000
const FLUSH_AT = 1 << 20
const START_MS = Date.UTC(2024, 0, 1)

const money = (cents: number): string => (cents / 100).toFixed(2)

/** "2024-03-01 09:30:00 +0100", as Shopify writes times. */
function shopifyTime(ms: number): string {
  const local = new Date(ms + 3_600_000).toISOString()
  return `${local.slice(0, 10)} ${local.slice(11, 19)} +0100`
}

/**
 * A deterministic Shopify orders export of `orders` orders, about 2.5 line items each (one row per
 * line item, the order's fields on its first row), written straight to disk: for the import
 * benchmark and the crash test, which need files far larger than memory should hold.
 */
export function writeShopifyOrdersCsv(
  path: string,
  options: { orders: number; seed?: number }
): GeneratedExport {
  const rng = createRng(options.seed ?? 7)
  const customers = Math.max(1, Math.round(options.orders / 8))
  const fd = openSync(path, 'w')
  let buffer = `${SHOPIFY_ORDER_COLUMNS.join(',')}\n`
  let rows = 0
  let bytes = 0
  const empty = new Array<string>(SHOPIFY_ORDER_COLUMNS.length).fill('')
  const flush = () => {
    bytes += Buffer.byteLength(buffer)
    writeSync(fd, buffer)
    buffer = ''
  }
  try {
    for (let i = 0; i < options.orders; i++) {
      const customer = rng.int(0, customers - 1)
      const placed = START_MS + i * 30_000
      const lines = rng.int(1, 4)
      const items = Array.from({ length: lines }, () => {
        const product = rng.int(0, PRODUCTS - 1)
        return { product, quantity: rng.int(1, 3), cents: 500 + (product % 97) * 125 }
      })
      const subtotal = items.reduce((sum, item) => sum + item.cents * item.quantity, 0)
      const shipping = 490
      const roll = rng.next()
      const [financial, fulfillment] =
        roll < 0.55
          ? ['paid', 'fulfilled']
          : roll < 0.75
            ? ['paid', 'unfulfilled']
            : roll < 0.85
              ? ['pending', '']
              : roll < 0.92
                ? ['refunded', 'fulfilled']
                : ['partially_refunded', 'fulfilled']
      items.forEach((item, line) => {
        const row = [...empty]
        row[index('Name')] = `#${1001 + i}`
        row[index('Lineitem quantity')] = String(item.quantity)
        row[index('Lineitem name')] = `Product ${item.product} - Blue / M`
        row[index('Lineitem price')] = money(item.cents)
        row[index('Lineitem sku')] = `SKU-${item.product}`
        row[index('Lineitem requires shipping')] = 'true'
        row[index('Lineitem taxable')] = 'true'
        row[index('Lineitem fulfillment status')] = fulfillment === 'fulfilled' ? 'fulfilled' : 'pending'
        if (line === 0) {
          row[index('Email')] = `customer${customer}@example.com`
          row[index('Financial Status')] = financial
          row[index('Paid at')] = financial === 'pending' ? '' : shopifyTime(placed + 60_000)
          row[index('Fulfillment Status')] = fulfillment
          row[index('Fulfilled at')] = fulfillment === 'fulfilled' ? shopifyTime(placed + 86_400_000) : ''
          row[index('Accepts Marketing')] = 'no'
          row[index('Currency')] = customer % 20 === 0 ? 'USD' : 'EUR'
          row[index('Subtotal')] = money(subtotal)
          row[index('Shipping')] = money(shipping)
          row[index('Taxes')] = '0.00'
          row[index('Total')] = money(subtotal + shipping)
          row[index('Shipping Method')] = 'Standard'
          row[index('Created at')] = shopifyTime(placed)
          row[index('Billing Name')] = `Customer ${customer}`
          row[index('Shipping Name')] = `Customer ${customer}`
          row[index('Shipping Address1')] = csvCell(
            `${1 + (customer % 200)} Harbour Road, Flat ${customer % 9}`
          )
          row[index('Shipping City')] = 'Cork'
          row[index('Shipping Zip')] = 'T12'
          row[index('Shipping Country')] = 'IE'
          row[index('Payment Method')] = 'Shopify Payments'
          row[index('Id')] = String(5_000_000_000 + i)
          row[index('Source')] = 'web'
        }
        buffer += `${row.join(',')}\n`
        rows += 1
      })
      if (buffer.length >= FLUSH_AT) flush()
    }
    flush()
  } finally {
    closeSync(fd)
  }
  return { orders: options.orders, rows, bytes }
}
