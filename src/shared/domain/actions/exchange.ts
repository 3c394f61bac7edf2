import { z } from 'zod'
import { actionSchema } from './base'
import { SwapEligibility, SwapPayload } from './variant-lines'

/**
 * Delivered items to be sent back for other variants of the same products. Approving records the
 * exchange (the customer gets instructions to send the items back); the price difference is
 * settled with the chosen method when they arrive. Proposed by exchange_items.
 */

export const ExchangePayload = SwapPayload
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
