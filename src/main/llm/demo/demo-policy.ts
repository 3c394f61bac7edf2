import type { DemoMessage } from './chat-request'
import { readConversation, type Conversation } from './conversation'
import {
  detectIntent,
  emailIn,
  maxPriceFrom,
  mentionedMonthDays,
  mentionsBilling,
  todayFrom,
  orderIdCandidates,
  productQueryFrom,
  returnReasonFrom,
  soundsUpset,
  wantsInStock,
  type Intent,
  type ReturnReason
} from './intent'
import * as reply from './reply'
import { orderNamedIn, returnLinesFor } from './item-match'
import { rewriteWithDecision } from '../../agent/decision-note'
import { readRewriteRequest } from '../../agent/rewrite-request'
import { followUpTaskFor, promiseSentences } from '../../agent/promises'
import { customerNameIn, orderIn, ordersIn, productsIn, returnIn, type OrderFacts } from './tool-facts'

/**
 * The demo model's mind: a pure function from the conversation so far to the next assistant turn.
 * It reads the customer's latest message like a support agent would, calls the shop's tools a few
 * rounds at most, and then writes a reply from what the tools said.
 */

export const MAX_TOOL_ROUNDS = 4

/** The error a guest gets for an order they have not proved (tools/order-id.ts). */
const ORDER_VERIFICATION_NEEDED = 'order_verification_needed'

export const TOOL = {
  orderStatus: 'get_order_status',
  processReturn: 'process_return',
  searchProducts: 'search_products',
  customerHistory: 'get_customer_history',
  searchHelpCenter: 'search_help_center',
  createFollowUp: 'create_follow_up'
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
  /** The customer's words the intent was read from: the latest message, or the thread for a bare follow-up. */
  request: string
  /** What the customer asks for: a return or a charge is about an item, worth opening another order for. */
  intent: Intent
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
  | { kind: 'found'; order: OrderFacts; correctedFrom?: string; fromHistory?: boolean }
  | { kind: 'not_found'; typed: string; suggestions: readonly string[]; code: string }
  | { kind: 'no_orders' }
  | { kind: 'unknown' }

/** Orders from the history, best candidate first. */
type OrderPreference = (orders: readonly OrderFacts[]) => OrderFacts[]

const byStatus =
  (...statuses: string[]): OrderPreference =>
  (orders) => {
    const rank = (o: OrderFacts) =>
      statuses.includes(o.status) ? statuses.indexOf(o.status) : statuses.length
    // Array.prototype.sort is stable: equal ranks keep the history's newest-first order.
    return [...orders].sort((a, b) => rank(a) - rank(b))
  }
const newestFirst: OrderPreference = (orders) => [...orders]

/** Without an id, a couple of the customer's orders are opened to find the one with the item they name. */
const MAX_HISTORY_LOOKUPS = 2

const canonical = (id: string): string => id.replace(/[^0-9a-z]/gi, '').toUpperCase()

/** Finds the order the customer means: the id they typed (corrected once if the tool suggests), else their history. */
function resolveOrder(s: Situation, prefer: OrderPreference): OrderResolution {
  return s.typedOrderId ? resolveTypedOrder(s, s.typedOrderId) : resolveFromHistory(s, prefer)
}

function resolveTypedOrder(s: Situation, typedOrderId: string): OrderResolution {
  const statusSteps = s.convo.steps.filter((step) => step.name === TOOL.orderStatus)
  const first = statusSteps[0]
  const last = statusSteps.at(-1)
  if (!first || !last?.outcome) {
    // A guest names their order with the email it was placed with; a customer's account is enough.
    const email = s.reply.guest ? emailIn(s.convo.threadText) : undefined
    return canCall(s, TOOL.orderStatus)
      ? {
          kind: 'call',
          turn: callTool(TOOL.orderStatus, { order_id: typedOrderId, ...(email ? { email } : {}) })
        }
      : { kind: 'unknown' }
  }
  if (last.outcome.ok) {
    const order = orderIn(last.outcome.value)
    if (!order) return { kind: 'unknown' }
    const corrected = statusSteps.length > 1 && first.outcome?.ok === false
    return corrected
      ? { kind: 'found', order, correctedFrom: String(first.args.order_id ?? typedOrderId) }
      : { kind: 'found', order }
  }
  const suggestion = last.outcome.error.suggestions[0]
  const tried = new Set(statusSteps.map((step) => canonical(String(step.args.order_id ?? ''))))
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
    typed: String(first.args.order_id ?? typedOrderId),
    suggestions: last.outcome.error.suggestions,
    code: last.outcome.error.code
  }
}

function resolveFromHistory(s: Situation, prefer: OrderPreference): OrderResolution {
  const history = s.convo.steps.find((step) => step.name === TOOL.customerHistory)
  if (!history) {
    return s.convo.customerId && canCall(s, TOOL.customerHistory)
      ? { kind: 'call', turn: callTool(TOOL.customerHistory, { customer_id: s.convo.customerId, limit: 5 }) }
      : { kind: 'unknown' }
  }
  if (!history.outcome?.ok) return { kind: 'unknown' }
  const orders = ordersIn(history.outcome.value)
  if (orders.length === 0) return { kind: 'no_orders' }
  // "The order I placed on November 3": the date the customer names beats any other preference.
  const days = mentionedMonthDays(s.convo.threadText)
  const ranked = prefer(orders).sort(
    (a, b) =>
      Number(days.includes(b.placedAt?.slice(5, 10) ?? '')) -
      Number(days.includes(a.placedAt?.slice(5, 10) ?? ''))
  )
  const opened = s.convo.steps
    .filter((step) => step.name === TOOL.orderStatus && step.outcome?.ok)
    .map((step) => (step.outcome?.ok ? orderIn(step.outcome.value) : undefined))
    .filter((o): o is OrderFacts => o !== undefined)
  const product = mentionedProductWords(s.convo.threadText)
  // "The power bank doesn't fit": the order holding a power bank, not the newest one.
  const named =
    opened.find((order) => order.items.some((item) => itemNamedIn(item.name, product))) ??
    orderNamedIn(opened, s.request)
  if (named) return { kind: 'found', order: named, fromHistory: true }
  const next = ranked.find((o) => !opened.some((seen) => seen.id === o.id))
  const aboutAnItem = product.size > 0 || s.intent === 'return' || s.reply.billing === true
  const keepLooking = opened.length === 0 || (aboutAnItem && opened.length < MAX_HISTORY_LOOKUPS)
  if (next && keepLooking && canCall(s, TOOL.orderStatus)) {
    return { kind: 'call', turn: callTool(TOOL.orderStatus, { order_id: next.id }) }
  }
  const best = opened[0] ?? ranked[0]
  return best ? { kind: 'found', order: best, fromHistory: true } : { kind: 'no_orders' }
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
  if (resolution.kind === 'not_found' && resolution.code === ORDER_VERIFICATION_NEEDED) {
    return say(reply.verifyOrderReply(s.reply, resolution.typed, emailIn(s.convo.threadText) !== undefined))
  }
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
  const resolution = resolveOrder(s, byStatus('delivered', 'shipped'))
  if (resolution.kind !== 'found') return unresolved(s, resolution, 'set up the return')
  const { order, correctedFrom } = resolution
  const reason = reasonOf(s.convo)
  const proposed = s.convo.steps.find((step) => step.name === TOOL.processReturn)
  if (proposed?.outcome) {
    return say(
      proposed.outcome.ok
        ? reply.returnProposedReply(s.reply, order, reason, returnIn(proposed.outcome.value), correctedFrom)
        : reply.returnRefusedReply(s.reply, order, proposed.outcome.error, correctedFrom)
    )
  }
  if (!RETURNABLE.has(order.status)) return say(reply.notReturnableReply(s.reply, order, correctedFrom))
  // The order's own facts already say the window is closed: proposing would only be refused.
  if (order.returnWindow?.open === false) return say(reply.windowClosedReply(s.reply, order, correctedFrom))
  if (!canCall(s, TOOL.processReturn)) return say(reply.returnHandoffReply(s.reply, order, correctedFrom))
  // Only what the customer asked about, never a line already returned or awaiting approval.
  const lines = returnLinesFor(order, s.request)
  if (lines.kind === 'nothing_left') return say(reply.alreadyReturningReply(s.reply, order, lines.named))
  if (lines.kind === 'ask_which') return say(reply.askWhichItemsReply(s.reply, order, lines.left))
  const items = lines.items
  return callTool(TOOL.processReturn, {
    order_id: order.id,
    ...(items.length > 0 ? { items } : {}),
    reason,
    note: `Customer wrote: ${oneLine(s.request, 280)}`
  })
}

function reasonOf(convo: Conversation): ReturnReason {
  const latest = returnReasonFrom(convo.latestText)
  return latest === 'other' ? returnReasonFrom(convo.threadText) : latest
}

const nameWords = (name: string): string[] =>
  name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2)

/** "the non-slip yoga mat" names "Velocity Pro Non-Slip Yoga Mat": its noun and, for longer names, one more word. */
function itemNamedIn(itemName: string, said: ReadonlySet<string>): boolean {
  const words = nameWords(itemName)
  const noun = words.at(-1)
  if (noun === undefined || !(said.has(noun) || said.has(`${noun}s`))) return false
  return words.filter((w) => said.has(w)).length >= Math.min(2, words.length)
}

/** The words of what the customer says they bought ("I ordered the trail running shoes on…"). */
function mentionedProductWords(text: string): ReadonlySet<string> {
  const phrases = [...text.matchAll(PRODUCT_MENTION)].map((m) => m[1] ?? '')
  return new Set(phrases.flatMap(nameWords))
}
const PRODUCT_MENTION =
  /\b(?:ordered|bought|return|received|order of|order \(|got)\s+(?:the|a|an|my|this|these)\s+([a-z0-9][a-z0-9 &'-]{2,60}?)(?=\s+(?:on|i|from|and|that|which|is|was|as|but)\b|[.,?!)]|$)/gi

function planProduct(s: Situation): DemoTurn {
  const text = s.request
  const query = productQueryFrom(text)
  const maxPrice = maxPriceFrom(text)
  const inStock = wantsInStock(text)
  const searches = s.convo.steps.filter((step) => step.name === TOOL.searchProducts)
  const last = searches.at(-1)
  if (!last) {
    if (!query) return say(reply.askProductDetailsReply(s.reply))
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
    write: (
      ctx: reply.ReplyContext,
      order: OrderFacts,
      typed: string | undefined,
      fromHistory: boolean
    ) => string
  ) =>
  (s: Situation): DemoTurn => {
    const resolution = resolveOrder(s, prefer)
    if (resolution.kind !== 'found') return unresolved(s, resolution, purpose)
    return say(write(s.reply, resolution.order, resolution.correctedFrom, resolution.fromHistory ?? false))
  }

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The best article search_help_center found, when it found one. */
function foundArticle(s: Situation): { title: string; excerpt: string } | undefined {
  const step = s.convo.steps.find((st) => st.name === TOOL.searchHelpCenter)
  const value = step?.outcome?.ok ? step.outcome.value : undefined
  const first = isRecord(value) && Array.isArray(value.articles) ? (value.articles[0] as unknown) : undefined
  if (!isRecord(first) || typeof first.title !== 'string' || typeof first.excerpt !== 'string')
    return undefined
  return first.excerpt ? { title: first.title, excerpt: first.excerpt } : undefined
}

/** A question about the shop's rules: look it up in the help center and quote the article found. */
function planPolicy(s: Situation): DemoTurn {
  const searched = s.convo.steps.some((st) => st.name === TOOL.searchHelpCenter)
  if (!searched && canCall(s, TOOL.searchHelpCenter))
    return callTool(TOOL.searchHelpCenter, { query: oneLine(s.request, 200) })
  const article = foundArticle(s)
  // Nothing in the help center says it: answer as for any other message, never inventing a rule.
  return article ? say(reply.helpCenterReply(s.reply, article)) : PLANS.general(s)
}

const PLANS: Record<Intent, (s: Situation) => DemoTurn> = {
  thanks: (s) => say(reply.welcomeReply(s.reply)),
  policy: planPolicy,
  return: planReturn,
  product: planProduct,
  tracking: planOrderAnswer(
    byStatus('shipped', 'paid', 'pending'),
    'check on your order',
    reply.trackingReply
  ),
  refund_status: planOrderAnswer(
    byStatus('returned', 'delivered'),
    'check on your refund',
    reply.refundStatusReply
  ),
  general: planOrderAnswer(newestFirst, 'look into this', reply.generalReply)
}

/**
 * A reply that promises the team will do something is true only with a follow-up behind it: the
 * demo model creates one first (the reply may then say so), or says nothing it cannot back.
 */
function backPromises(s: Situation, turn: DemoTurn): DemoTurn {
  if (turn.kind !== 'text') return turn
  const promises = promiseSentences(turn.text)
  if (promises.length === 0) return turn
  const steps = s.convo.steps
  if (steps.some((step) => step.name === TOOL.processReturn && step.outcome?.ok)) return turn
  if (steps.some((step) => step.name === TOOL.createFollowUp && step.outcome?.ok)) return turn
  const tried = steps.some((step) => step.name === TOOL.createFollowUp)
  if (!tried && canCall(s, TOOL.createFollowUp)) {
    return callTool(TOOL.createFollowUp, { task: followUpTaskFor(turn.text), due_in_hours: 24 })
  }
  let text = turn.text
  for (const promise of promises) text = text.replace(promise, '')
  text = text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n')
  return say(reply.withoutPromises(text))
}

export function decideNextTurn(
  messages: readonly DemoMessage[],
  offeredTools: ReadonlySet<string>
): DemoTurn {
  const convo = readConversation(messages)
  // Asked to rewrite a reply after a decision: the template's one consistent text.
  const rewrite = readRewriteRequest(convo.system)
  if (rewrite) return say(rewriteWithDecision(rewrite.reply, rewrite.decision))
  const typedOrderId =
    orderIdCandidates(convo.latestText, convo.orderIds)[0] ??
    orderIdCandidates(convo.threadText, convo.orderIds)[0]
  const { intent, text: request } = detectIntent(
    convo.latestText,
    convo.threadText,
    typedOrderId !== undefined
  )
  const history = convo.steps.find((step) => step.name === TOOL.customerHistory)
  const name =
    convo.customerName ?? (history?.outcome?.ok ? (customerNameIn(history.outcome.value) ?? null) : null)
  const situation: Situation = {
    convo,
    offered: offeredTools,
    typedOrderId,
    request,
    intent,
    reply: {
      firstName: name?.split(' ')[0] ?? null,
      upset: soundsUpset(convo.latestText),
      today: todayFrom(convo.system),
      orderIds: convo.orderIds,
      billing: mentionsBilling(convo.threadText),
      guest: convo.customerId === null
    }
  }
  return backPromises(situation, PLANS[intent](situation))
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}
