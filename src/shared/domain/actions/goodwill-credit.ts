import { z } from 'zod'
import { actionSchema, Cents, PositiveCents } from './base'
import { OrderAmountPayload } from './refund'

/**
 * Goodwill credit: store credit on the customer's account, a gesture for trouble with an order
 * (a late parcel, a poor experience). It gives no money back and is not tied to items, so it does
 * not count against what the order can still refund; it has its own, smaller cap. Proposed by
 * issue_refund with type goodwill_credit.
 */

export const GoodwillCreditPayload = OrderAmountPayload
export type GoodwillCreditPayload = z.infer<typeof GoodwillCreditPayload>

export const GoodwillCreditEligibility = z.object({
  order_status: z.string(),
  /** The shop's cap on one goodwill credit. */
  cap_cents: PositiveCents,
  /** The customer's store credit in this currency when it was proposed. */
  balance_cents: Cents,
  checked_at: z.string()
})
export type GoodwillCreditEligibility = z.infer<typeof GoodwillCreditEligibility>

export const GoodwillCreditResult = z.object({
  creditId: z.string(),
  creditCents: PositiveCents,
  currency: z.string(),
  /** The customer's store credit in this currency after it. */
  balanceCents: Cents
})
export type GoodwillCreditResult = z.infer<typeof GoodwillCreditResult>

export const GoodwillCreditAction = actionSchema('goodwill_credit', {
  payload: GoodwillCreditPayload,
  eligibility: GoodwillCreditEligibility,
  result: GoodwillCreditResult
})
export type GoodwillCreditAction = z.infer<typeof GoodwillCreditAction>
