import type { VariantSwap } from '../../../shared/domain/actions/variant-lines'
import { centsToMoney, formatMoney } from '../../../shared/domain/money'
import type { PaymentMethodRef } from '../../../shared/domain/payment-method'
import type { Db } from '../../db/connection'
import type { OrderClaims } from '../../policy/order-claims'
import {
  loadOrderForChange,
  type OrderForChange,
  type SwapFacts,
  type SwapRequest,
  type Verdict
} from '../../policy/order-change-policy'
import { AppFailure } from '../../../shared/result'
import type { ApplyContext } from '../define-action-kind'
import { requireStillEligible } from '../define-action-kind'

/** What changing items and exchanging them share: the re-check at approval, their lines as the rules take them, and the money in words. */

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

type SwapRule = (
  db: Db,
  order: OrderForChange,
  requests: readonly SwapRequest[],
  paymentMethodId: string,
  claims: OrderClaims
) => Verdict<SwapFacts>

/**
 * The rule re-checked on approval, with what the order's other actions hold: the proposal applies
 * only if it still passes at the price it was proposed at. Returns the order and the facts to apply.
 */
export function recheckSwap(
  ctx: ApplyContext,
  what: string,
  payload: {
    order_id: string
    lines: VariantSwap[]
    price_difference_cents: number
    payment_method: PaymentMethodRef
  },
  rule: SwapRule
): { order: OrderForChange; facts: SwapFacts } {
  const order = loadOrderForChange(ctx.db, payload.order_id)
  const recheck = order
    ? rule(
        ctx.db,
        order,
        swapRequestsOf(payload.lines),
        payload.payment_method.payment_method_id,
        ctx.claimsOn(payload.order_id)
      )
    : undefined
  requireStillEligible(what, recheck)
  if (recheck.differenceCents !== payload.price_difference_cents) {
    throw new AppFailure(
      'conflict',
      `This ${what} can no longer be applied: the variants’ prices changed since it was proposed.`
    )
  }
  return { order: order!, facts: recheck }
}
