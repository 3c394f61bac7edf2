import { z } from 'zod'
import { PaymentMethodRef } from '../payment-method'
import { actionSchema, Cents } from './base'
import { SwapEligibility, VariantSwap } from './variant-lines'

/**
 * Lines of an order that has not shipped changed to other variants of the same products (another
 * size, another colour). The price difference is charged to, or refunded to, the chosen method.
 * It happens once per order: after it, the order can no longer be cancelled or changed so again.
 * Proposed by change_order_items.
 */

export const ChangeOrderItemsPayload = z.object({
  order_id: z.string(),
  customer_id: z.string(),
  lines: z.array(VariantSwap).min(1),
  price_difference_cents: z.number().int(),
  currency: z.string(),
  payment_method: PaymentMethodRef
})
export type ChangeOrderItemsPayload = z.infer<typeof ChangeOrderItemsPayload>

export const ChangeOrderItemsResult = z.object({
  orderId: z.string(),
  priceDifferenceCents: z.number().int(),
  currency: z.string(),
  /** The new order total. */
  totalCents: Cents
})
export type ChangeOrderItemsResult = z.infer<typeof ChangeOrderItemsResult>

export const ChangeOrderItemsAction = actionSchema('change_order_items', {
  payload: ChangeOrderItemsPayload,
  eligibility: SwapEligibility,
  result: ChangeOrderItemsResult
})
export type ChangeOrderItemsAction = z.infer<typeof ChangeOrderItemsAction>
