import type { GoodwillCreditEligibility } from '../../shared/domain/actions/goodwill-credit'
import type { RefundEligibility } from '../../shared/domain/actions/refund'
import { centsToMoney, formatMoney } from '../../shared/domain/money'
import { DEFAULT_MONEY_CAPS, MoneyCaps } from '../../shared/domain/money-caps'
import type { Db } from '../db/connection'
import type { OrderForMoney } from '../db/repositories/orders'
import { readSetting, writeSetting } from '../db/repositories/settings'
import type { OrderClaims } from './order-claims'

/**
 * The rules for money a person gives back without a return: a refund of an amount of an order
 * (never more than was paid minus what is refunded or awaiting approval, never above the cap for
 * one refund) and goodwill credit (store credit, its own smaller cap, not counted against the
 * order's payment). The issue_refund tool proposes with them; the approval step re-checks with them.
 */

export const MONEY_CAPS_SETTING = 'money_caps'

export function readMoneyCaps(db: Db): MoneyCaps {
  return readSetting(db, MONEY_CAPS_SETTING, MoneyCaps, DEFAULT_MONEY_CAPS)
}

export function writeMoneyCaps(db: Db, caps: MoneyCaps): MoneyCaps {
  const parsed = MoneyCaps.parse(caps)
  writeSetting(db, MONEY_CAPS_SETTING, parsed)
  return parsed
}

export type MoneyRefusalCode =
  'order_not_paid' | 'order_cancelled' | 'currency_mismatch' | 'amount_over_cap' | 'amount_exceeds_refundable'

/** Same shape as a tool error, so tools can throw it as is. */
export interface MoneyRefusal {
  code: MoneyRefusalCode
  message: string
  field?: string
}

export interface MoneyRequest {
  amountCents: number
  /** The currency the request named, if it named one: it must be the order's. */
  currency?: string
}

export type Assessment<Facts> = { eligible: true; facts: Facts } | { eligible: false; refusal: MoneyRefusal }

const money = (cents: number, currency: string): string => formatMoney(centsToMoney(cents, currency))

/** Statuses whose payment was taken: a pending order was never charged, a cancelled one is settled by its cancellation. */
const NOT_REFUNDABLE: Partial<Record<OrderForMoney['status'], (order: OrderForMoney) => MoneyRefusal>> = {
  pending: (order) => ({
    code: 'order_not_paid',
    message: `Order ${order.id} has not been paid yet (status: pending), so there is nothing to refund.`,
    field: 'order_id'
  }),
  cancelled: (order) => ({
    code: 'order_cancelled',
    message: `Order ${order.id} was cancelled; its payment is settled by the cancellation, not by a refund.`,
    field: 'order_id'
  })
}

function currencyRefusal(order: OrderForMoney, request: MoneyRequest): MoneyRefusal | null {
  if (request.currency === undefined || request.currency.toUpperCase() === order.currency) return null
  return {
    code: 'currency_mismatch',
    message: `Order ${order.id} was paid in ${order.currency}, not ${request.currency}; give the amount in ${order.currency}.`,
    field: 'currency'
  }
}

function capRefusal(
  what: string,
  amountCents: number,
  capCents: number,
  currency: string
): MoneyRefusal | null {
  if (amountCents <= capCents) return null
  return {
    code: 'amount_over_cap',
    message:
      `${money(amountCents, currency)} is above the shop's cap of ${money(capCents, currency)} for one ${what}. ` +
      `Propose at most ${money(capCents, currency)}, or leave a larger sum to a person.`,
    field: 'amount'
  }
}

/** A refund of `amountCents` of the order, with what other actions hold on it (excluding this one). */
export function evaluateRefund(input: {
  order: OrderForMoney
  claims: OrderClaims
  request: MoneyRequest
  caps: MoneyCaps
  now: Date
}): Assessment<RefundEligibility> {
  const { order, claims, request, caps } = input
  const refuse = (refusal: MoneyRefusal): Assessment<RefundEligibility> => ({ eligible: false, refusal })
  const status = NOT_REFUNDABLE[order.status]
  if (status) return refuse(status(order))
  const currency = currencyRefusal(order, request)
  if (currency) return refuse(currency)
  const cap = capRefusal('refund', request.amountCents, caps.refundCents, order.currency)
  if (cap) return refuse(cap)
  const refundableCents = Math.max(0, order.totalCents - order.refundedCents - claims.pendingAmountCents)
  if (request.amountCents > refundableCents) {
    const cur = order.currency
    return refuse({
      code: 'amount_exceeds_refundable',
      message:
        `Order ${order.id} was paid ${money(order.totalCents, cur)}; ${money(order.refundedCents, cur)} is already ` +
        `refunded and ${money(claims.pendingAmountCents, cur)} awaits approval in other actions, so ` +
        (refundableCents > 0
          ? `at most ${money(refundableCents, cur)} can still be refunded, not ${money(request.amountCents, cur)}.`
          : 'nothing more can be refunded.'),
      field: 'amount'
    })
  }
  return {
    eligible: true,
    facts: {
      order_status: order.status,
      paid_cents: order.totalCents,
      refunded_cents: order.refundedCents,
      pending_cents: claims.pendingAmountCents,
      refundable_cents: refundableCents,
      cap_cents: caps.refundCents,
      checked_at: input.now.toISOString()
    }
  }
}

/** Goodwill credit of `amountCents` for trouble with the order: any order of the customer's, up to its cap. */
export function evaluateGoodwillCredit(input: {
  order: OrderForMoney
  request: MoneyRequest
  caps: MoneyCaps
  balanceCents: number
  now: Date
}): Assessment<GoodwillCreditEligibility> {
  const { order, request, caps } = input
  const refusal =
    currencyRefusal(order, request) ??
    capRefusal('goodwill credit', request.amountCents, caps.goodwillCreditCents, order.currency)
  if (refusal) return { eligible: false, refusal }
  return {
    eligible: true,
    facts: {
      order_status: order.status,
      cap_cents: caps.goodwillCreditCents,
      balance_cents: input.balanceCents,
      checked_at: input.now.toISOString()
    }
  }
}

/** The rules in words, for the model's system prompt and the MCP policy resource; caps in the order's currency. */
export function moneyPolicyText(caps: MoneyCaps): string {
  const amount = (cents: number): string => (cents / 100).toFixed(2)
  return [
    `- A refund of an amount without a return (issue_refund) goes back to the original payment method: at most ${amount(caps.refundCents)} per refund in the order's currency, and never more than the order's payment minus what is refunded or awaiting approval.`,
    `- Goodwill credit (issue_refund with type goodwill_credit) is store credit for trouble with an order, with no money back and no items returned: at most ${amount(caps.goodwillCreditCents)} per credit.`
  ].join('\n')
}
