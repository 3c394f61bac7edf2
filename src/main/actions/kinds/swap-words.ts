import type { VariantSwap } from '../../../shared/domain/actions/variant-lines'
import { centsToMoney, formatMoney } from '../../../shared/domain/money'
import type { PaymentMethodRef } from '../../../shared/domain/payment-method'
import type { SwapRequest } from '../../policy/order-change-policy'

/** What changing items and exchanging them share: their lines as the rules take them, and the money in words. */

export const swapRequestsOf = (lines: readonly VariantSwap[]): SwapRequest[] =>
  lines.map((line, index) => ({
    itemId: line.item_id,
    variantId: line.to_variant_id,
    field: `lines.${index}`
  }))

const optionsWords = (options: Record<string, string>): string =>
  Object.values(options).join(', ') || 'another variant'

/** "Water Bottle (1000ml, glass) → (750ml, plastic)". */
export const swapWords = (lines: readonly VariantSwap[]): string =>
  lines.map((l) => `${l.name} (${optionsWords(l.from_options)}) → (${optionsWords(l.to_options)})`).join('; ')

/** "$12.30 is charged to Visa ending 1234" / "$4.00 goes back to Gift card" / "" for no difference. */
export function differenceWords(cents: number, currency: string, method: PaymentMethodRef): string {
  const amount = formatMoney(centsToMoney(Math.abs(cents), currency))
  if (cents > 0) return ` ${amount} is charged to ${method.label}.`
  if (cents < 0) return ` ${amount} goes back to ${method.label}.`
  return ''
}
