import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

export interface Product {
  id: string
  name: string
  description: string
  category: string
  priceCents: number
  currency: string
  stock: number
}

/** A row of the products table, as stored (its FTS rowid aside). */
export interface ProductRow {
  id: string
  name: string
  description: string
  category: string
  price_cents: number
  currency: string
  stock: number
}

const rowToProduct = (row: ProductRow): Product => ({
  id: row.id,
  name: row.name,
  description: row.description,
  category: row.category,
  priceCents: row.price_cents,
  currency: row.currency,
  stock: row.stock
})

/** Words that carry no product meaning in a shopper's query ("shoes under $50 for my son"). */
const STOP_WORDS = new Set(
  'a an and any are as at be but by for from i in is it me my of on or our some than that the their this to under over with without you your'.split(
    ' '
  )
)

const MAX_TERMS = 12
const MAX_TERM_LENGTH = 40

/** The words of a query as the FTS index will see them: letters and digits, stop words dropped. */
export function searchTerms(text: string): string[] {
  const withoutPrices = text.replace(/[$€£]\s*\d+(?:[.,]\d+)?/g, ' ')
  const words = (
    withoutPrices
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).map((w) => w.slice(0, MAX_TERM_LENGTH))
  const meaningful = words.filter((w) => !STOP_WORDS.has(w))
  const terms = meaningful.length > 0 ? meaningful : words
  return [...new Set(terms)].slice(0, MAX_TERMS)
}

/**
 * A MATCH expression that cannot be an FTS5 syntax error whatever the user typed: every term is a
 * double-quoted string made only of letters and digits, so quotes, `*`, `-`, `NEAR`, `AND`, column
 * filters and parentheses in the input are just text. `all` requires every term, `any` one of them.
 */
export function ftsMatchExpression(text: string, mode: 'all' | 'any'): string | null {
  const terms = searchTerms(text)
  if (terms.length === 0) return null
  return terms.map((t) => `"${t}"`).join(mode === 'all' ? ' ' : ' OR ')
}

export interface ProductSearch {
  text: string
  mode: 'all' | 'any'
  category?: string
  maxPriceCents?: number
  inStockOnly?: boolean
  limit: number
}

export interface ProductHit extends Product {
  /** bm25 score: lower is a better match. */
  score: number
}

// Name matches weigh most, then category, then description.
export const productSearchSql = `SELECT p.*, bm25(products_fts, 10.0, 1.0, 4.0) AS score
  FROM products_fts JOIN products p ON p.rowid = products_fts.rowid
  WHERE products_fts MATCH @match
    AND (@category IS NULL OR p.category = @category)
    AND (@maxPriceCents IS NULL OR p.price_cents <= @maxPriceCents)
    AND (@inStockOnly = 0 OR p.stock > 0)
  ORDER BY score, p.id
  LIMIT @limit`

/**
 * Products by their filters alone, cheapest first: walks products_category (a category given) or
 * products_price in price order (their rowid breaks ties), so a LIMIT reads only what it returns.
 */
export const productBrowseSql = {
  inCategory: `SELECT p.* FROM products p
    WHERE p.category = @category
      AND (@maxPriceCents IS NULL OR p.price_cents <= @maxPriceCents)
      AND (@inStockOnly = 0 OR p.stock > 0)
    ORDER BY p.price_cents, p.seq
    LIMIT @limit`,
  all: `SELECT p.* FROM products p
    WHERE (@maxPriceCents IS NULL OR p.price_cents <= @maxPriceCents)
      AND (@inStockOnly = 0 OR p.stock > 0)
    ORDER BY p.price_cents, p.seq
    LIMIT @limit`
} as const

const statements = statementCache((db) => ({
  search: db.prepare(productSearchSql),
  browseInCategory: db.prepare(productBrowseSql.inCategory),
  browseAll: db.prepare(productBrowseSql.all),
  get: db.prepare('SELECT * FROM products WHERE id = ?'),
  categories: db.prepare('SELECT DISTINCT category FROM products ORDER BY category')
}))

/** Ranked full-text search with the filters applied in SQL. A query with no searchable word finds nothing. */
export function searchProducts(db: Db, search: ProductSearch): ProductHit[] {
  const match = ftsMatchExpression(search.text, search.mode)
  if (!match) return []
  const rows = statements(db).search.all({
    match,
    category: search.category ?? null,
    maxPriceCents: search.maxPriceCents ?? null,
    inStockOnly: search.inStockOnly ? 1 : 0,
    limit: search.limit
  }) as (ProductRow & { score: number })[]
  return rows.map((row) => ({ ...rowToProduct(row), score: row.score }))
}

export type ProductBrowse = Omit<ProductSearch, 'text' | 'mode'>

/** Products matching the filters, cheapest first (no words to rank by). */
export function browseProducts(db: Db, browse: ProductBrowse): Product[] {
  const s = statements(db)
  const params = {
    maxPriceCents: browse.maxPriceCents ?? null,
    inStockOnly: browse.inStockOnly ? 1 : 0,
    limit: browse.limit
  }
  const rows = (
    browse.category === undefined
      ? s.browseAll.all(params)
      : s.browseInCategory.all({ ...params, category: browse.category })
  ) as ProductRow[]
  return rows.map(rowToProduct)
}

export function getProduct(db: Db, id: string): Product | undefined {
  const row = statements(db).get.get(id) as ProductRow | undefined
  return row && rowToProduct(row)
}

export function listCategories(db: Db): string[] {
  return (statements(db).categories.all() as { category: string }[]).map((r) => r.category)
}
