import { z } from 'zod'
import { PaymentMethodRef } from '../payment-method'
import { Cents } from './base'

/**
 * An order line moving to another variant of the same product: what changing a pending order's
 * items and exchanging delivered items both list, one entry per line.
 */
export const VariantSwap = z.object({
  /** The order line (get_order_status items[].item_id). */
  item_id: z.number().int(),
  product_id: z.string(),
  name: z.string(),
  quantity: z.number().int().positive(),
  from_variant_id: z.string(),
  to_variant_id: z.string(),
  from_options: z.record(z.string(), z.string()),
  to_options: z.record(z.string(), z.string()),
  /** Unit prices. */
  from_price_cents: Cents,
  to_price_cents: Cents
})
export type VariantSwap = z.infer<typeof VariantSwap>

/** The facts a change of variants rests on, for its card in Approvals. */
export const SwapEligibility = z.object({
  order_status: z.string(),
  /** The chosen gift card's balance when proposed; null for other methods. */
  gift_card_balance_cents: Cents.nullable(),
  checked_at: z.string()
})
export type SwapEligibility = z.infer<typeof SwapEligibility>

/** New prices minus old, over the lines: positive is owed by the customer, negative to them. */
export const priceDifferenceCents = (lines: readonly VariantSwap[]): number =>
  lines.reduce((sum, line) => sum + (line.to_price_cents - line.from_price_cents) * line.quantity, 0)

/** What changing a pending order's items and exchanging delivered ones both propose. */
export const SwapPayload = z.object({
  order_id: z.string(),
  customer_id: z.string(),
  lines: z.array(VariantSwap).min(1),
  price_difference_cents: z.number().int(),
  currency: z.string(),
  payment_method: PaymentMethodRef
})
