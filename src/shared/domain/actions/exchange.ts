import { z } from 'zod'
import { PaymentMethodRef } from '../payment-method'
import { actionSchema } from './base'
import { SwapEligibility, VariantSwap } from './variant-lines'

/**
 * Delivered items to be sent back for other variants of the same products. Approving records the
 * exchange (the customer gets instructions to send the items back); the price difference is
 * settled with the chosen method when they arrive. Proposed by exchange_items.
 */

export const ExchangePayload = z.object({
  order_id: z.string(),
  customer_id: z.string(),
  lines: z.array(VariantSwap).min(1),
  price_difference_cents: z.number().int(),
  currency: z.string(),
  payment_method: PaymentMethodRef
})
export type ExchangePayload = z.infer<typeof ExchangePayload>

export const ExchangeResult = z.object({
  exchangeId: z.string(),
  priceDifferenceCents: z.number().int(),
  currency: z.string()
})
export type ExchangeResult = z.infer<typeof ExchangeResult>

export const ExchangeAction = actionSchema('exchange', {
  payload: ExchangePayload,
  eligibility: SwapEligibility,
  result: ExchangeResult
})
export type ExchangeAction = z.infer<typeof ExchangeAction>
