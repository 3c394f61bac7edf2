import { ReturnReason, type ReturnEligibility, type ReturnPayload } from '../../shared/domain/actions/return'
import { centsToMoney, formatMoney } from '../../shared/domain/money'
import type { PaymentMethodRef } from '../../shared/domain/payment-method'
import type { Db } from '../db/connection'
import { getOrderForMoney, type OrderForMoney } from '../db/repositories/orders'
import type { OrderClaims } from './order-claims'

export { ReturnReason }

/**
 * The shop's return and refund rules, in one place: the process_return tool proposes with them, the
 * fallback drafter explains with them, and the approval step re-checks with them before applying.
 * Everything here is cents and pure, except `assessReturn`, which loads the facts from the database.
 */

export const RETURN_WINDOW_DAYS = 30
const DAY_MS = 86_400_000

/** The shop's fault: the customer should not also pay for the delivery. */
export const SHIPPING_REFUNDED_FOR: readonly ReturnReason[] = ['damaged', 'defective', 'wrong_item']

/** The rules in words, for the model's system prompt and the MCP policy resource; generated from the same constants. */
export function returnPolicyText(): string {
  return [
    `- Delivered orders can be returned within ${RETURN_WINDOW_DAYS} days of delivery; orders not yet delivered cannot (offer to cancel an unshipped order instead).`,
    `- Reasons: ${ReturnReason.options.join(', ')}.`,
    `- The refund is the price paid for the returned items. The order's shipping is refunded too, once per order, when the reason is ${SHIPPING_REFUNDED_FOR.join(', ')}.`,
    '- Items already returned, or already in a return awaiting approval, cannot be returned again.',
    '- Every return is proposed with process_return, and a refund of an amount or a goodwill credit with issue_refund; each is applied only after a person approves it.'
  ].join('\n')
}

export interface ReturnWindow {
  windowDays: number
  deliveredAt: string
  closesAt: string
  daysSinceDelivery: number
  open: boolean
}

/** The window counts from the delivery instant; undefined when the date is not a date. */
export function returnWindow(deliveredAt: string, now: Date): ReturnWindow | undefined {
  const delivered = Date.parse(deliveredAt)
  if (Number.isNaN(delivered)) return undefined
  const closes = delivered + RETURN_WINDOW_DAYS * DAY_MS
  return {
    windowDays: RETURN_WINDOW_DAYS,
    deliveredAt,
    closesAt: new Date(closes).toISOString(),
    daysSinceDelivery: Math.floor((now.getTime() - delivered) / DAY_MS),
    open: now.getTime() <= closes
  }
}

export interface ReturnRequestLine {
  itemId?: number
  productId?: string
  /** Omitted: all of that line that can still be returned. */
  quantity?: number
  /**
   * Where the line stands in the request, for errors: `items.0` (whose item_id, product_id and
   * quantity are named), or a bare id of the seed's `item_ids` (named itself). Default `items.<index>`.
   */
  field?: { path: string; bareId: boolean }
}

export interface ReturnRequest {
  /** Omitted: everything still returnable. */
  items?: readonly ReturnRequestLine[]
  reason: string
  note?: string
}

export interface ReturnLine {
  itemId: number
  productId: string
  name: string
  quantity: number
  unitPriceCents: number
  lineCents: number
}

export interface RefundBreakdown {
  itemsCents: number
  shippingCents: number
  totalCents: number
  currency: string
  /** Why the total is what it is, in words: shipping included or not, a cap. */
  notes: string[]
}

export type ReturnRefusalCode =
  | 'invalid_reason'
  | 'not_delivered'
  | 'already_returned'
  | 'return_window_expired'
  | 'item_not_in_order'
  | 'ambiguous_item'
  | 'return_pending'
  | 'quantity_exceeds_remaining'
  | 'nothing_to_refund'

/** Same shape as a tool error, so tools can throw it as is. */
export interface ReturnRefusal {
  code: ReturnRefusalCode
  message: string
  field?: string
  suggestions?: string[]
}

export type ReturnDecision =
  | {
      eligible: true
      orderId: string
      reason: ReturnReason
      note: string | null
      lines: ReturnLine[]
      refund: RefundBreakdown
      facts: ReturnEligibility
    }
  | { eligible: false; refusal: ReturnRefusal }

const refuse = (refusal: ReturnRefusal): ReturnDecision => ({ eligible: false, refusal })
const day = (iso: string): string => iso.slice(0, 10)
const money = (cents: number, currency: string): string => formatMoney(centsToMoney(cents, currency))

function notDeliveredMessage(order: OrderForMoney): string {
  switch (order.status) {
    case 'cancelled':
      return `Order ${order.id} was cancelled, so there is nothing to return.`
    case 'shipped':
      return `Order ${order.id} is on its way (status: shipped) and can be returned once it is delivered.`
    case 'delivered':
      return `Order ${order.id} is marked delivered but has no delivery date on record; a person must check it.`
    default:
      return `Order ${order.id} has not shipped yet (status: ${order.status}); it can be cancelled rather than returned.`
  }
}

type OrderItem = OrderForMoney['items'][number]

interface ResolvedLine {
  item: OrderItem
  quantity: number
}

/** One order line as the request asks for it; 'rest': all of it that can still be returned. */
interface RequestedLine {
  index: number
  line: ReturnRequestLine
  item: OrderItem
  quantity: number | 'rest'
}

function describeItems(order: OrderForMoney): string {
  return order.items.map((i) => `item_id ${i.itemId} ${i.name} (${i.productId}) ×${i.quantity}`).join('; ')
}

/** The request field an error about `member` of this line names. */
function lineField(
  line: ReturnRequestLine,
  index: number,
  member: 'item_id' | 'product_id' | 'quantity'
): string {
  const { path, bareId } = line.field ?? { path: `items.${index}`, bareId: false }
  return bareId ? path : `${path}.${member}`
}

function resolveLine(
  order: OrderForMoney,
  line: ReturnRequestLine,
  index: number
): { ok: true; item: OrderForMoney['items'][number] } | { ok: false; refusal: ReturnRefusal } {
  const suggestions = order.items.map((i) => String(i.itemId))
  if (line.itemId !== undefined) {
    const item = order.items.find((i) => i.itemId === line.itemId)
    if (!item) {
      return {
        ok: false,
        refusal: {
          code: 'item_not_in_order',
          message: `Item ${line.itemId} is not part of order ${order.id}. Its items: ${describeItems(order)}.`,
          field: lineField(line, index, 'item_id'),
          suggestions
        }
      }
    }
    if (line.productId !== undefined && line.productId.toUpperCase() !== item.productId.toUpperCase()) {
      return {
        ok: false,
        refusal: {
          code: 'item_not_in_order',
          message: `Item ${item.itemId} of order ${order.id} is ${item.name} (${item.productId}), not ${line.productId}.`,
          field: lineField(line, index, 'product_id'),
          suggestions
        }
      }
    }
    return { ok: true, item }
  }
  const productId = (line.productId ?? '').toUpperCase()
  const matches = order.items.filter((i) => i.productId.toUpperCase() === productId)
  const [only] = matches
  if (only && matches.length === 1) return { ok: true, item: only }
  return {
    ok: false,
    refusal:
      matches.length === 0
        ? {
            code: 'item_not_in_order',
            message: `Product ${line.productId ?? '(none)'} is not part of order ${order.id}. Its items: ${describeItems(order)}.`,
            field: lineField(line, index, 'product_id'),
            suggestions
          }
        : {
            code: 'ambiguous_item',
            message: `Product ${line.productId} appears on ${matches.length} lines of order ${order.id}; give item_id instead.`,
            field: lineField(line, index, 'product_id'),
            suggestions: matches.map((i) => String(i.itemId))
          }
  }
}

/**
 * Decides whether a return may be proposed and what it refunds. Refund = unit price × quantity of the
 * returned items, plus the order's shipping when the shop is at fault (once per order), never more
 * than what remains refundable on the order.
 */
export function evaluateReturn(input: {
  order: OrderForMoney
  claims: OrderClaims
  request: ReturnRequest
  now: Date
}): ReturnDecision {
  const { order, claims, request, now } = input
  const reason = ReturnReason.safeParse(request.reason)
  if (!reason.success) {
    return refuse({
      code: 'invalid_reason',
      message: `"${request.reason}" is not a return reason. Use one of: ${ReturnReason.options.join(', ')}.`,
      field: 'reason',
      suggestions: [...ReturnReason.options]
    })
  }
  if (order.status === 'returned') {
    return refuse({
      code: 'already_returned',
      message: `Order ${order.id} has already been returned in full.`
    })
  }
  const window =
    order.status === 'delivered' && order.deliveredAt ? returnWindow(order.deliveredAt, now) : undefined
  if (order.status !== 'delivered' || !window) {
    return refuse({ code: 'not_delivered', message: notDeliveredMessage(order) })
  }
  if (!window.open) {
    return refuse({
      code: 'return_window_expired',
      message:
        `Order ${order.id} was delivered on ${day(window.deliveredAt)}; the ${window.windowDays}-day return window ` +
        `closed on ${day(window.closesAt)} (${window.daysSinceDelivery} days since delivery, checked ${day(now.toISOString())}).`
    })
  }

  const pendingOf = (itemId: number) => claims.pendingByItem.get(itemId)?.quantity ?? 0
  const availableOf = (item: OrderItem) =>
    Math.max(0, item.quantity - item.returnedQuantity - pendingOf(item.itemId))

  let resolved: ResolvedLine[]
  if (request.items === undefined) {
    resolved = order.items
      .filter((item) => availableOf(item) > 0)
      .map((item) => ({ item, quantity: availableOf(item) }))
    if (resolved.length === 0) {
      const pendingIds = [...new Set([...claims.pendingByItem.values()].flatMap((p) => p.actionIds))]
      return refuse(
        pendingIds.length > 0
          ? {
              code: 'return_pending',
              message: `Everything left on order ${order.id} is already in a return awaiting approval (${pendingIds.join(', ')}).`,
              suggestions: pendingIds
            }
          : {
              code: 'already_returned',
              message: `Every item of order ${order.id} has already been returned.`
            }
      )
    }
  } else {
    const byItem = new Map<number, RequestedLine>()
    for (const [index, line] of request.items.entries()) {
      const found = resolveLine(order, line, index)
      if (!found.ok) return refuse(found.refusal)
      // The same item listed twice is one line with the quantities added; one without a quantity
      // asks for all of it.
      const previous = byItem.get(found.item.itemId)?.quantity ?? 0
      byItem.set(found.item.itemId, {
        index,
        line,
        item: found.item,
        quantity: previous === 'rest' || line.quantity === undefined ? 'rest' : previous + line.quantity
      })
    }
    resolved = []
    for (const { index, line, item, quantity } of byItem.values()) {
      const available = availableOf(item)
      const wanted = quantity === 'rest' ? available : quantity
      if (wanted > 0 && wanted <= available) {
        resolved.push({ item, quantity: wanted })
        continue
      }
      const pending = claims.pendingByItem.get(item.itemId)
      if (available === 0) {
        return refuse(
          pending && item.returnedQuantity < item.quantity
            ? {
                code: 'return_pending',
                message: `${item.name} (item ${item.itemId}) is already in a return awaiting approval (${pending.actionIds.join(', ')}).`,
                field: lineField(line, index, 'item_id'),
                suggestions: pending.actionIds
              }
            : {
                code: 'already_returned',
                message: `${item.name} (item ${item.itemId}) of order ${order.id} has already been returned.`,
                field: lineField(line, index, 'item_id')
              }
        )
      }
      return refuse({
        code: 'quantity_exceeds_remaining',
        message:
          `Only ${available} of ${item.name} (item ${item.itemId}) can still be returned: ordered ${item.quantity}, ` +
          `returned ${item.returnedQuantity}, awaiting approval ${pendingOf(item.itemId)}.`,
        field: lineField(line, index, 'quantity')
      })
    }
  }

  const lines: ReturnLine[] = resolved.map(({ item, quantity }) => ({
    itemId: item.itemId,
    productId: item.productId,
    name: item.name,
    quantity,
    unitPriceCents: item.unitPriceCents,
    lineCents: item.unitPriceCents * quantity
  }))
  const refund = computeRefund({ order, claims, lines, reason: reason.data })
  if (refund.totalCents <= 0) {
    return refuse({
      code: 'nothing_to_refund',
      message:
        `Order ${order.id} has nothing left to refund: total ${money(order.totalCents, order.currency)}, ` +
        `refunded ${money(order.refundedCents, order.currency)}, awaiting approval ${money(claims.pendingAmountCents, order.currency)}.`
    })
  }
  const requestedByItem = new Map(lines.map((l) => [l.itemId, l.quantity]))
  return {
    eligible: true,
    orderId: order.id,
    reason: reason.data,
    note: request.note?.trim() || null,
    lines,
    refund,
    facts: {
      order_status: order.status,
      delivered_at: window.deliveredAt,
      days_since_delivery: window.daysSinceDelivery,
      window_days: window.windowDays,
      window_closes_at: window.closesAt,
      checked_at: now.toISOString(),
      items: order.items.map((item) => ({
        item_id: item.itemId,
        name: item.name,
        ordered: item.quantity,
        already_returned: item.returnedQuantity,
        pending_in_other_actions: pendingOf(item.itemId),
        requested: requestedByItem.get(item.itemId) ?? 0
      }))
    }
  }
}

export function computeRefund(input: {
  order: OrderForMoney
  claims: OrderClaims
  lines: readonly ReturnLine[]
  reason: ReturnReason
}): RefundBreakdown {
  const { order, claims, lines, reason } = input
  const cur = order.currency
  const notes: string[] = []
  const itemsCents = lines.reduce((sum, line) => sum + line.lineCents, 0)
  let shippingCents = 0
  if (SHIPPING_REFUNDED_FOR.includes(reason) && order.shippingCents > 0) {
    if (claims.shippingClaimedBy) {
      notes.push(`Shipping is not included: it is already refunded in ${claims.shippingClaimedBy}.`)
    } else {
      shippingCents = order.shippingCents
      notes.push(`Includes shipping (${money(shippingCents, cur)}) because the reason is ${reason}.`)
    }
  } else if (order.shippingCents > 0) {
    notes.push(`Shipping (${money(order.shippingCents, cur)}) is not refunded for reason ${reason}.`)
  }
  const remaining = Math.max(0, order.totalCents - order.refundedCents - claims.pendingAmountCents)
  let totalCents = itemsCents + shippingCents
  if (totalCents > remaining) {
    notes.push(
      `Capped at ${money(remaining, cur)}, what remains refundable on the order after refunds issued and awaiting approval.`
    )
    totalCents = remaining
  }
  return { itemsCents, shippingCents, totalCents, currency: cur, notes }
}

/** The payload stored on the proposed action: what approving it will apply. */
export function toReturnActionPayload(
  decision: Extract<ReturnDecision, { eligible: true }>,
  refundTo: PaymentMethodRef | null = null
): ReturnPayload {
  return {
    refund_to: refundTo,
    order_id: decision.orderId,
    reason: decision.reason,
    note: decision.note,
    items: decision.lines.map((l) => ({
      item_id: l.itemId,
      product_id: l.productId,
      name: l.name,
      quantity: l.quantity,
      unit_price_cents: l.unitPriceCents,
      line_cents: l.lineCents
    })),
    refund: {
      items_cents: decision.refund.itemsCents,
      shipping_cents: decision.refund.shippingCents,
      total_cents: decision.refund.totalCents,
      currency: decision.refund.currency,
      notes: decision.refund.notes
    }
  }
}

/**
 * Loads the order, then evaluates with what other actions hold against it (see actions/order-claims).
 * Undefined when the order does not exist. Run it inside the transaction that writes the outcome, so
 * two proposals cannot both claim the same items.
 */
export function assessReturn(
  db: Db,
  orderId: string,
  request: ReturnRequest,
  now: Date,
  claims: OrderClaims
): ReturnDecision | undefined {
  const order = getOrderForMoney(db, orderId)
  if (!order) return undefined
  return evaluateReturn({ order, claims, request, now })
}
