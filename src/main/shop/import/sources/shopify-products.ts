import type { ProductRecord } from '../../shop-records'
import { parseCents, parseStock, plainText, requireText } from '../cell-values'
import { CellProblem } from '../columns'
import { ConsecutiveGroups, defineSourceKind, refuseProblems } from '../source-kinds'

/** Shopify writes this as the only option value of a product without variants. */
const DEFAULT_VARIANT = 'default title'

/**
 * Shopify's products export: one row per variant (and per extra image); the product's own fields
 * (title, description, type) sit on its first row, and the rows of one handle follow each other.
 * Each variant becomes a Frontline product, named as Shopify names it on an order's line item
 * ("Title - Blue / M"), so that orders and catalog meet on the same product.
 */
export const shopifyProducts = defineSourceKind({
  id: 'shopify-products',
  platform: 'shopify',
  entity: 'products',
  label: 'Shopify products export',
  columns: {
    handle: ['Handle'],
    title: ['Title'],
    body: ['Body (HTML)', 'Body HTML', 'Description'],
    type: ['Type'],
    category: ['Product Category'],
    option1: ['Option1 Value'],
    option2: ['Option2 Value'],
    option3: ['Option3 Value'],
    sku: ['Variant SKU'],
    price: ['Variant Price'],
    stock: ['Variant Inventory Qty', 'Inventory Qty']
  },
  signature: ['handle', 'price'],
  writerFields: { id: 'sku', default: 'title' },
  required: ['handle', 'title', 'price'],
  reader(columns, context, emit) {
    const groups = new ConsecutiveGroups((handle, rows) => {
      const [first] = rows
      if (!first) return
      const title = columns.cell(first.cells, 'title')
      const description = plainText(columns.cell(first.cells, 'body'))
      const category =
        columns.cell(first.cells, 'type') ||
        (columns.cell(first.cells, 'category').split('>').at(-1)?.trim() ?? '')
      for (const row of rows) {
        const isVariant = ['price', 'sku', 'option1'].some(
          (field) => columns.cell(row.cells, field as 'price') !== ''
        )
        // Rows that only add an image to the product.
        if (!isVariant) continue
        refuseProblems(
          columns,
          emit,
          () => {
            if (title === '') throw new CellProblem('title', `required on the first row of product ${handle}`)
            if (context.currency === null)
              throw new CellProblem(
                'price',
                'the products export names no currency: pass --currency, or import the orders first'
              )
            const options = (['option1', 'option2', 'option3'] as const)
              .map((field) => columns.cell(row.cells, field))
              .filter((value) => value !== '' && value.toLowerCase() !== DEFAULT_VARIANT)
            const name = options.length > 0 ? `${title} - ${options.join(' / ')}` : title
            const product: ProductRecord = {
              id: columns.cell(row.cells, 'sku') || name.slice(0, 200),
              name: requireText('title', name),
              description,
              category,
              priceCents: parseCents('price', requireText('price', columns.cell(row.cells, 'price'))),
              currency: context.currency,
              stock: parseStock('stock', columns.cell(row.cells, 'stock'))
            }
            emit({ kind: 'record', record: { kind: 'product', value: product }, line: row.line })
          },
          row
        )
      }
    })
    return {
      row(row) {
        const handle = columns.cell(row.cells, 'handle')
        if (handle === '') {
          groups.end()
          emit({ kind: 'refused', line: row.line, column: columns.name('handle'), message: 'required' })
          return
        }
        groups.push(handle, row)
      },
      end: () => groups.end()
    }
  }
})
