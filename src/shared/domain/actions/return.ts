import { z } from 'zod'
import { PaymentMethodRef } from '../payment-method'
import { actionSchema, Cents, PositiveCents } from './base'

/** A return: order lines taken back, and the refund approving it issues. Proposed by process_return. */

export const ReturnReason = z.enum([
  'damaged',
  'defective',
  'wrong_item',
  'not_as_described',
  'wrong_size',
  'changed_mind',
  'other'
])
export type ReturnReason = z.infer<typeof ReturnReason>

export const ReturnPayload = z.object({
  order_id: z.string(),
  reason: ReturnReason,
  note: z.string().nullable(),
  items: z.array(
    z.object({
      item_id: z.number().int(),
      product_id: z.string(),
      name: z.string(),
      quantity: z.number().int().positive(),
      unit_price_cents: Cents,
      line_cents: Cents
    })
  ),
  refund: z.object({
    items_cents: Cents,
    shipping_cents: Cents,
    total_cents: PositiveCents,
    currency: z.string(),
    /** Why the total is what it is, in words: shipping included or not, a cap. */
    notes: z.array(z.string())
  }),
  /**
   * Where the refund goes when the customer chose (the order's original method or one of their gift
   * cards); null: the original payment method. Proposals made before it was asked have none.
   */
  refund_to: PaymentMethodRef.nullable().default(null)
})
export type ReturnPayload = z.infer<typeof ReturnPayload>

export const ReturnItemFacts = z.object({
  item_id: z.number().int(),
  name: z.string(),
  ordered: z.number().int(),
  already_returned: z.number().int(),
  pending_in_other_actions: z.number().int(),
  requested: z.number().int()
})
export type ReturnItemFacts = z.infer<typeof ReturnItemFacts>

export const ReturnEligibility = z.object({
  order_status: z.string(),
  delivered_at: z.string(),
  days_since_delivery: z.number().int(),
  window_days: z.number().int(),
  window_closes_at: z.string(),
  checked_at: z.string(),
  items: z.array(ReturnItemFacts)
})
export type ReturnEligibility = z.infer<typeof ReturnEligibility>

export const ReturnResult = z.object({
  returnId: z.string(),
  refundId: z.string().nullable(),
  refundCents: Cents,
  currency: z.string(),
  orderStatus: z.string()
})
export type ReturnResult = z.infer<typeof ReturnResult>

export const ReturnAction = actionSchema('return', {
  payload: ReturnPayload,
  eligibility: ReturnEligibility,
  result: ReturnResult
})
export type ReturnAction = z.infer<typeof ReturnAction>
