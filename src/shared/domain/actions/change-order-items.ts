import { z } from 'zod'
import { actionSchema, Cents } from './base'
import { SwapEligibility, SwapPayload } from './variant-lines'

/**
 * Lines of an order that has not shipped changed to other variants of the same products (another
 * size, another colour). The price difference is charged to, or refunded to, the chosen method.
 * It happens once per order: after it, the order can no longer be cancelled or changed so again.
 * Proposed by change_order_items.
 */

export const ChangeOrderItemsPayload = SwapPayload
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
