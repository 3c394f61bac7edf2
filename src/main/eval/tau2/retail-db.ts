import { z } from 'zod'

/**
 * τ²-bench's retail shop (data/tau2-retail/db.json, MIT, Sierra Research) as its file has it:
 * products with variants, users with an address and payment methods, orders with items,
 * fulfilments and a payment history. Validated on reading, so a changed file fails naming the field.
 */

const Money = z.number().nonnegative()

export const RetailAddress = z.object({
  address1: z.string(),
  address2: z.string(),
  city: z.string(),
  country: z.string(),
  state: z.string(),
  zip: z.string()
})
export type RetailAddress = z.infer<typeof RetailAddress>

const Options = z.record(z.string(), z.string())

export const RetailVariant = z.object({
  item_id: z.string().min(1),
  options: Options,
  available: z.boolean(),
  price: Money
})

export const RetailProduct = z.object({
  name: z.string().min(1),
  product_id: z.string().min(1),
  variants: z.record(z.string(), RetailVariant)
})
export type RetailProduct = z.infer<typeof RetailProduct>

export const RetailPaymentMethod = z.discriminatedUnion('source', [
  z.object({ source: z.literal('credit_card'), id: z.string(), brand: z.string(), last_four: z.string() }),
  z.object({ source: z.literal('paypal'), id: z.string() }),
  z.object({ source: z.literal('gift_card'), id: z.string(), balance: Money })
])
export type RetailPaymentMethod = z.infer<typeof RetailPaymentMethod>

export const RetailUser = z.object({
  user_id: z.string().min(1),
  name: z.object({ first_name: z.string(), last_name: z.string() }),
  address: RetailAddress,
  email: z.string(),
  payment_methods: z.record(z.string(), RetailPaymentMethod),
  orders: z.array(z.string())
})
export type RetailUser = z.infer<typeof RetailUser>

export const RetailOrderStatus = z.enum([
  'pending',
  'processed',
  'delivered',
  'cancelled',
  'pending (item modified)',
  'return requested',
  'exchange requested'
])

export const RetailOrder = z.object({
  order_id: z.string().min(1),
  user_id: z.string(),
  address: RetailAddress,
  items: z.array(
    z.object({
      name: z.string(),
      product_id: z.string(),
      item_id: z.string(),
      price: Money,
      options: Options
    })
  ),
  status: RetailOrderStatus,
  fulfillments: z.array(z.object({ tracking_id: z.array(z.string()), item_ids: z.array(z.string()) })),
  payment_history: z.array(
    z.object({
      transaction_type: z.enum(['payment', 'refund']),
      amount: Money,
      payment_method_id: z.string()
    })
  )
})
export type RetailOrder = z.infer<typeof RetailOrder>

export const RetailDb = z.object({
  products: z.record(z.string(), RetailProduct),
  users: z.record(z.string(), RetailUser),
  orders: z.record(z.string(), RetailOrder)
})
export type RetailDb = z.infer<typeof RetailDb>

/** Dollars as τ²-bench writes them (47.84) to integer cents. */
export const toCents = (dollars: number): number => Math.round(dollars * 100)
