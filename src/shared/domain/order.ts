import { z } from 'zod'
import { Money } from './money'

export const ORDER_ID_FORMAT = 'ORD-YYYYMMDD-XXXX'
export const CanonicalOrderId = z.string().regex(/^ORD-\d{8}-[A-Z0-9]{4}$/)

export const OrderStatus = z.enum(['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'])
export type OrderStatus = z.infer<typeof OrderStatus>

export const OrderItem = z.object({
  itemId: z.number().int(),
  productId: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: Money,
  returnedQuantity: z.number().int()
})
export type OrderItem = z.infer<typeof OrderItem>

export const OrderSummary = z.object({
  id: z.string(),
  customerId: z.string(),
  status: OrderStatus,
  placedAt: z.string(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  estimatedDelivery: z.string().nullable(),
  total: Money,
  itemCount: z.number().int()
})
export type OrderSummary = z.infer<typeof OrderSummary>

export const OrderDetail = OrderSummary.extend({
  subtotal: Money,
  shipping: Money,
  shippingAddress: z.string(),
  items: z.array(OrderItem)
})
export type OrderDetail = z.infer<typeof OrderDetail>
