import { z } from 'zod'
import { PaymentMethodKind } from '../payment-method'
import { actionSchema, Cents, PositiveCents } from './base'

/**
 * Cancelling an order that has not shipped: its status becomes cancelled and what the customer
 * paid goes back to each method it was paid with. Proposed by cancel_order.
 */

export const CancelReason = z.enum(['no_longer_needed', 'ordered_by_mistake', 'other'])
export type CancelReason = z.infer<typeof CancelReason>

/** Money going back to one method; the method is null where the shop did not record which (the original). */
export const CancelRefund = z.object({
  payment_method_id: z.string().nullable(),
  kind: PaymentMethodKind.nullable(),
  label: z.string(),
  amount_cents: PositiveCents
})
export type CancelRefund = z.infer<typeof CancelRefund>

export const CancelOrderPayload = z.object({
  order_id: z.string(),
  customer_id: z.string(),
  reason: CancelReason,
  note: z.string().nullable(),
  /** What goes back, per method: what was paid with it minus what was already refunded to it. */
  refunds: z.array(CancelRefund),
  currency: z.string()
})
export type CancelOrderPayload = z.infer<typeof CancelOrderPayload>

export const CancelOrderEligibility = z.object({
  order_status: z.string(),
  /** Paid minus refunded, over every method. */
  paid_cents: Cents,
  checked_at: z.string()
})
export type CancelOrderEligibility = z.infer<typeof CancelOrderEligibility>

export const CancelOrderResult = z.object({
  orderStatus: z.string(),
  refundCents: Cents,
  currency: z.string()
})
export type CancelOrderResult = z.infer<typeof CancelOrderResult>

export const CancelOrderAction = actionSchema('cancel_order', {
  payload: CancelOrderPayload,
  eligibility: CancelOrderEligibility,
  result: CancelOrderResult
})
export type CancelOrderAction = z.infer<typeof CancelOrderAction>
