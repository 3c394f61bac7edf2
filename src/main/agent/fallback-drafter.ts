import type { Money } from '../../shared/domain/money'
import { getOrderStatusTool } from '../tools/get-order-status'
import { processReturnTool } from '../tools/process-return'
import { searchProductsTool } from '../tools/search-products'
import type { ToolContext } from '../tools/define-tool'
import type { ToolSet } from '../tools/tool-catalog'
import { toolHandles, type ToolResultOf } from '../tools/tool-runner'
import {
  detectIntent,
  emailIn,
  maxPriceFrom,
  orderIdCandidates,
  productQueryFrom,
  returnReasonFrom,
  wantsInStock
} from '../llm/demo/intent'
import { SIGN_OFF } from './sign-off'
import { returnLinesFor } from '../llm/demo/item-match'
import { orderIn } from '../llm/demo/tool-facts'
import { createFollowUpTool } from '../tools/create-follow-up'
import { followUpTaskFor, promiseSentences } from './promises'
import type { DraftContext } from './system-prompt'

export interface FallbackInput {
  /** The draft's tools; calls go through the one runner, recorded with origin `fallback`. */
  tools: ToolSet
  /** The draft's tool context (its caller: the conversation's customer or guest). */
  ctx: ToolContext
  context: DraftContext
}

type OrderFacts = ToolResultOf<typeof getOrderStatusTool>
type CallTool = ReturnType<typeof toolHandles>

/**
 * The rules-based drafter that takes over when the AI provider cannot: it reads the customer's
 * words with the same intent rules as the demo model, calls the same tools on the same caller's
 * behalf, and fills templates with the real facts. It never writes a vague "check our tracking
 * page": the reply states what the shop's data says.
 */
export async function writeFallbackReply(input: FallbackInput): Promise<string> {
  const handle = toolHandles(input.tools, input.ctx)
  let proposed = false
  const call: CallTool = async (tool, args) => {
    const outcome = await handle(tool, args)
    if (outcome.ok && input.tools.proposes(tool.name)) proposed = true
    return outcome
  }
  const text = await writeReply(input, call)
  return proposed ? text : backPromises(text, call)
}

/**
 * The template promises a teammate will do something only with a follow-up behind it: one is
 * created, or the promise is taken out when it cannot be.
 */
async function backPromises(text: string, call: CallTool): Promise<string> {
  const promises = promiseSentences(text)
  if (promises.length === 0) return text
  const created = await call(createFollowUpTool, { task: followUpTaskFor(text), due_in_hours: 24 })
  if (created.ok) return text
  let kept = text
  for (const promise of promises) kept = kept.replace(promise, '')
  const body = kept.slice(0, kept.lastIndexOf(SIGN_OFF)).trim()
  return `${body}\n\nIf you need anything else on this, just reply to this message.\n\n${SIGN_OFF}`
}

async function writeReply(input: FallbackInput, call: CallTool): Promise<string> {
  const { context } = input

  const customerTurns = context.messages.filter((m) => m.author === 'customer').map((m) => m.body)
  const thread = customerTurns.join('\n')
  const ids = orderIdCandidates(thread, context.orderIds)
  const { intent, text: customerText } = detectIntent(customerTurns.at(-1) ?? '', thread, ids.length > 0)
  const greeting = `Hi ${context.customer?.name.split(' ')[0] ?? 'there'},`

  if (intent === 'thanks') {
    return compose(
      greeting,
      "You're very welcome! If there is anything else we can help with, just reply here."
    )
  }

  if (intent === 'product') {
    const query = productQueryFrom(customerText)
    const maxPrice = maxPriceFrom(customerText)
    const found = await call(searchProductsTool, {
      query: query || context.subject,
      ...(maxPrice ? { max_price: maxPrice } : {}),
      ...(wantsInStock(customerText) ? { in_stock: true } : {})
    })
    const products = found.ok ? found.value.products : []
    const body =
      products.length > 0
        ? `Thanks for asking! Here is what we have${maxPrice ? ` under $${maxPrice}` : ''}:\n${products
            .slice(0, 3)
            .map((p) => `- ${p.name}: ${money(p.price)}${p.in_stock ? '' : ' (currently out of stock)'}`)
            .join('\n')}`
        : `Thanks for asking! I couldn't find a match for "${query}"${maxPrice ? ` under $${maxPrice}` : ''} right now. Could you tell me a little more about what you are looking for?`
    return compose(greeting, body)
  }

  // A guest (no account) names an order with the email it was placed with.
  const email = context.customer ? undefined : emailIn(thread)
  const order = await findOrder(call, ids, context, email)
  if (!order) {
    return compose(
      greeting,
      context.customer
        ? `Thanks for getting in touch. So I can look into this for you, could you send me your order number? It looks like ${context.orderIds.pattern} and is in your confirmation email.`
        : `Thanks for getting in touch. So I can look into this for you, could you send me your order number and the email address you placed the order with? The order number looks like ${context.orderIds.pattern} and is in your confirmation email.`
    )
  }
  const correction = order.corrected
    ? ` (the order number in your message looked slightly off, so I matched it to ${order.id})`
    : ''

  if (intent === 'return') {
    // Only what the customer asked about, never a line already returned or awaiting approval.
    const facts = orderIn(order.facts)
    const lines = facts ? returnLinesFor(facts, customerText) : { kind: 'lines' as const, items: [] }
    if (lines.kind !== 'lines') {
      const which = lines.kind === 'nothing_left' ? lines.named : lines.left
      return compose(
        greeting,
        lines.kind === 'nothing_left'
          ? `I looked at order ${order.id}${correction}: ${which.map((i) => i.name).join(', ')} ${which.length === 1 ? 'is' : 'are'} already returned or in a return awaiting approval, so I haven't opened another one.`
          : `Part of order ${order.id}${correction} is already returned or awaiting approval. Which of the other items would you like to return: ${which.map((i) => i.name).join(', ')}?`
      )
    }
    const proposed = await call(processReturnTool, {
      order_id: order.id,
      ...(lines.items.length > 0 ? { items: lines.items } : {}),
      reason: returnReasonFrom(customerText)
    })
    if (proposed.ok) {
      return compose(
        greeting,
        `I'm sorry about the trouble with order ${order.id}${correction}. I've started a return for you; a teammate will confirm it shortly, and once it is approved we will refund ${money(proposed.value.refund)} to your original payment method.`
      )
    }
    return compose(
      greeting,
      `I looked at order ${order.id}${correction} and I can't start a return for it automatically: ${proposed.error.message} A teammate will review your request and get back to you.`
    )
  }

  return compose(
    greeting,
    `${statusSentence(order.facts, order.id)}${correction ? `\n\nNote${correction}.` : ''}`
  )
}

async function findOrder(
  call: CallTool,
  ids: string[],
  context: DraftContext,
  email: string | undefined
): Promise<{ id: string; facts: OrderFacts; corrected: boolean } | null> {
  for (const typed of ids) {
    const first = await call(getOrderStatusTool, { order_id: typed, ...(email ? { email } : {}) })
    if (first.ok) return { id: first.value.order_id, facts: first.value, corrected: false }
    const suggestion = first.error.suggestions?.[0]
    if (suggestion) {
      const second = await call(getOrderStatusTool, { order_id: suggestion })
      if (second.ok) return { id: suggestion, facts: second.value, corrected: true }
    }
  }
  const recent = context.orders[0]
  if (ids.length === 0 && recent) {
    const status = await call(getOrderStatusTool, { order_id: recent.id })
    if (status.ok) return { id: recent.id, facts: status.value, corrected: false }
  }
  return null
}

const STATUS_SENTENCES: Record<OrderFacts['status'], (facts: OrderFacts, id: string) => string> = {
  shipped: (facts, id) => {
    const tracking = facts.tracking_number
      ? ` It is travelling with ${facts.carrier ?? 'our carrier'}, tracking number ${facts.tracking_number}`
      : ''
    const eta = facts.estimated_delivery
      ? `, and is expected by ${facts.estimated_delivery.slice(0, 10)}`
      : ''
    return `Your order ${id} has shipped.${tracking}${eta}.`
  },
  delivered: (facts, id) =>
    `Our records show order ${id} was delivered on ${(facts.delivered_at ?? '').slice(0, 10)}. If it has not reached you, reply to this message and we will open an investigation with the carrier.`,
  paid: (_, id) =>
    `Your order ${id} is paid and being prepared in our warehouse; you will get a tracking number as soon as it ships.`,
  pending: (_, id) =>
    `Your order ${id} is waiting for payment confirmation. Once the payment clears, we will prepare it for shipping.`,
  cancelled: (_, id) =>
    `Order ${id} was cancelled, so it will not ship. If that is unexpected, let us know and we will help.`,
  returned: (_, id) => `Order ${id} has been returned to us.`
}

const statusSentence = (facts: OrderFacts, id: string): string => STATUS_SENTENCES[facts.status](facts, id)

const money = (value: Money): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: value.currency }).format(value.amount)

const compose = (greeting: string, body: string): string => `${greeting}\n\n${body}\n\n${SIGN_OFF}`
