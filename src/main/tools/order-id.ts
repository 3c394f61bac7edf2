import { ORDER_ID_FORMAT } from '../../shared/domain/order'
import type { Db } from '../db/connection'
import { findExistingOrderIds, listOrderIdsOnDate, listOrdersForCustomer } from '../db/repositories/orders'
import { dataScopeOf, mayViewOrder, proveOrder } from '../policy/data-scope'
import { ToolFailure, type ToolContext, type ToolError } from './define-tool'

const EXAMPLE_ORDER_ID = 'ORD-20261103-AB12'
const MAX_SUGGESTIONS = 8
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

export type ParsedOrderId =
  { ok: true; id: string; date: string; suffix: string } | { ok: false; reason: 'format' | 'date' }

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4))
  const month = Number(yyyymmdd.slice(4, 6))
  const dayOfMonth = Number(yyyymmdd.slice(6, 8))
  const date = new Date(Date.UTC(year, month - 1, dayOfMonth))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === dayOfMonth
  )
}

/**
 * The canonical `ORD-YYYYMMDD-XXXX` form of what a person or a model typed: any case, spaces, dashes,
 * dots or a leading `#` / "order" are tolerated ("ord 20261103 ab12", "ORD20261103AB12", "#ord-20261103-ab12").
 * Pure: whether the order exists is `resolveOrderId`'s question.
 */
export function normalizeOrderId(raw: string): ParsedOrderId {
  const compact = raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015_.#/:]+/g, '')
  const match = /^(?:ORDER|ORD)?(\d{8})([A-Z0-9]{4})$/.exec(compact)
  if (!match) return { ok: false, reason: 'format' }
  const [, date = '', suffix = ''] = match
  if (!isRealDate(date)) return { ok: false, reason: 'date' }
  return { ok: true, id: `ORD-${date}-${suffix}`, date, suffix }
}

/** Ids one typo away: one character replaced (date digits keep to real dates) or two neighbours swapped. */
export function oneCharacterVariants(id: string): string[] {
  const parsed = normalizeOrderId(id)
  if (!parsed.ok) return []
  const key = parsed.date + parsed.suffix
  const variants = new Set<string>()
  const add = (candidate: string) => {
    const date = candidate.slice(0, 8)
    if (candidate !== key && /^\d{8}$/.test(date) && isRealDate(date)) {
      variants.add(`ORD-${date}-${candidate.slice(8)}`)
    }
  }
  for (let i = 0; i < key.length; i++) {
    for (const ch of i < 8 ? '0123456789' : SUFFIX_ALPHABET) add(key.slice(0, i) + ch + key.slice(i + 1))
    if (i + 1 < key.length) add(key.slice(0, i) + key.charAt(i + 1) + key.charAt(i) + key.slice(i + 2))
  }
  return [...variants]
}

export interface ResolveOptions {
  /** The ticket's customer: their orders are suggested first. */
  customerId?: string
  /**
   * Only the orders this passes exist for the caller (a customer chatting must not learn others'
   * ids); absent, every order does. Suggestions come only from what it passes.
   */
  visible?: (order: { id: string; customerId: string }) => boolean
}

export type OrderIdResolution = { ok: true; id: string; customerId: string } | { ok: false; error: ToolError }

const invalid = (raw: string, why: string, suggestions: string[]): OrderIdResolution => ({
  ok: false,
  error: {
    code: 'invalid_order_id',
    message: `"${raw}" ${why}. Order ids look like ${ORDER_ID_FORMAT}, e.g. ${EXAMPLE_ORDER_ID}.`,
    field: 'order_id',
    ...(suggestions.length > 0 ? { suggestions } : {})
  }
})

const ownersFirst = <T extends { customerId: string }>(rows: T[], customerId: string | undefined): T[] =>
  customerId
    ? [...rows].sort((a, b) => Number(b.customerId === customerId) - Number(a.customerId === customerId))
    : rows

/**
 * Finds the order a typed id means. When it does not exist, the error suggests real ids: orders one
 * typo away first, then the orders placed that day, the customer's before anyone else's.
 */
export function resolveOrderId(db: Db, raw: string, options: ResolveOptions = {}): OrderIdResolution {
  const { customerId, visible } = options
  const allowed = (order: { id: string; customerId: string }) => visible?.(order) ?? true
  // A scoped caller is never told whether an order it may not see exists.
  const noOrder = (id: string) =>
    visible ? `No order ${id} is among the orders this conversation can see.` : `There is no order ${id}.`
  const recentOfCustomer = (limit = 5) =>
    customerId ? listOrdersForCustomer(db, customerId, limit).map((o) => o.id) : []

  const parsed = normalizeOrderId(raw)
  if (!parsed.ok) {
    return parsed.reason === 'date'
      ? invalid(raw, 'does not contain a real date after ORD-', recentOfCustomer())
      : invalid(raw, 'is not an order id', recentOfCustomer())
  }
  const [exact] = findExistingOrderIds(db, [parsed.id])
  if (exact && allowed(exact)) return { ok: true, id: exact.id, customerId: exact.customerId }

  const nearMisses = ownersFirst(findExistingOrderIds(db, oneCharacterVariants(parsed.id)), customerId)
    .filter((o) => allowed(o))
    .map((o) => o.id)
  const sameDay = visible
    ? recentOfCustomer(1000)
        .filter((id) => id.startsWith(`ORD-${parsed.date}-`))
        .sort()
    : listOrderIdsOnDate(db, parsed.date, customerId, MAX_SUGGESTIONS * 2)
  const suggestions = [...new Set([...nearMisses, ...sameDay])].slice(0, MAX_SUGGESTIONS)
  const dateText = `${parsed.date.slice(0, 4)}-${parsed.date.slice(4, 6)}-${parsed.date.slice(6)}`

  if (suggestions.length > 0) {
    const didYouMean = nearMisses[0] ? ` Did you mean ${nearMisses[0]}?` : ''
    return {
      ok: false,
      error: {
        code: 'order_not_found',
        message:
          `${noOrder(parsed.id)}${didYouMean} Real order ids close to it (one typo away, or placed on ` +
          `${dateText}): ${suggestions.join(', ')}.`,
        field: 'order_id',
        suggestions
      }
    }
  }
  const recent = recentOfCustomer()
  return {
    ok: false,
    error: {
      code: 'order_not_found',
      message:
        `${noOrder(parsed.id)} No matching order was placed on ${dateText}.` +
        (recent.length > 0 ? ` The customer's most recent orders: ${recent.join(', ')}.` : ''),
      field: 'order_id',
      ...(recent.length > 0 ? { suggestions: recent } : {})
    }
  }
}

/** A guest's second factor for one order, given with the order id (get_order_status's `email`). */
export interface OrderProofClaim {
  email: string
}

/**
 * For tools: the canonical id of an existing order the caller may see, or a ToolFailure explaining
 * why not. A guest who gives the email an order was placed with proves it for their conversation
 * first. A guest is never told whether an order exists: whatever the reason, the answer says what
 * is needed to see one.
 */
export function requireOrderId(
  ctx: ToolContext,
  raw: string,
  claim?: OrderProofClaim
): { id: string; customerId: string } {
  const scope = dataScopeOf(ctx.caller)
  if (claim && scope.kind === 'guest') {
    const parsed = normalizeOrderId(raw)
    const [order] = parsed.ok ? findExistingOrderIds(ctx.db, [parsed.id]) : []
    if (order) proveOrder(ctx.db, scope, order, claim.email, ctx.clock.now().toISOString())
  }
  const resolution = resolveOrderId(ctx.db, raw, {
    customerId:
      scope.kind === 'customer' ? scope.customerId : scope.kind === 'shop' ? ctx.customerId : undefined,
    visible: scope.kind === 'shop' ? undefined : (order) => mayViewOrder(ctx.db, scope, order)
  })
  if (resolution.ok) return { id: resolution.id, customerId: resolution.customerId }
  throw new ToolFailure(
    scope.kind === 'guest' ? guestOrderRefusal(raw, claim !== undefined) : resolution.error
  )
}

function guestOrderRefusal(raw: string, emailGiven: boolean): ToolError {
  return {
    code: 'order_verification_needed',
    message:
      `I can't show order "${raw}" in this conversation: the customer is a guest (no account linked). ` +
      `To see an order, I need its order id (like ${EXAMPLE_ORDER_ID}) and the email address it was placed with; ` +
      `pass both to get_order_status${emailGiven ? ' (the order id and email given do not match: ask the customer to check both)' : ''}.`,
    field: 'email'
  }
}
