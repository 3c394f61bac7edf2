import type { Db } from '../db/connection'
import { findExistingOrderIds, listOrdersForCustomer } from '../db/repositories/orders'
import { dataScopeOf, mayViewOrder, proveOrder } from '../policy/data-scope'
import { demoIdsOneTypoAway, parseDemoOrderId } from '../shop/demo-order-ids'
import { orderIdHint } from '../shop/order-id-format'
import type { OrderIdRules } from '../shop/order-id-rules'
import { shopOrderIdRules } from '../shop/shop-settings'
import { ToolFailure, type ToolContext, type ToolError } from './define-tool'

const MAX_SUGGESTIONS = 8

/** The demo format's parser and typo variants, under the names the rest of the code knew them by. */
export { parseDemoOrderId as normalizeOrderId, demoIdsOneTypoAway as oneCharacterVariants }

export interface ResolveOptions {
  /** The ticket's customer: their orders are suggested first. */
  customerId?: string
  /**
   * Only the orders this passes exist for the caller (a customer chatting must not learn others'
   * ids); absent, every order does. Suggestions come only from what it passes.
   */
  visible?: (order: { id: string; customerId: string }) => boolean
  /** The shop's id format; read from the database when not given. */
  rules?: OrderIdRules
}

export type OrderIdResolution = { ok: true; id: string; customerId: string } | { ok: false; error: ToolError }

const invalid = (
  raw: string,
  why: string,
  rules: OrderIdRules,
  suggestions: string[]
): OrderIdResolution => ({
  ok: false,
  error: {
    code: 'invalid_order_id',
    message: `"${raw}" ${why}. ${orderIdHint(rules)}`,
    field: 'order_id',
    ...(suggestions.length > 0 ? { suggestions } : {})
  }
})

const ownersFirst = <T extends { customerId: string }>(rows: T[], customerId: string | undefined): T[] =>
  customerId
    ? [...rows].sort((a, b) => Number(b.customerId === customerId) - Number(a.customerId === customerId))
    : rows

/**
 * Finds the order a typed id means, in the shop's own id format (see shop/order-id-format). When it
 * does not exist, the error suggests real ids: orders one typo away first, then the orders the
 * format relates to it (the demo shop's: placed that day), the customer's before anyone else's.
 */
export function resolveOrderId(db: Db, raw: string, options: ResolveOptions = {}): OrderIdResolution {
  const { customerId, visible } = options
  const rules = options.rules ?? shopOrderIdRules(db)
  const allowed = (order: { id: string; customerId: string }) => visible?.(order) ?? true
  // A scoped caller is never told whether an order it may not see exists.
  const noOrder = (id: string) =>
    visible ? `No order ${id} is among the orders this conversation can see` : `There is no order ${id}`
  const recentOfCustomer = (limit = 5) =>
    customerId ? listOrdersForCustomer(db, customerId, limit).map((o) => o.id) : []

  const parsed = rules.normalize(raw)
  if (!parsed.ok) {
    // An id exactly as stored is always found, whatever shape the shop's other ids have.
    const [stored] = findExistingOrderIds(db, [raw.trim()])
    if (stored && allowed(stored)) return { ok: true, ...stored }
    return invalid(raw, parsed.why, rules, recentOfCustomer())
  }
  const [exact] = findExistingOrderIds(db, [parsed.id])
  if (exact && allowed(exact)) return { ok: true, id: exact.id, customerId: exact.customerId }

  const nearMisses = ownersFirst(findExistingOrderIds(db, rules.oneTypoAway(parsed.id)), customerId)
    .filter((o) => allowed(o))
    .map((o) => o.id)
  const { related } = rules
  const relatedIds = !related
    ? []
    : visible
      ? recentOfCustomer(1000)
          .filter((id) => related.isRelated(parsed.id, id))
          .sort()
      : related.find(db, parsed.id, customerId, MAX_SUGGESTIONS * 2)
  const suggestions = [...new Set([...nearMisses, ...relatedIds])].slice(0, MAX_SUGGESTIONS)
  const relation = related?.describe(parsed.id)

  if (suggestions.length > 0) {
    const didYouMean = nearMisses[0] ? ` Did you mean ${nearMisses[0]}?` : ''
    return {
      ok: false,
      error: {
        code: 'order_not_found',
        message:
          `${noOrder(parsed.id)}.${didYouMean} Real order ids close to it (one typo away` +
          `${relation ? `, or ${relation}` : ''}): ${suggestions.join(', ')}.`,
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
        `${noOrder(parsed.id)}${relation ? `, and no matching order was ${relation}` : ''}.` +
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
    const parsed = shopOrderIdRules(ctx.db).normalize(raw)
    const [order] = findExistingOrderIds(ctx.db, [parsed.ok ? parsed.id : raw.trim()])
    if (order) proveOrder(ctx.db, scope, order, claim.email, ctx.clock.now().toISOString())
  }
  const resolution = resolveOrderId(ctx.db, raw, {
    customerId:
      scope.kind === 'customer' ? scope.customerId : scope.kind === 'shop' ? ctx.customerId : undefined,
    visible: scope.kind === 'shop' ? undefined : (order) => mayViewOrder(ctx.db, scope, order)
  })
  if (resolution.ok) return { id: resolution.id, customerId: resolution.customerId }
  throw new ToolFailure(
    scope.kind === 'guest'
      ? guestOrderRefusal(raw, claim !== undefined, shopOrderIdRules(ctx.db))
      : resolution.error
  )
}

function guestOrderRefusal(raw: string, emailGiven: boolean, rules: OrderIdRules): ToolError {
  return {
    code: 'order_verification_needed',
    message:
      `I can't show order "${raw}" in this conversation: the customer is a guest (no account linked). ` +
      `To see an order, I need its order id and the email address it was placed with; ` +
      `pass both to get_order_status${emailGiven ? ' (the order id and email given do not match: ask the customer to check both)' : ''}. ` +
      orderIdHint(rules),
    field: 'email'
  }
}
