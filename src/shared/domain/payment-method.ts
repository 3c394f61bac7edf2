import { z } from 'zod'
import { centsToMoney, formatMoney } from './money'

/** How a customer pays: a card, a PayPal account, or a gift card with a balance. */
export const PaymentMethodKind = z.enum(['card', 'paypal', 'gift_card'])
export type PaymentMethodKind = z.infer<typeof PaymentMethodKind>

/** A payment method as an action names it: its id, kind, and how a person recognises it. */
export const PaymentMethodRef = z.object({
  payment_method_id: z.string(),
  kind: PaymentMethodKind,
  /** "Mastercard ending 9212", "PayPal", "Gift card". */
  label: z.string()
})
export type PaymentMethodRef = z.infer<typeof PaymentMethodRef>

export interface PaymentMethodFacts {
  id: string
  kind: PaymentMethodKind
  brand: string | null
  lastFour: string | null
  balanceCents: number | null
  currency: string
}

const KIND_WORDS: Record<PaymentMethodKind, string> = {
  card: 'Card',
  paypal: 'PayPal',
  gift_card: 'Gift card'
}

/** How a person recognises the method, without its balance (which changes). */
export function paymentMethodLabel(method: Pick<PaymentMethodFacts, 'kind' | 'brand' | 'lastFour'>): string {
  if (method.kind === 'card') {
    const brand = method.brand ? method.brand.charAt(0).toUpperCase() + method.brand.slice(1) : 'Card'
    return method.lastFour ? `${brand} ending ${method.lastFour}` : brand
  }
  return KIND_WORDS[method.kind]
}

export const paymentMethodRef = (method: PaymentMethodFacts): PaymentMethodRef => ({
  payment_method_id: method.id,
  kind: method.kind,
  label: paymentMethodLabel(method)
})

/** "Gift card (balance $51.00)", for a model or a person choosing a method. */
export function describePaymentMethod(method: PaymentMethodFacts): string {
  const label = paymentMethodLabel(method)
  return method.balanceCents === null
    ? label
    : `${label} (balance ${formatMoney(centsToMoney(method.balanceCents, method.currency))})`
}
