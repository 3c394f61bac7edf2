import { z } from 'zod'
import type { OrderIdFormatView } from '../../shared/domain/shop'
import { demoOrderIds } from './demo-order-ids'
import type { OrderIdRules } from './order-id-rules'
import { numberedOrderIds } from './numbered-order-ids'
import { verbatimOrderIds } from './verbatim-order-ids'

/**
 * How the shop writes its order ids. The demo shop's are `ORD-YYYYMMDD-XXXX`; an imported shop's
 * are its platform's (Shopify `#1001`, WooCommerce `1001`, τ²-bench `#W2378156`): a fixed prefix
 * and a number, or, when the ids share no such shape, whatever the shop wrote.
 */
export const OrderIdFormat = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo') }),
  z.object({
    kind: z.literal('numbered'),
    /** As the shop writes it, e.g. `#` or `#W` (may be empty). */
    prefix: z.string().max(20),
    minDigits: z.number().int().min(1).max(20),
    maxDigits: z.number().int().min(1).max(20),
    examples: z.array(z.string()).max(5)
  }),
  z.object({ kind: z.literal('verbatim'), examples: z.array(z.string()).max(5) })
])
export type OrderIdFormat = z.infer<typeof OrderIdFormat>
export type OrderIdFormatKind = OrderIdFormat['kind']

export const DEMO_ORDER_ID_FORMAT: OrderIdFormat = { kind: 'demo' }

const rulesByKind: {
  [K in OrderIdFormatKind]: (format: Extract<OrderIdFormat, { kind: K }>) => OrderIdRules
} = {
  demo: () => demoOrderIds,
  numbered: numberedOrderIds,
  verbatim: verbatimOrderIds
}

export function orderIdRules(format: OrderIdFormat): OrderIdRules {
  const make = rulesByKind[format.kind] as (f: OrderIdFormat) => OrderIdRules
  return make(format)
}

export function orderIdFormatView(format: OrderIdFormat): OrderIdFormatView {
  const rules = orderIdRules(format)
  return { kind: format.kind, pattern: rules.pattern, examples: [...rules.examples] }
}

/** What people and models are told of the shop's ids. */
export type OrderIdShape = Pick<OrderIdRules, 'pattern' | 'examples'>

/**
 * "Order ids look like #NNNN, e.g. #1001." — one sentence for prompts, tool errors and replies. The
 * demo model reads it back from the system prompt (llm/demo/conversation), so its wording is fixed.
 */
export function orderIdHint(shape: OrderIdShape): string {
  return `Order ids look like ${shape.pattern}, e.g. ${shape.examples[0] ?? shape.pattern}.`
}
