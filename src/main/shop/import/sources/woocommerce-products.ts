import type { ProductRecord } from '../../shop-records'
import { parseCents, parseStock, plainText, requireText } from '../cell-values'
import { CellProblem } from '../columns'
import { defineSourceKind, refuseProblems } from '../source-kinds'

/** Rows that group others and are not sold themselves. */
const CONTAINER_TYPES = new Set(['variable', 'grouped'])

/**
 * WooCommerce's own product CSV export (Products → Export): one row per product, and one per
 * variation (named "Hoodie - Blue" by WooCommerce). Variable and grouped parents are containers and
 * are skipped. The price is the sale price when one is set, else the regular price.
 */
export const woocommerceProducts = defineSourceKind({
  id: 'woocommerce-products',
  platform: 'woocommerce',
  entity: 'products',
  label: 'WooCommerce products export',
  columns: {
    type: ['Type'],
    sku: ['SKU'],
    name: ['Name'],
    shortDescription: ['Short description'],
    description: ['Description'],
    stock: ['Stock'],
    salePrice: ['Sale price'],
    regularPrice: ['Regular price'],
    categories: ['Categories']
  },
  signature: ['name', 'regularPrice'],
  writerFields: { id: 'sku', default: 'name' },
  required: ['name', 'regularPrice'],
  reader(columns, context, emit) {
    return {
      row(row) {
        const types = columns
          .cell(row.cells, 'type')
          .toLowerCase()
          .split(',')
          .map((type) => type.trim())
        if (types.some((type) => CONTAINER_TYPES.has(type))) return
        refuseProblems(
          columns,
          emit,
          () => {
            if (context.currency === null)
              throw new CellProblem(
                'regularPrice',
                'the products export names no currency: pass --currency, or import the orders first'
              )
            const name = requireText('name', columns.cell(row.cells, 'name'))
            const price = columns.cell(row.cells, 'salePrice') || columns.cell(row.cells, 'regularPrice')
            const firstCategory = columns.cell(row.cells, 'categories').split(',')[0] ?? ''
            const product: ProductRecord = {
              id: columns.cell(row.cells, 'sku') || name.slice(0, 200),
              name,
              description: plainText(
                columns.cell(row.cells, 'shortDescription') || columns.cell(row.cells, 'description')
              ),
              category: firstCategory.split('>').at(-1)?.trim() ?? '',
              priceCents: parseCents('regularPrice', requireText('regularPrice', price)),
              currency: context.currency,
              stock: parseStock('stock', columns.cell(row.cells, 'stock'))
            }
            emit({ kind: 'record', record: { kind: 'product', value: product }, line: row.line })
          },
          row
        )
      },
      end: () => undefined
    }
  }
})
