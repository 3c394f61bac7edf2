import { writeFileSync } from 'node:fs'
import { csvLine } from '../../src/shared/csv-cell'

/** A CSV export's text as the platforms (and Excel) write it: optionally with a BOM and Windows line ends. */
export function csvText(
  header: readonly string[],
  rows: readonly Record<string, string>[],
  style: { bom?: boolean; crlf?: boolean } = {}
): string {
  const eol = style.crlf ? '\r\n' : '\n'
  const lines = [csvLine(header), ...rows.map((row) => csvLine(header.map((column) => row[column] ?? '')))]
  return `${style.bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`
}

export function writeCsv(
  path: string,
  header: readonly string[],
  rows: readonly Record<string, string>[],
  style: { bom?: boolean; crlf?: boolean } = {}
): string {
  writeFileSync(path, csvText(header, rows, style))
  return path
}

/** One paid order of one copper kettle, as a Shopify orders export row; `overrides` changes any cell. */
export const shopifyKettleOrder = (
  name: string,
  overrides: Record<string, string> = {}
): Record<string, string> => ({
  Name: name,
  Email: 'grace@example.com',
  'Financial Status': 'paid',
  Currency: 'EUR',
  Total: '59.00',
  'Created at': '2026-11-03 10:15:00 +0100',
  'Billing Name': 'Grace Hopper',
  'Lineitem quantity': '1',
  'Lineitem name': 'Copper Kettle',
  'Lineitem price': '59.00',
  'Lineitem sku': 'KET-1',
  ...overrides
})

export { SHOPIFY_ORDER_COLUMNS } from '../../src/main/bench/shopify-orders-csv'

export const SHOPIFY_PRODUCT_COLUMNS = [
  'Handle',
  'Title',
  'Body (HTML)',
  'Vendor',
  'Product Category',
  'Type',
  'Tags',
  'Published',
  'Option1 Name',
  'Option1 Value',
  'Option2 Name',
  'Option2 Value',
  'Option3 Name',
  'Option3 Value',
  'Variant SKU',
  'Variant Grams',
  'Variant Inventory Tracker',
  'Variant Inventory Qty',
  'Variant Inventory Policy',
  'Variant Fulfillment Service',
  'Variant Price',
  'Variant Compare At Price',
  'Variant Requires Shipping',
  'Variant Taxable',
  'Variant Barcode',
  'Image Src',
  'Image Position',
  'Image Alt Text',
  'Gift Card',
  'Status'
] as const

export const SHOPIFY_CUSTOMER_COLUMNS = [
  'Customer ID',
  'First Name',
  'Last Name',
  'Email',
  'Accepts Email Marketing',
  'Default Address Company',
  'Default Address Address1',
  'Default Address Address2',
  'Default Address City',
  'Default Address Province Code',
  'Default Address Country Code',
  'Default Address Zip',
  'Default Address Phone',
  'Phone',
  'Accepts SMS Marketing',
  'Total Spent',
  'Total Orders',
  'Note',
  'Tax Exempt',
  'Tags'
] as const

/** WooCommerce's Customer/Order CSV Export, "one row per item", as the extension names its columns. */
export const WOOCOMMERCE_ORDER_COLUMNS = [
  'order_id',
  'order_number',
  'order_date',
  'status',
  'shipping_total',
  'order_total',
  'order_currency',
  'payment_method',
  'customer_id',
  'billing_first_name',
  'billing_last_name',
  'billing_email',
  'billing_phone',
  'shipping_address_1',
  'shipping_city',
  'shipping_postcode',
  'shipping_country',
  'customer_note',
  'item_name',
  'item_sku',
  'item_quantity',
  'item_total',
  'completed_date'
] as const

/** WooCommerce's own product export (Products → Export), the columns an import reads and some it skips. */
export const WOOCOMMERCE_PRODUCT_COLUMNS = [
  'ID',
  'Type',
  'SKU',
  'Name',
  'Published',
  'Is featured?',
  'Short description',
  'Description',
  'In stock?',
  'Stock',
  'Sale price',
  'Regular price',
  'Categories',
  'Tags',
  'Parent',
  'Attribute 1 name',
  'Attribute 1 value(s)'
] as const
