import { z } from 'zod'
import { centsToMoney } from '../../shared/domain/money'
import { getProduct } from '../db/repositories/products'
import { listVariantsOfProduct } from '../db/repositories/product-variants'
import { defineTool, ToolFailure } from './define-tool'

export const getProductDetailsTool = defineTool({
  name: 'get_product_details',
  title: 'Product and its variants',
  description:
    'A product by its product_id (from get_order_details or search_products) with every variant: its variant_id, ' +
    'options (size, colour…), price and whether it is available. Items change or exchange only to an available ' +
    'variant of the same product.',
  input: z.object({
    product_id: z.string().trim().min(1).max(64).describe('The product id, e.g. 1656367028')
  }),
  readOnly: true,
  destructive: false,
  idempotent: true,
  execute(ctx, input) {
    const product = getProduct(ctx.db, input.product_id)
    if (!product) {
      throw new ToolFailure({
        code: 'product_not_found',
        message: `There is no product "${input.product_id}". search_products finds products by name.`,
        field: 'product_id'
      })
    }
    return {
      product_id: product.id,
      name: product.name,
      variants: listVariantsOfProduct(ctx.db, product.id).map((v) => ({
        variant_id: v.id,
        options: v.options,
        price: centsToMoney(v.priceCents, v.currency),
        available: v.available
      }))
    }
  }
})
