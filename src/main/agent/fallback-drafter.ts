import type { Clock } from '../core/clock'
import type { Db } from '../db/connection'
import { insertToolCall } from '../db/repositories/tool-calls'
import type { ToolOutcome } from '../tools/define-tool'
import type { ToolRegistry } from '../tools/registry'
import {
  detectIntent,
  maxPriceFrom,
  orderIdCandidates,
  productQueryFrom,
  returnReasonFrom,
  wantsInStock
} from '../llm/demo/intent'
import { SIGN_OFF } from './sign-off'
import type { DraftContext } from './system-prompt'

export interface FallbackInput {
  db: Db
  clock: Clock
  tools: ToolRegistry
  context: DraftContext
  draftId: string | null
}

type Facts = Record<string, unknown>

/**
 * The rules-based drafter that takes over when the AI provider cannot: it reads the customer's
 * words with the same intent rules as the demo model, calls the same tools (recorded in the trace
 * with origin `fallback`), and fills templates with the real facts. It never writes a vague
 * "check our tracking page": the reply states what the shop's data says.
 */
export function writeFallbackReply(input: FallbackInput): string {
  const { context } = input
  let round = 0
  const call = (tool: string, args: Facts): ToolOutcome => {
    const started = performance.now()
    const result = input.tools.run(
      {
        db: input.db,
        clock: input.clock,
        origin: 'fallback',
        ticketId: context.ticketId,
        draftId: input.draftId ?? undefined,
        customerId: context.customer?.id
      },
      tool,
      args
    )
    insertToolCall(input.db, {
      draftId: input.draftId,
      ticketId: context.ticketId,
      origin: 'fallback',
      callId: null,
      round: round++,
      tool,
      arguments: args,
      result,
      status: !result.ok ? 'error' : input.tools.get(tool)?.readOnly === false ? 'proposed' : 'ok',
      durationMs: performance.now() - started,
      createdAt: input.clock.now().toISOString()
    })
    return result
  }

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
    const found = call('search_products', {
      query: query || context.subject,
      ...(maxPrice ? { max_price: maxPrice } : {}),
      ...(wantsInStock(customerText) ? { in_stock: true } : {})
    })
    const products = found.ok ? (((found.value as Facts).products as Facts[] | undefined) ?? []) : []
    const body =
      products.length > 0
        ? `Thanks for asking! Here is what we have${maxPrice ? ` under $${maxPrice}` : ''}:\n${products
            .slice(0, 3)
            .map(
              (p) =>
                `- ${String(p.name)}: ${money(p.price)}${p.in_stock === false ? ' (currently out of stock)' : ''}`
            )
            .join('\n')}`
        : `Thanks for asking! I couldn't find a match for "${query}"${maxPrice ? ` under $${maxPrice}` : ''} right now. Could you tell me a little more about what you are looking for?`
    return compose(greeting, body)
  }

  const order = findOrder(call, ids, context)
  if (!order) {
    return compose(
      greeting,
      `Thanks for getting in touch. So I can look into this for you, could you send me your order number? It looks like ${context.orderIds.pattern} and is in your confirmation email.`
    )
  }
  const correction = order.corrected
    ? ` (the order number in your message looked slightly off, so I matched it to ${order.id})`
    : ''

  if (intent === 'return') {
    const proposed = call('process_return', { order_id: order.id, reason: returnReasonFrom(customerText) })
    if (proposed.ok) {
      const value = proposed.value as Facts
      return compose(
        greeting,
        `I'm sorry about the trouble with order ${order.id}${correction}. I've started a return for you; a teammate will confirm it shortly, and once it is approved we will refund ${money(value.refund)} to your original payment method.`
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

function findOrder(
  call: (tool: string, args: Facts) => ToolOutcome,
  ids: string[],
  context: DraftContext
): { id: string; facts: Facts; corrected: boolean } | null {
  for (const typed of ids) {
    const first = call('get_order_status', { order_id: typed })
    if (first.ok)
      return {
        id: String((first.value as Facts).order_id ?? typed),
        facts: first.value as Facts,
        corrected: false
      }
    const suggestion = first.error.suggestions?.[0]
    if (suggestion) {
      const second = call('get_order_status', { order_id: suggestion })
      if (second.ok) return { id: suggestion, facts: second.value as Facts, corrected: true }
    }
  }
  const recent = context.orders[0]
  if (ids.length === 0 && recent) {
    const status = call('get_order_status', { order_id: recent.id })
    if (status.ok) return { id: recent.id, facts: status.value as Facts, corrected: false }
  }
  return null
}

function statusSentence(facts: Facts, id: string): string {
  const status = String(facts.status)
  const tracking = facts.tracking_number
    ? ` It is travelling with ${String(facts.carrier ?? 'our carrier')}, tracking number ${String(facts.tracking_number)}`
    : ''
  const eta = facts.estimated_delivery
    ? `, and is expected by ${String(facts.estimated_delivery).slice(0, 10)}`
    : ''
  switch (status) {
    case 'shipped':
      return `Your order ${id} has shipped.${tracking}${eta}.`
    case 'delivered':
      return `Our records show order ${id} was delivered on ${String(facts.delivered_at ?? '').slice(0, 10)}. If it has not reached you, reply to this message and we will open an investigation with the carrier.`
    case 'paid':
      return `Your order ${id} is paid and being prepared in our warehouse; you will get a tracking number as soon as it ships.`
    case 'pending':
      return `Your order ${id} is waiting for payment confirmation. Once the payment clears, we will prepare it for shipping.`
    case 'cancelled':
      return `Order ${id} was cancelled, so it will not ship. If that is unexpected, let us know and we will help.`
    case 'returned':
      return `Order ${id} has been returned to us.`
    default:
      return `Order ${id} is currently "${status}".`
  }
}

function money(value: unknown): string {
  const m = value as { amount?: number; currency?: string } | undefined
  if (!m || typeof m.amount !== 'number') return 'the amount shown on your order'
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currency ?? 'USD' }).format(m.amount)
}

const compose = (greeting: string, body: string): string => `${greeting}\n\n${body}\n\n${SIGN_OFF}`
