import { z } from 'zod'
import type { Action } from '../../../../shared/domain/action'
import { centsToMoney, type Money } from '../../../../shared/domain/money'

/**
 * An action's payload and eligibility are JSON the core wrote for itself (a return's items and
 * refund, the facts the policy checked). The queue reads them leniently: whatever is missing or of
 * an older shape is left out, never a reason to hide the action from the person deciding on it.
 */
const ReturnPayload = z.object({
  order_id: z.string().optional(),
  reason: z.string().optional(),
  note: z.string().nullable().optional(),
  items: z
    .array(
      z.object({
        item_id: z.number().optional(),
        product_id: z.string().optional(),
        name: z.string().optional(),
        quantity: z.number(),
        unit_price_cents: z.number().optional(),
        line_cents: z.number().optional()
      })
    )
    .optional(),
  refund: z
    .object({
      items_cents: z.number().optional(),
      shipping_cents: z.number().optional(),
      total_cents: z.number().optional(),
      currency: z.string().optional(),
      notes: z.array(z.string()).optional()
    })
    .optional()
})

const EligibilityFacts = z.object({
  order_status: z.string().optional(),
  delivered_at: z.string().optional(),
  days_since_delivery: z.number().optional(),
  window_days: z.number().optional(),
  window_closes_at: z.string().optional(),
  checked_at: z.string().optional(),
  items: z
    .array(
      z.object({
        item_id: z.number().optional(),
        name: z.string().optional(),
        ordered: z.number().optional(),
        already_returned: z.number().optional(),
        pending_in_other_actions: z.number().optional(),
        requested: z.number().optional()
      })
    )
    .optional()
})

const AppliedResult = z.object({
  returnId: z.string().optional(),
  refundId: z.string().nullable().optional(),
  refundCents: z.number().optional(),
  currency: z.string().optional()
})

export interface ReturnLine {
  key: string
  name: string
  productId: string | null
  quantity: number
  unitPrice: Money | null
  lineTotal: Money | null
}

export interface ActionDetails {
  reason: string | null
  note: string | null
  lines: ReturnLine[]
  itemsRefund: Money | null
  shippingRefund: Money | null
  refundNotes: string[]
  facts: z.infer<typeof EligibilityFacts> | null
}

export function readActionDetails(action: Action): ActionDetails {
  const payload = ReturnPayload.safeParse(action.payload)
  const facts = EligibilityFacts.safeParse(action.eligibility)
  const p = payload.success ? payload.data : {}
  const currency = p.refund?.currency ?? action.amount?.currency ?? 'USD'
  const money = (cents: number | undefined): Money | null =>
    cents === undefined ? null : centsToMoney(cents, currency)
  return {
    reason: p.reason ?? null,
    note: p.note ?? null,
    lines: (p.items ?? []).map((item, index) => ({
      key: `${item.item_id ?? item.product_id ?? 'line'}-${index}`,
      name: item.name ?? item.product_id ?? `Item ${item.item_id ?? index + 1}`,
      productId: item.product_id ?? null,
      quantity: item.quantity,
      unitPrice: money(item.unit_price_cents),
      lineTotal: money(item.line_cents)
    })),
    itemsRefund: money(p.refund?.items_cents),
    shippingRefund: money(p.refund?.shipping_cents),
    refundNotes: p.refund?.notes ?? [],
    facts: facts.success ? facts.data : null
  }
}

/** What approving wrote: the return and refund records, and the money that left. */
export function readAppliedResult(action: Action): { returnId: string | null; refundId: string | null } {
  const result = AppliedResult.safeParse(action.result)
  if (!result.success) return { returnId: null, refundId: null }
  return { returnId: result.data.returnId ?? null, refundId: result.data.refundId ?? null }
}

const originWords: Record<Action['origin'], string> = {
  agent: 'AI agent',
  fallback: 'Fallback drafter (no AI)',
  mcp: 'MCP client',
  cli: 'Command line',
  chat: 'Customer chat'
}

/** Who proposed it, in words: "AI agent", "MCP client · Claude Desktop"… */
export function describeOrigin(action: Action): string {
  const words = originWords[action.origin]
  return action.originDetail ? `${words} · ${action.originDetail}` : words
}

const kindWords: Record<Action['kind'], string> = {
  return: 'Return',
  refund: 'Refund',
  goodwill_credit: 'Goodwill credit',
  external_tool: 'External tool'
}

export const describeKind = (action: Action): string => kindWords[action.kind]

/** A return reason as the customer would say it: `wrong_size` → "Wrong size". */
export const reasonWords = (reason: string): string => {
  const words = reason.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const ExternalCallPayload = z.object({
  serverName: z.string().optional(),
  server: z.string().optional(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()).optional()
})

const ExternalCallFacts = z.object({
  title: z.string().nullable().optional(),
  annotations: z.record(z.string(), z.unknown()).optional()
})

export interface ExternalCall {
  server: string
  tool: string
  title: string | null
  arguments: Record<string, unknown>
  /** The server's own hints about the tool, e.g. destructiveHint: true. */
  hints: string[]
}

const hintWords: Record<string, string> = {
  destructiveHint: 'may delete or overwrite data',
  idempotentHint: 'safe to repeat',
  openWorldHint: 'reaches outside systems',
  readOnlyHint: 'read-only'
}

/** An external MCP tool call waiting for a person: which server, which tool, with what. */
export function readExternalCall(action: Action): ExternalCall | null {
  const payload = ExternalCallPayload.safeParse(action.payload)
  if (!payload.success) return null
  const facts = ExternalCallFacts.safeParse(action.eligibility)
  const annotations = facts.success ? (facts.data.annotations ?? {}) : {}
  return {
    server: payload.data.serverName ?? payload.data.server ?? 'an external server',
    tool: payload.data.tool,
    title: facts.success ? (facts.data.title ?? null) : null,
    arguments: payload.data.arguments ?? {},
    hints: Object.entries(annotations)
      .filter(([name, value]) => value === true && name in hintWords)
      .map(([name]) => hintWords[name]!)
  }
}
