import type { PostalAddress } from '../../shared/domain/address'
import { formatAddress, sameAddress } from '../../shared/domain/address'
import type { CancelRefund } from '../../shared/domain/actions/cancel-order'
import { priceDifferenceCents, type VariantSwap } from '../../shared/domain/actions/variant-lines'
import { centsToMoney, formatMoney } from '../../shared/domain/money'
import type { OrderStatus } from '../../shared/domain/order'
import {
  describePaymentMethod,
  paymentMethodLabel,
  paymentMethodRef,
  type PaymentMethodRef
} from '../../shared/domain/payment-method'
import type { Db } from '../db/connection'
import { countExchangesForOrder } from '../db/repositories/exchanges'
import {
  getOrderChangeFacts,
  type OrderChangeFacts,
  type OrderLineFacts
} from '../db/repositories/order-changes'
import { listOrderPayments, netPaidByMethod, type OrderPaymentEntry } from '../db/repositories/order-payments'
import { listPaymentMethodsForCustomer, type PaymentMethod } from '../db/repositories/payment-methods'
import { getVariant, listVariantsOfProduct } from '../db/repositories/product-variants'
import type { OrderClaims, OrderLock } from './order-claims'

/**
 * The rules for changing an order rather than returning it: cancelling one that has not shipped,
 * shipping it elsewhere, paying it with another method, changing its items to other variants of
 * the same products (once), and exchanging delivered items. The tools propose with them and the
 * approval step re-checks with them before applying, so "may this change happen" has one home.
 */

/** Same shape as a tool error, so tools can throw it as is. */
export interface ChangeRefusal {
  code: string
  message: string
  field?: string
  suggestions?: string[]
}

export type Verdict<T extends object> = ({ eligible: true } & T) | { eligible: false; refusal: ChangeRefusal }

const refuse = (refusal: ChangeRefusal): { eligible: false; refusal: ChangeRefusal } => ({
  eligible: false,
  refusal
})

/** Not shipped yet: the order can still be cancelled, sent elsewhere, paid otherwise or changed. */
export const NOT_SHIPPED: readonly OrderStatus[] = ['pending', 'paid']

/** An order with what changing it needs: its customer's payment methods and its payment history. */
export interface OrderForChange extends OrderChangeFacts {
  payments: OrderPaymentEntry[]
  methods: PaymentMethod[]
}

export function loadOrderForChange(db: Db, orderId: string): OrderForChange | undefined {
  const facts = getOrderChangeFacts(db, orderId)
  if (!facts) return undefined
  return {
    ...facts,
    payments: listOrderPayments(db, orderId),
    methods: listPaymentMethodsForCustomer(db, facts.customerId)
  }
}

const money = (cents: number, currency: string): string => formatMoney(centsToMoney(cents, currency))

/** The rules in words, for the model's system prompt; written from the same constants. */
export function orderChangePolicyText(): string {
  return [
    `- An order not yet shipped (status ${NOT_SHIPPED.join(' or ')}) can be cancelled (cancel_order: what was paid goes back to each method it was paid with), sent to another address (change_order_address), paid with another of the customer's methods (change_order_payment), or have items changed to other available variants of the same products (change_order_items, once per order: after it the order can no longer be cancelled or changed so again; list every item in one call).`,
    '- A delivered order can have items exchanged for other available variants of the same products (exchange_items, once per order; list every item in one call), or returned (process_return, whose refund goes to the original payment method or, if the customer asks, one of their gift cards: refund_to).',
    "- A price difference is paid with, or refunded to, a payment method of the customer's; a gift card must hold enough to pay it.",
    "- A customer's default address changes with change_customer_address; orders already placed keep theirs.",
    '- Each of these is proposed, not done: a person approves it. Before proposing, tell the customer exactly what will change and ask them to confirm; propose only what they confirmed.'
  ].join('\n')
}

function notShippedRefusal(order: OrderForChange, what: string): ChangeRefusal | null {
  if (NOT_SHIPPED.includes(order.status)) return null
  if (order.status === 'cancelled') {
    return { code: 'order_cancelled', message: `Order ${order.id} was cancelled; it cannot be ${what}.` }
  }
  return {
    code: 'already_shipped',
    message:
      `Order ${order.id} has left the warehouse (status: ${order.status}), so it can no longer be ${what}.` +
      (order.status === 'delivered' ? ' Its items can be returned or exchanged instead.' : '')
  }
}

const LOCK_WORDS: Record<OrderLock, string> = {
  cancellation: 'a cancellation',
  item_change: 'a change of its items',
  exchange: 'an exchange'
}

function lockRefusal(
  order: OrderForChange,
  claims: OrderClaims,
  locks: readonly OrderLock[]
): ChangeRefusal | null {
  for (const lock of locks) {
    const ids = claims.pendingLocks.get(lock)
    if (ids && ids.length > 0) {
      return {
        code: 'change_pending',
        message: `Order ${order.id} already has ${LOCK_WORDS[lock]} awaiting a person's approval (${ids.join(', ')}); wait for that decision first.`,
        suggestions: ids
      }
    }
  }
  return null
}

function itemsChangedRefusal(order: OrderForChange, what: string): ChangeRefusal | null {
  if (!order.itemsChangedAt) return null
  return {
    code: 'items_already_changed',
    message: `Order ${order.id}'s items were already changed (${order.itemsChangedAt.slice(0, 10)}); it can no longer be ${what}.`
  }
}

/**
 * What each method paid and has not had back. An order without a payment history (a shop that
 * did not import one) was paid in full with its original method, unless it is still pending.
 */
export function paidByMethod(order: OrderForChange): { paymentMethodId: string | null; cents: number }[] {
  const hasPayments = order.payments.some((entry) => entry.kind === 'payment')
  const entries: OrderPaymentEntry[] =
    hasPayments || order.status === 'pending'
      ? order.payments
      : [
          {
            kind: 'payment',
            amountCents: order.totalCents,
            currency: order.currency,
            paymentMethodId: null,
            actionId: null,
            createdAt: ''
          },
          ...order.payments
        ]
  return netPaidByMethod(entries)
}

function methodRefOf(
  order: OrderForChange,
  id: string | null
): { ref: PaymentMethodRef | null; label: string } {
  const method = id === null ? undefined : order.methods.find((m) => m.id === id)
  if (method) return { ref: paymentMethodRef(method), label: paymentMethodLabel(method) }
  return { ref: null, label: id ?? 'the original payment method' }
}

const methodsList = (order: OrderForChange): string =>
  order.methods.map((m) => `${m.id} (${describePaymentMethod(m)})`).join(', ') || 'none on file'

function resolveMethod(
  order: OrderForChange,
  id: string,
  field: string
): { ok: true; method: PaymentMethod } | { ok: false; refusal: ChangeRefusal } {
  const method = order.methods.find((m) => m.id === id.trim())
  if (method) return { ok: true, method }
  return {
    ok: false,
    refusal: {
      code: 'unknown_payment_method',
      message: `"${id}" is not a payment method of this order's customer. Their methods: ${methodsList(order)}.`,
      field,
      suggestions: order.methods.map((m) => m.id)
    }
  }
}

function giftCardShortfall(method: PaymentMethod, neededCents: number, field: string): ChangeRefusal | null {
  if (method.kind !== 'gift_card' || neededCents <= 0 || (method.balanceCents ?? 0) >= neededCents)
    return null
  return {
    code: 'insufficient_gift_card_balance',
    message:
      `Gift card ${method.id} holds ${money(method.balanceCents ?? 0, method.currency)}, ` +
      `less than the ${money(neededCents, method.currency)} to pay.`,
    field
  }
}

export interface CancelFacts {
  refunds: CancelRefund[]
  paidCents: number
}

export function assessCancel(order: OrderForChange, claims: OrderClaims): Verdict<CancelFacts> {
  const blocked =
    notShippedRefusal(order, 'cancelled') ??
    itemsChangedRefusal(order, 'cancelled') ??
    lockRefusal(order, claims, ['cancellation', 'item_change'])
  if (blocked) return refuse(blocked)
  const refunds = paidByMethod(order).map(({ paymentMethodId, cents }) => {
    const { ref, label } = methodRefOf(order, paymentMethodId)
    return { payment_method_id: paymentMethodId, kind: ref?.kind ?? null, label, amount_cents: cents }
  })
  return { eligible: true, refunds, paidCents: refunds.reduce((sum, r) => sum + r.amount_cents, 0) }
}

export function assessOrderAddressChange(
  order: OrderForChange,
  address: PostalAddress,
  claims: OrderClaims
): Verdict<{ previous: PostalAddress }> {
  const blocked =
    notShippedRefusal(order, 'sent to another address') ?? lockRefusal(order, claims, ['cancellation'])
  if (blocked) return refuse(blocked)
  const previous = order.shippingAddress ?? {
    line1: order.shippingAddressText || '(none on record)',
    line2: '',
    city: '',
    region: '',
    postal_code: '',
    country: ''
  }
  if (order.shippingAddress && sameAddress(order.shippingAddress, address)) {
    return refuse({
      code: 'same_address',
      message: `Order ${order.id} already ships to ${formatAddress(address)}.`,
      field: 'address'
    })
  }
  return { eligible: true, previous }
}

export interface PaymentChangeFacts {
  from: PaymentMethodRef
  to: PaymentMethod
  amountCents: number
}

export function assessPaymentChange(
  order: OrderForChange,
  paymentMethodId: string,
  claims: OrderClaims
): Verdict<PaymentChangeFacts> {
  const blocked =
    notShippedRefusal(order, 'paid with another method') ?? lockRefusal(order, claims, ['cancellation'])
  if (blocked) return refuse(blocked)
  const paid = paidByMethod(order)
  const [current] = paid
  if (!current || paid.length !== 1) {
    return refuse({
      code: paid.length === 0 ? 'nothing_paid' : 'several_payment_methods',
      message:
        paid.length === 0
          ? `Order ${order.id} has no payment to move to another method.`
          : `Order ${order.id} is paid with ${paid.length} methods; a person must move its payment.`
    })
  }
  const target = resolveMethod(order, paymentMethodId, 'payment_method_id')
  if (!target.ok) return refuse(target.refusal)
  const from = methodRefOf(order, current.paymentMethodId)
  if (current.paymentMethodId === target.method.id || !from.ref) {
    return refuse(
      from.ref
        ? {
            code: 'same_payment_method',
            message: `Order ${order.id} is already paid with ${target.method.id} (${from.label}).`,
            field: 'payment_method_id'
          }
        : {
            code: 'unknown_original_method',
            message: `Order ${order.id}'s original payment method is not on record; a person must move its payment.`
          }
    )
  }
  const short = giftCardShortfall(target.method, current.cents, 'payment_method_id')
  if (short) return refuse(short)
  return { eligible: true, from: from.ref, to: target.method, amountCents: current.cents }
}

/** One line the customer asks to move to another variant, as a tool received it. */
export interface SwapRequest {
  itemId: number
  variantId: string
  /** Where it is in the request, for errors: `items.0`. */
  field: string
}

type SwapMode = 'change' | 'exchange'

const describeLines = (order: OrderForChange): string =>
  order.lines
    .map((l) => `item_id ${l.itemId} ${l.name}${l.variantId ? ` (variant ${l.variantId})` : ''}`)
    .join('; ')

function resolveSwap(
  db: Db,
  order: OrderForChange,
  request: SwapRequest,
  mode: SwapMode,
  claims: OrderClaims
): { ok: true; swap: VariantSwap } | { ok: false; refusal: ChangeRefusal } {
  const fail = (refusal: ChangeRefusal) => ({ ok: false as const, refusal })
  const line: OrderLineFacts | undefined = order.lines.find((l) => l.itemId === request.itemId)
  if (!line) {
    return fail({
      code: 'item_not_in_order',
      message: `Item ${request.itemId} is not a line of order ${order.id}. Its lines: ${describeLines(order)}.`,
      field: `${request.field}.item_id`,
      suggestions: order.lines.map((l) => String(l.itemId))
    })
  }
  if (!line.variantId) {
    return fail({
      code: 'no_variants',
      message: `${line.name} (item ${line.itemId}) is not sold in variants here, so it cannot be changed to another.`,
      field: `${request.field}.item_id`
    })
  }
  const variantField = `${request.field}.new_variant_id`
  const variant = getVariant(db, request.variantId.trim())
  const sameProduct = listVariantsOfProduct(db, line.productId)
  const availableIds = sameProduct.filter((v) => v.available && v.id !== line.variantId).map((v) => v.id)
  if (!variant) {
    return fail({
      code: 'unknown_variant',
      message: `There is no variant "${request.variantId}". ${line.name}'s available variants: ${availableIds.join(', ') || 'none'} (get_product_details product_id ${line.productId} lists their options).`,
      field: variantField,
      suggestions: availableIds
    })
  }
  if (variant.productId !== line.productId) {
    return fail({
      code: 'different_product',
      message: `Variant ${variant.id} is a ${variant.productName}, not a ${line.name}: an item can only change to another variant of the same product (product_id ${line.productId}).`,
      field: variantField,
      suggestions: availableIds
    })
  }
  if (variant.id === line.variantId) {
    return fail({
      code: 'same_variant',
      message: `Item ${line.itemId} already is variant ${variant.id}; choose another variant.`,
      field: variantField,
      suggestions: availableIds
    })
  }
  if (!variant.available) {
    return fail({
      code: 'variant_unavailable',
      message: `Variant ${variant.id} of ${line.name} is not available. Available: ${availableIds.join(', ') || 'none'}.`,
      field: variantField,
      suggestions: availableIds
    })
  }
  let quantity = line.quantity
  if (mode === 'exchange') {
    const pending = claims.pendingByItem.get(line.itemId)?.quantity ?? 0
    quantity = line.quantity - line.returnedQuantity - line.exchangedQuantity - pending
    if (quantity <= 0) {
      return fail({
        code: pending > 0 ? 'return_pending' : 'already_returned',
        message:
          pending > 0
            ? `${line.name} (item ${line.itemId}) is already in a return or exchange awaiting approval.`
            : `${line.name} (item ${line.itemId}) was already returned or exchanged.`,
        field: `${request.field}.item_id`
      })
    }
  }
  const from = sameProduct.find((v) => v.id === line.variantId)
  return {
    ok: true,
    swap: {
      item_id: line.itemId,
      product_id: line.productId,
      name: line.name,
      quantity,
      from_variant_id: line.variantId,
      to_variant_id: variant.id,
      from_options: from?.options ?? line.options,
      to_options: variant.options,
      from_price_cents: line.unitPriceCents,
      to_price_cents: variant.priceCents
    }
  }
}

function resolveSwaps(
  db: Db,
  order: OrderForChange,
  requests: readonly SwapRequest[],
  mode: SwapMode,
  claims: OrderClaims
): { ok: true; swaps: VariantSwap[] } | { ok: false; refusal: ChangeRefusal } {
  const swaps: VariantSwap[] = []
  for (const request of requests) {
    if (swaps.some((s) => s.item_id === request.itemId)) {
      return {
        ok: false,
        refusal: {
          code: 'duplicate_item',
          message: `Item ${request.itemId} is listed twice; list each line once.`,
          field: `${request.field}.item_id`
        }
      }
    }
    const resolved = resolveSwap(db, order, request, mode, claims)
    if (!resolved.ok) return resolved
    swaps.push(resolved.swap)
  }
  return { ok: true, swaps }
}

export interface SwapFacts {
  swaps: VariantSwap[]
  differenceCents: number
  method: PaymentMethod
}

function assessSwaps(
  db: Db,
  order: OrderForChange,
  requests: readonly SwapRequest[],
  paymentMethodId: string,
  mode: SwapMode,
  claims: OrderClaims
): Verdict<SwapFacts> {
  const resolved = resolveSwaps(db, order, requests, mode, claims)
  if (!resolved.ok) return refuse(resolved.refusal)
  const target = resolveMethod(order, paymentMethodId, 'payment_method_id')
  if (!target.ok) return refuse(target.refusal)
  const differenceCents = priceDifferenceCents(resolved.swaps)
  const short = giftCardShortfall(target.method, differenceCents, 'payment_method_id')
  if (short) return refuse(short)
  return { eligible: true, swaps: resolved.swaps, differenceCents, method: target.method }
}

export function assessItemChange(
  db: Db,
  order: OrderForChange,
  requests: readonly SwapRequest[],
  paymentMethodId: string,
  claims: OrderClaims
): Verdict<SwapFacts> {
  const blocked =
    notShippedRefusal(order, 'changed') ??
    itemsChangedRefusal(order, 'changed again') ??
    lockRefusal(order, claims, ['cancellation', 'item_change'])
  if (blocked) return refuse(blocked)
  return assessSwaps(db, order, requests, paymentMethodId, 'change', claims)
}

export function assessExchange(
  db: Db,
  order: OrderForChange,
  requests: readonly SwapRequest[],
  paymentMethodId: string,
  claims: OrderClaims
): Verdict<SwapFacts> {
  if (order.status !== 'delivered') {
    return refuse({
      code: 'not_delivered',
      message:
        order.status === 'returned'
          ? `Order ${order.id} was returned; nothing is left to exchange.`
          : `Order ${order.id} is not delivered (status: ${order.status}); only delivered items can be exchanged.` +
            (NOT_SHIPPED.includes(order.status) ? ' Before it ships, its items can be changed instead.' : '')
    })
  }
  if (countExchangesForOrder(db, order.id) > 0) {
    return refuse({
      code: 'already_exchanged',
      message: `Order ${order.id} already has an exchange; an order's items are exchanged once, all in one request.`
    })
  }
  const blocked = lockRefusal(order, claims, ['exchange'])
  if (blocked) return refuse(blocked)
  return assessSwaps(db, order, requests, paymentMethodId, 'exchange', claims)
}

/**
 * Where a return's refund may go: the order's original payment method, or a gift card of the
 * customer's. Undefined `paymentMethodId`: the original, unnamed.
 */
export function resolveRefundDestination(
  order: OrderForChange,
  paymentMethodId: string
): { ok: true; ref: PaymentMethodRef } | { ok: false; refusal: ChangeRefusal } {
  const target = resolveMethod(order, paymentMethodId, 'refund_to')
  if (!target.ok) return target
  const original = order.payments.find((entry) => entry.kind === 'payment')?.paymentMethodId ?? null
  const allowed = order.methods.filter((m) => m.id === original || m.kind === 'gift_card')
  if (!allowed.some((m) => m.id === target.method.id)) {
    return {
      ok: false,
      refusal: {
        code: 'refund_method_not_allowed',
        message:
          `A return's refund goes to the order's original payment method${original ? ` (${original})` : ''} or a gift card; ` +
          `${target.method.id} is neither. Allowed: ${allowed.map((m) => m.id).join(', ') || 'the original method'}.`,
        field: 'refund_to',
        suggestions: allowed.map((m) => m.id)
      }
    }
  }
  return { ok: true, ref: paymentMethodRef(target.method) }
}
