import { z } from 'zod'
import { actionSchema, Cents, PositiveCents } from './base'

/**
 * A refund of part (or all) of what an order's customer paid, back to the original payment method,
 * not tied to items (a return's refund comes with its return). Proposed by issue_refund.
 */

/** Why money goes back, for refunds and goodwill credits alike. */
export const RefundReason = z.enum([
  'late_delivery',
  'damaged_item',
  'missing_item',
  'price_adjustment',
  'duplicate_charge',
  'service_issue',
  'other'
])
export type RefundReason = z.infer<typeof RefundReason>

/** An amount given back on an order, and why: a refund's payload, and a goodwill credit's. */
export const OrderAmountPayload = z.object({
  order_id: z.string(),
  /** The order's customer: whom the money goes back to. */
  customer_id: z.string(),
  amount_cents: PositiveCents,
  /** The order's. */
  currency: z.string(),
  reason: RefundReason,
  note: z.string().nullable()
})

export const RefundPayload = OrderAmountPayload
export type RefundPayload = z.infer<typeof RefundPayload>

/** The order's money when the refund was proposed: what was paid and what was already given back. */
export const RefundEligibility = z.object({
  order_status: z.string(),
  paid_cents: Cents,
  refunded_cents: Cents,
  /** In other refunds and returns awaiting a person. */
  pending_cents: Cents,
  /** paid − refunded − pending: the most this refund could be. */
  refundable_cents: Cents,
  /** The shop's cap on one refund. */
  cap_cents: PositiveCents,
  checked_at: z.string()
})
export type RefundEligibility = z.infer<typeof RefundEligibility>

export const RefundResult = z.object({
  refundId: z.string(),
  refundCents: PositiveCents,
  currency: z.string()
})
export type RefundResult = z.infer<typeof RefundResult>

export const RefundAction = actionSchema('refund', {
  payload: RefundPayload,
  eligibility: RefundEligibility,
  result: RefundResult
})
export type RefundAction = z.infer<typeof RefundAction>
