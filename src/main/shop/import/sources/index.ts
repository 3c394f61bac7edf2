import type { CsvSourceKind } from '../source-kinds'
import { shopifyCustomers } from './shopify-customers'
import { shopifyOrders } from './shopify-orders'
import { shopifyProducts } from './shopify-products'
import { woocommerceOrders } from './woocommerce-orders'
import { woocommerceProducts } from './woocommerce-products'

/** Every CSV export the import reads; a new one is a file and a line here. */
export const csvSourceKinds: readonly CsvSourceKind[] = [
  shopifyOrders,
  shopifyProducts,
  shopifyCustomers,
  woocommerceOrders,
  woocommerceProducts
]
