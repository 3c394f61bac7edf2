import { z } from 'zod'
import { centsToMoney, moneyToCents } from '../../shared/domain/money'
import {
  browseProducts,
  listCategories,
  searchProducts,
  searchTerms,
  type Product
} from '../db/repositories/products'
import { defineTool, ToolFailure } from './define-tool'

const productView = (p: Product) => ({
  product_id: p.id,
  name: p.name,
  category: p.category,
  price: centsToMoney(p.priceCents, p.currency),
  stock: p.stock,
  in_stock: p.stock > 0,
  description: p.description
})

export const searchProductsTool = defineTool({
  name: 'search_products',
  title: 'Product search',
  description:
    'Search the catalogue by words (name, description, category), best matches first, and/or by filters: ' +
    'category, max_price (in currency units, e.g. 50 for $50.00) and in_stock. Every field is optional: ' +
    'without words, the products matching the filters are listed cheapest first. Returns price, stock and category.',
  input: z.object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('What the customer is looking for, in plain words (optional: filters alone also work)'),
    category: z.string().trim().min(1).max(100).optional().describe('Only this category'),
    max_price: z
      .number()
      .positive()
      .max(1_000_000)
      .optional()
      .describe('Highest price in currency units, e.g. 50'),
    in_stock: z.boolean().optional().describe('true: only products in stock'),
    limit: z.number().int().min(1).max(25).default(10).describe('How many products (1–25, default 10)')
  }),
  readOnly: true,
  destructive: false,
  idempotent: true,
  execute(ctx, input) {
    const terms = input.query === undefined ? [] : searchTerms(input.query)
    if (input.query !== undefined && terms.length === 0) {
      throw new ToolFailure({
        code: 'invalid_query',
        message: `"${input.query}" has no word to search for; use product words such as "running shoes".`,
        field: 'query'
      })
    }
    let category: string | undefined
    if (input.category !== undefined) {
      const categories = listCategories(ctx.db)
      category = categories.find((c) => c.toLowerCase() === input.category?.toLowerCase())
      if (!category) {
        throw new ToolFailure({
          code: 'unknown_category',
          message: `There is no category "${input.category}". Categories: ${categories.join(', ')}.`,
          field: 'category',
          suggestions: categories
        })
      }
    }
    const filtersOnly = {
      category,
      maxPriceCents: input.max_price === undefined ? undefined : moneyToCents(input.max_price),
      inStockOnly: input.in_stock === true,
      limit: input.limit
    }
    const filters = [
      category && `category ${category}`,
      input.max_price !== undefined && `max price ${input.max_price}`,
      input.in_stock && 'in stock only'
    ].filter(Boolean)
    const filterText = filters.length > 0 ? ` with ${filters.join(', ')}` : ''
    if (input.query === undefined) {
      const listed = browseProducts(ctx.db, filtersOnly)
      return {
        query: null,
        searched_words: [],
        matched: 'filters_only' as const,
        sorted_by: 'price' as const,
        count: listed.length,
        products: listed.map(productView),
        ...(listed.length === 0
          ? {
              hint:
                filters.length > 0
                  ? `No product matches ${filters.join(', ')}. Try fewer filters.`
                  : 'The catalogue has no products.'
            }
          : {})
      }
    }
    const search = { ...filtersOnly, text: input.query }
    let matched: 'all_words' | 'any_word' = 'all_words'
    let hits = searchProducts(ctx.db, { ...search, mode: 'all' })
    if (hits.length === 0 && terms.length > 1) {
      matched = 'any_word'
      hits = searchProducts(ctx.db, { ...search, mode: 'any' })
    }
    const hint =
      hits.length === 0
        ? `No product matches "${terms.join(' ')}"${filterText}. Try other words${filters.length > 0 ? ' or fewer filters' : ''}.`
        : matched === 'any_word'
          ? `No product matches every word; these match some of "${terms.join(' ')}"${filterText}.`
          : undefined
    const priceIgnored =
      input.max_price === undefined && /[$€£]\s*\d/.test(input.query)
        ? 'The price in the query text was not used: pass max_price (e.g. 50) to filter by price.'
        : undefined
    const hints = [hint, priceIgnored].filter(Boolean)
    return {
      query: input.query,
      searched_words: terms,
      matched,
      count: hits.length,
      products: hits.map(productView),
      ...(hints.length > 0 ? { hint: hints.join(' ') } : {})
    }
  }
})
