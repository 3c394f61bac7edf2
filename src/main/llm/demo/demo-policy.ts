import type { DemoMessage } from './chat-request'
import { readConversation, type Conversation } from './conversation'
import {
  detectIntent,
  maxPriceFrom,
  orderIdCandidates,
  productQueryFrom,
  returnReasonFrom,
  soundsUpset,
  wantsInStock,
  type Intent
} from './intent'
import * as reply from './reply'
import { customerNameIn, orderIn, ordersIn, productsIn, returnIn, type OrderFacts } from './tool-facts'

/**
 * The demo model's mind: a pure function from the conversation so far to the next assistant turn.
 * It reads the customer's latest message like a support agent would, calls the shop's tools a few
 * rounds at most, and then writes a reply from what the tools said.
 */

export const MAX_TOOL_ROUNDS = 4

export const TOOL = {
  orderStatus: 'get_order_status',
  processReturn: 'process_return',
  searchProducts: 'search_products',
  customerHistory: 'get_customer_history'
} as const

export interface DemoToolCall {
  name: string
  arguments: Record<string, unknown>
}

export type DemoTurn = { kind: 'tool_calls'; calls: DemoToolCall[] } | { kind: 'text'; text: string }

interface Situation {
  convo: Conversation
  offered: ReadonlySet<string>
  /** The order id as the customer typed it, if they typed one. */
  typedOrderId: string | undefined
  reply: reply.ReplyContext
}

const callTool = (name: string, args: Record<string, unknown>): DemoTurn => ({
  kind: 'tool_calls',
  calls: [{ name, arguments: args }]
})
const say = (text: string): DemoTurn => ({ kind: 'text', text })

const canCall = (s: Situation, name: string): boolean =>
  s.offered.has(name) && s.convo.rounds < MAX_TOOL_ROUNDS

type OrderResolution =
  | { kind: 'call'; turn: DemoTurn }
  | { kind: 'found'; order: OrderFacts; correctedFrom?: string }
  | { kind: 'not_found'; typed: string; suggestions: readonly string[] }
  | { kind: 'no_orders' }
  | { kind: 'unknown' }

type OrderPreference = (orders: readonly OrderFacts[]) => OrderFacts | undefined

const firstWithStatus =
  (...statuses: string[]): OrderPreference =>
  (orders) => {
    for (const status of statuses) {
      const match = orders.find((o) => o.status === status)
      if (match) return match
    }
    return orders[0]
  }

const canonical = (id: string): string => id.replace(/[^0-9a-z]/gi, '').toUpperCase()

/** Finds the order the customer means: the id they typed (corrected once if the tool suggests), else their history. */
function resolveOrder(s: Situation, prefer: OrderPreference): OrderResolution {
  const statusSteps = s.convo.steps.filter((step) => step.name === TOOL.orderStatus)
  const last = statusSteps.at(-1)
  if (last?.outcome) {
    const first = statusSteps[0]
    if (last.outcome.ok) {
      const order = orderIn(last.outcome.value)
      if (!order) return { kind: 'unknown' }
      const typed = typeof first?.args.order_id === 'string' ? first.args.order_id : undefined
      const corrected = statusSteps.length > 1 && first?.outcome?.ok === false && typed ? typed : undefined
      return corrected ? { kind: 'found', order, correctedFrom: corrected } : { kind: 'found', order }
    }
    const tried = new Set(statusSteps.map((step) => canonical(String(step.args.order_id ?? ''))))
    const suggestion = last.outcome.error.suggestions[0]
    if (
      statusSteps.length === 1 &&
      suggestion &&
      !tried.has(canonical(suggestion)) &&
      canCall(s, TOOL.orderStatus)
    ) {
      return { kind: 'call', turn: callTool(TOOL.orderStatus, { order_id: suggestion }) }
    }
    return {
      kind: 'not_found',
      typed: String(first?.args.order_id ?? s.typedOrderId ?? ''),
      suggestions: last.outcome.error.suggestions
    }
  }
  if (s.typedOrderId && canCall(s, TOOL.orderStatus)) {
    return { kind: 'call', turn: callTool(TOOL.orderStatus, { order_id: s.typedOrderId }) }
  }

  const history = s.convo.steps.find((step) => step.name === TOOL.customerHistory)
  if (history?.outcome?.ok) {
    const picked = prefer(ordersIn(history.outcome.value))
    if (!picked) return { kind: 'no_orders' }
    // The summary in the history is enough to answer, but the full order names its items.
    if (canCall(s, TOOL.orderStatus))
      return { kind: 'call', turn: callTool(TOOL.orderStatus, { order_id: picked.id }) }
    return { kind: 'found', order: picked }
  }
  if (!history && s.convo.customerId && canCall(s, TOOL.customerHistory)) {
    return {
      kind: 'call',
      turn: callTool(TOOL.customerHistory, { customer_id: s.convo.customerId, limit: 5 })
    }
  }
  return { kind: 'unknown' }
}

/** What to say when no order could be identified, or the call to make to identify it. */
function unresolved(
  s: Situation,
  resolution: Exclude<OrderResolution, { kind: 'found' }>,
  purpose: string
): DemoTurn {
  if (resolution.kind === 'call') return resolution.turn
  if (resolution.kind === 'no_orders') return say(reply.noOrdersReply(s.reply))
  if (s.offered.size === 0) return say(reply.noToolsReply(s.reply))
  return say(
    reply.askForOrderIdReply(
      s.reply,
      purpose,
      resolution.kind === 'not_found'
        ? { typed: resolution.typed, suggestions: resolution.suggestions }
        : undefined
    )
  )
}

// The return policy refuses anything not yet delivered; asking it would only add a refusal to the trace.
const RETURNABLE = new Set(['delivered'])

function planReturn(s: Situation): DemoTurn {
  const resolution = resolveOrder(s, firstWithStatus('delivered', 'shipped'))
  if (resolution.kind !== 'found') return unresolved(s, resolution, 'set up the return')
  const { order, correctedFrom } = resolution
  const reason = returnReasonFrom(s.convo.latestText)
  const proposed = s.convo.steps.find((step) => step.name === TOOL.processReturn)
  if (proposed?.outcome) {
    return say(
      proposed.outcome.ok
        ? reply.returnProposedReply(s.reply, order, reason, returnIn(proposed.outcome.value), correctedFrom)
        : reply.returnRefusedReply(s.reply, order, proposed.outcome.error.message, correctedFrom)
    )
  }
  if (!RETURNABLE.has(order.status)) return say(reply.notReturnableReply(s.reply, order, correctedFrom))
  if (!canCall(s, TOOL.processReturn)) return say(reply.returnHandoffReply(s.reply, order, correctedFrom))
  return callTool(TOOL.processReturn, {
    order_id: order.id,
    reason,
    note: `Customer wrote: ${oneLine(s.convo.latestText, 280)}`
  })
}

function planProduct(s: Situation): DemoTurn {
  const text = s.convo.latestText
  const query = productQueryFrom(text) || 'gift ideas'
  const maxPrice = maxPriceFrom(text)
  const inStock = wantsInStock(text)
  const searches = s.convo.steps.filter((step) => step.name === TOOL.searchProducts)
  const last = searches.at(-1)
  if (!last) {
    if (!canCall(s, TOOL.searchProducts)) return say(reply.noToolsReply(s.reply))
    return callTool(TOOL.searchProducts, {
      query,
      ...(maxPrice === undefined ? {} : { max_price: maxPrice }),
      ...(inStock ? { in_stock: true } : {})
    })
  }
  const products = last.outcome?.ok ? productsIn(last.outcome.value) : []
  const filtered = maxPrice !== undefined || inStock
  // Nothing within the budget or in stock: a shop assistant shows the closest things there are.
  if (
    products.length === 0 &&
    searches.length === 1 &&
    filtered &&
    last.outcome?.ok &&
    canCall(s, TOOL.searchProducts)
  ) {
    return callTool(TOOL.searchProducts, { query })
  }
  const wanted = { query, maxPrice, inStock }
  return say(
    searches.length > 1 && products.length > 0
      ? reply.productsOutsideFiltersReply(s.reply, wanted, products)
      : reply.productsReply(s.reply, wanted, products)
  )
}

const planOrderAnswer =
  (
    prefer: OrderPreference,
    purpose: string,
    write: (ctx: reply.ReplyContext, order: OrderFacts, typed: string | undefined) => string
  ) =>
  (s: Situation): DemoTurn => {
    const resolution = resolveOrder(s, prefer)
    if (resolution.kind !== 'found') return unresolved(s, resolution, purpose)
    return say(write(s.reply, resolution.order, resolution.correctedFrom))
  }

const PLANS: Record<Intent, (s: Situation) => DemoTurn> = {
  return: planReturn,
  product: planProduct,
  tracking: planOrderAnswer(
    firstWithStatus('shipped', 'paid', 'pending'),
    'check on your order',
    reply.trackingReply
  ),
  refund_status: planOrderAnswer(
    firstWithStatus('returned', 'delivered'),
    'check on your refund',
    reply.refundStatusReply
  ),
  general: planOrderAnswer((orders) => orders[0], 'look into this', reply.generalReply)
}

export function decideNextTurn(
  messages: readonly DemoMessage[],
  offeredTools: ReadonlySet<string>
): DemoTurn {
  const convo = readConversation(messages)
  const typedOrderId = orderIdCandidates(convo.latestText)[0] ?? orderIdCandidates(convo.threadText)[0]
  const intent = detectIntent(convo.latestText, typedOrderId !== undefined)
  const history = convo.steps.find((step) => step.name === TOOL.customerHistory)
  const name =
    convo.customerName ?? (history?.outcome?.ok ? (customerNameIn(history.outcome.value) ?? null) : null)
  const situation: Situation = {
    convo,
    offered: offeredTools,
    typedOrderId,
    reply: { firstName: name?.split(' ')[0] ?? null, upset: soundsUpset(convo.latestText) }
  }
  return PLANS[intent](situation)
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}
