import { z } from 'zod'

/**
 * The most one proposed action may give a customer, in the order's currency (cents). A proposal
 * above its cap is refused in the core, whoever proposes it; a larger sum is a person's own doing.
 */
export const MoneyCaps = z.object({
  /** One refund of an amount (issue_refund), back to the original payment method. */
  refundCents: z.number().int().positive().max(100_000_000),
  /** One goodwill credit (store credit); smaller, as it needs no fault on the shop's side. */
  goodwillCreditCents: z.number().int().positive().max(100_000_000)
})
export type MoneyCaps = z.infer<typeof MoneyCaps>

export const DEFAULT_MONEY_CAPS: MoneyCaps = { refundCents: 50_000, goodwillCreditCents: 5_000 }
