import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/** One variant of a product (a size, a colour…), with its own id, price and availability. */
export interface ProductVariant {
  id: string
  productId: string
  productName: string
  options: Record<string, string>
  priceCents: number
  currency: string
  available: boolean
}

interface VariantRow {
  id: string
  product_id: string
  product_name: string
  options: string
  price_cents: number
  currency: string
  available: number
}

/** Options are written by imports as a JSON object of texts; anything else reads as none. */
export function parseOptions(text: string | null): Record<string, string> {
  if (!text) return {}
  try {
    const value: unknown = JSON.parse(text)
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {}
    return Object.fromEntries(Object.entries(value).map(([name, option]) => [name, String(option)]))
  } catch {
    return {}
  }
}

const rowToVariant = (row: VariantRow): ProductVariant => ({
  id: row.id,
  productId: row.product_id,
  productName: row.product_name,
  options: parseOptions(row.options),
  priceCents: row.price_cents,
  currency: row.currency,
  available: row.available === 1
})

const SELECT = `SELECT v.id, v.product_id, p.name AS product_name, v.options, v.price_cents, p.currency, v.available
  FROM product_variants v JOIN products p ON p.id = v.product_id`

const statements = statementCache((db) => ({
  get: db.prepare(`${SELECT} WHERE v.id = ?`),
  forProduct: db.prepare(`${SELECT} WHERE v.product_id = ? ORDER BY v.price_cents, v.id`)
}))

export function getVariant(db: Db, id: string): ProductVariant | undefined {
  const row = statements(db).get.get(id) as VariantRow | undefined
  return row && rowToVariant(row)
}

export function listVariantsOfProduct(db: Db, productId: string): ProductVariant[] {
  return (statements(db).forProduct.all(productId) as VariantRow[]).map(rowToVariant)
}
