import { z } from 'zod'
import { OrderStatus } from '../../shared/domain/order'

/**
 * A shop's data as the writer takes it, whatever it was read from (Shopify or WooCommerce CSV,
 * JSON Lines, τ²-bench's db.json): money in cents of the record's own currency, times as UTC ISO
 * strings, emails lower-case. Each record is keyed by its natural key from the source: an order by
 * the shop's order id, a product by its SKU (or the name a line item carries), a customer by the
 * shop's customer id or else by email.
 */
const Text = (max: number) => z.string().trim().max(max)
const Iso = z.iso.datetime({ offset: true }).transform((text) => new Date(text).toISOString())
const Cents = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)
export const Currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'expected a three-letter currency code such as USD')
  .transform((code) => code.toUpperCase())
export const Email = z
  .email({ error: 'expected an email address' })
  .max(254)
  .transform((email) => email.toLowerCase())

export const CustomerRecord = z.object({
  /** The shop's own customer id; without one, the customer is found by email. */
  id: Text(64).min(1).optional(),
  email: Email,
  name: Text(200),
  createdAt: Iso.optional()
})
export type CustomerRecord = z.output<typeof CustomerRecord>

export const ProductRecord = z.object({
  id: Text(200).min(1),
  name: Text(300).min(1),
  description: Text(5000).default(''),
  category: Text(200).default(''),
  priceCents: Cents,
  currency: Currency,
  /** Unknown stock leaves what the database holds (0 for a new product). */
  stock: z.number().int().nonnegative().optional()
})
export type ProductRecord = z.output<typeof ProductRecord>

export const OrderItemRecord = z.object({
  /** The product's natural key: its SKU, or the line item's name when it has none. */
  productId: Text(200).min(1),
  name: Text(300).min(1),
  quantity: z.number().int().positive().max(1_000_000),
  unitPriceCents: Cents
})
export type OrderItemRecord = z.output<typeof OrderItemRecord>

export const OrderRecord = z.object({
  id: Text(64).min(1),
  customer: z.object({ id: Text(64).min(1).optional(), email: Email, name: Text(200) }),
  status: OrderStatus,
  placedAt: Iso,
  shippedAt: Iso.nullable().default(null),
  deliveredAt: Iso.nullable().default(null),
  carrier: Text(100).nullable().default(null),
  trackingNumber: Text(100).nullable().default(null),
  estimatedDelivery: Text(40).nullable().default(null),
  subtotalCents: Cents,
  shippingCents: Cents.default(0),
  totalCents: Cents,
  currency: Currency,
  shippingAddress: Text(1000).default(''),
  items: z.array(OrderItemRecord).min(1, 'an order needs at least one line item').max(10_000)
})
export type OrderRecord = z.output<typeof OrderRecord>

export type ShopRecord =
  | { kind: 'customer'; value: CustomerRecord }
  | { kind: 'product'; value: ProductRecord }
  | { kind: 'order'; value: OrderRecord }
export type ShopRecordKind = ShopRecord['kind']
