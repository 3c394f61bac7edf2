import { describe, expect, it } from 'vitest'
import { LOCAL_OWNER } from '../../src/shared/domain/caller'
import { fixedClock } from '../../src/main/core/clock'
import { ftsMatchExpression, searchProducts, searchTerms } from '../../src/main/db/repositories/products'
import type { ToolContext } from '../../src/main/tools/define-tool'
import { createToolRegistry, toOpenAiTools } from '../../src/main/tools/registry'
import { shopTools } from '../../src/main/tools/shop-tools'
import { ShopBuilder } from '../support/shop-builder'

const registry = createToolRegistry(shopTools)

function setup() {
  const shop = new ShopBuilder()
  shop.product({
    id: 'PRD-0001',
    name: 'Trail Running Shoe',
    description: 'Grippy lugs for loose trails.',
    category: 'Footwear',
    priceCents: 8999,
    stock: 4
  })
  shop.product({
    id: 'PRD-0002',
    name: 'Canvas Sneaker',
    description: 'A light shoe for running errands.',
    category: 'Footwear',
    priceCents: 4500,
    stock: 0
  })
  shop.product({
    id: 'PRD-0003',
    name: 'Road Running Shoe',
    description: 'Cushioned for daily miles.',
    category: 'Footwear',
    priceCents: 5000,
    stock: 12
  })
  shop.product({
    id: 'PRD-0004',
    name: 'Running Socks',
    description: 'Merino blend, three pairs.',
    category: 'Apparel',
    priceCents: 1800,
    stock: 30
  })
  shop.product({
    id: 'PRD-0005',
    name: 'Espresso Grinder',
    description: 'Conical burrs, 40 settings.',
    category: 'Kitchen',
    priceCents: 12900,
    stock: 2
  })
  const ctx: ToolContext = {
    db: shop.db,
    clock: fixedClock('2026-11-10T12:00:00.000Z'),
    caller: LOCAL_OWNER,
    origin: 'agent'
  }
  return { shop, ctx }
}

type SearchResult = { products: { product_id: string }[]; matched: string; count: number; hint?: string }
const search = (ctx: ToolContext, args: unknown) => {
  const result = registry.run(ctx, 'search_products', args)
  if (!result.ok) throw new Error(`search failed: ${result.error.code} ${result.error.message}`)
  return result.value as SearchResult
}
const ids = (r: SearchResult) => r.products.map((p) => p.product_id)

describe('search_products', () => {
  it('ranks name matches above description matches (bm25) and returns prices as decimals', () => {
    const { ctx } = setup()
    const result = search(ctx, { query: 'running shoe' })
    expect(ids(result)[2]).toBe('PRD-0002')
    expect(ids(result).slice(0, 2).sort()).toEqual(['PRD-0001', 'PRD-0003'])
    const trail = search(ctx, { query: 'trail' })
    expect(trail.products).toEqual([
      {
        product_id: 'PRD-0001',
        name: 'Trail Running Shoe',
        category: 'Footwear',
        price: { amount: 89.99, currency: 'USD' },
        stock: 4,
        in_stock: true,
        description: 'Grippy lugs for loose trails.'
      }
    ])
  })

  it('applies category, max_price (in currency units) and in_stock in SQL', () => {
    const { ctx } = setup()
    expect(ids(search(ctx, { query: 'running', category: 'apparel' }))).toEqual(['PRD-0004'])
    expect(ids(search(ctx, { query: 'shoe', max_price: 50 })).sort()).toEqual(['PRD-0002', 'PRD-0003'])
    expect(ids(search(ctx, { query: 'shoe', max_price: 49.99 }))).toEqual(['PRD-0002'])
    expect(ids(search(ctx, { query: 'shoe', max_price: 50, in_stock: true }))).toEqual(['PRD-0003'])
    expect(search(ctx, { query: 'shoe', limit: 1 }).count).toBe(1)
  })

  it('survives hostile query text and still finds what it can', () => {
    const { ctx } = setup()
    const nasty = [
      'shoes "under $50',
      'running AND OR NOT',
      '"',
      'shoe*',
      'name:shoe',
      '(running',
      'NEAR(running shoe, 2)',
      '-running',
      "shoe'; DROP TABLE products; --",
      '^running {trail}',
      'running 🏃‍♀️ shoe',
      'x'.repeat(200)
    ]
    for (const query of nasty) {
      const result = registry.run(ctx, 'search_products', { query })
      // A query without a single word is refused by name; nothing ever reaches SQLite as bad syntax.
      if (!result.ok) expect(result.error.code, query).toBe('invalid_query')
    }
    expect(registry.run(ctx, 'search_products', { query: '"' }).ok).toBe(false)
    const underFifty = search(ctx, { query: 'shoes "under $50' })
    expect(ids(underFifty).length).toBeGreaterThan(0)
    expect(underFifty.hint).toContain('pass max_price')
    expect(search(ctx, { query: "shoe'; DROP TABLE products; --" })).toMatchObject({
      matched: 'any_word',
      count: 3
    })
    expect(ids(search(ctx, { query: 'trail' }))).toEqual(['PRD-0001'])
  })

  it('falls back to any word when no product has them all, and says so', () => {
    const { ctx } = setup()
    const result = search(ctx, { query: 'espresso shoe' })
    expect(result.matched).toBe('any_word')
    expect(ids(result)).toContain('PRD-0005')
    expect(result.hint).toMatch(/No product matches every word/)
  })

  it('answers an empty result with a hint, not an error', () => {
    const { ctx } = setup()
    const result = search(ctx, { query: 'umbrella', in_stock: true })
    expect(result).toMatchObject({ count: 0, products: [], matched: 'all_words' })
    expect(result.hint).toBe(
      'No product matches "umbrella" with in stock only. Try other words or fewer filters.'
    )
  })

  it("takes any subset of its fields, as the seed's schema does: filters alone list products cheapest first", () => {
    const { ctx } = setup()
    const footwearUnder50 = search(ctx, { category: 'footwear', max_price: 50 })
    expect(ids(footwearUnder50)).toEqual(['PRD-0002', 'PRD-0003'])
    expect(footwearUnder50).toMatchObject({
      query: null,
      matched: 'filters_only',
      sorted_by: 'price',
      count: 2
    })
    expect(ids(search(ctx, { max_price: 20 }))).toEqual(['PRD-0004'])
    expect(ids(search(ctx, { in_stock: true, limit: 2 }))).toEqual(['PRD-0004', 'PRD-0003'])
    // An empty object lists the catalogue.
    expect(ids(search(ctx, {}))).toEqual(['PRD-0004', 'PRD-0002', 'PRD-0003', 'PRD-0001', 'PRD-0005'])
    expect(search(ctx, { max_price: 5 })).toMatchObject({
      count: 0,
      hint: 'No product matches max price 5. Try fewer filters.'
    })
    expect(registry.run(ctx, 'search_products', { category: 'Garden' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_category', field: 'category' }
    })
    // Nothing the tool offers models requires a field.
    const schema = toOpenAiTools(shopTools).find((t) => t.function.name === 'search_products')!.function
      .parameters as { required?: string[] }
    expect(schema.required ?? []).toEqual([])
  })

  it('refuses a query with no word and an unknown category, naming the field', () => {
    const { ctx } = setup()
    expect(registry.run(ctx, 'search_products', { query: '!!! ???' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_query', field: 'query' }
    })
    expect(registry.run(ctx, 'search_products', { query: 'shoe', category: 'Garden' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_category', field: 'category', suggestions: ['Apparel', 'Footwear', 'Kitchen'] }
    })
    expect(registry.run(ctx, 'search_products', { query: 'shoe', max_price: -5 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments', field: 'max_price' }
    })
    expect(registry.run(ctx, 'search_products', { query: 'shoe', in_stock: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments', field: 'in_stock' }
    })
    expect(registry.run(ctx, 'search_products', { query: '' })).toMatchObject({
      ok: false,
      error: { field: 'query' }
    })
  })
})

describe('FTS query sanitizing', () => {
  it('quotes every term and drops stop words and prices', () => {
    expect(searchTerms('Shoes under $50 for my son')).toEqual(['shoes', 'son'])
    expect(ftsMatchExpression('shoes "under $50', 'all')).toBe('"shoes"')
    expect(ftsMatchExpression('trail NEAR(shoe)', 'any')).toBe('"trail" OR "near" OR "shoe"')
    expect(ftsMatchExpression('the and', 'all')).toBe('"the" "and"')
    expect(ftsMatchExpression('*** ---', 'all')).toBeNull()
  })

  it('the repository answers nothing, never throws, for a query with no word', () => {
    const { shop } = setup()
    expect(searchProducts(shop.db, { text: '"*"', mode: 'all', limit: 5 })).toEqual([])
  })
})
