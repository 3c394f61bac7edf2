import { z } from 'zod'
import { PaymentMethodRef } from '../payment-method'
import { actionSchema, Cents, PositiveCents } from './base'

/**
 * An order that has not shipped paid with another method: the new one is charged what was paid
 * and the old one refunded. Proposed by change_order_payment.
 */

export const ChangeOrderPaymentPayload = z.object({
  order_id: z.string(),
  customer_id: z.string(),
  from: PaymentMethodRef,
  to: PaymentMethodRef,
  amount_cents: PositiveCents,
  currency: z.string()
})
export type ChangeOrderPaymentPayload = z.infer<typeof ChangeOrderPaymentPayload>

export const ChangeOrderPaymentEligibility = z.object({
  order_status: z.string(),
  /** The new method's balance when it is a gift card; null for other methods. */
  gift_card_balance_cents: Cents.nullable(),
  checked_at: z.string()
})

export const ChangeOrderPaymentResult = z.object({
  orderId: z.string(),
  amountCents: PositiveCents,
  currency: z.string()
})
export type ChangeOrderPaymentResult = z.infer<typeof ChangeOrderPaymentResult>

export const ChangeOrderPaymentAction = actionSchema('change_order_payment', {
  payload: ChangeOrderPaymentPayload,
  eligibility: ChangeOrderPaymentEligibility,
  result: ChangeOrderPaymentResult
})
export type ChangeOrderPaymentAction = z.infer<typeof ChangeOrderPaymentAction>
