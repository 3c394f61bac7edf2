import type { OrderIdShape } from '../../shop/order-id-format'
import type { DemoMessage } from './chat-request'

/** A tool the demo model called in the current turn, and what came back (if anything did yet). */
export interface ToolStep {
  name: string
  args: Record<string, unknown>
  outcome?: ToolStepOutcome
}

export type ToolStepOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string; field?: string; suggestions: string[] } }

export interface Conversation {
  customerId: string | null
  /** The shop's order-id format, as the system prompt states it (orderIdHint); null when it does not. */
  orderIds: OrderIdShape | null
  customerName: string | null
  /** The system prompt, where the agent states the customer and today's date. */
  system: string
  /** What the customer said in the turn being answered. */
  latestText: string
  /** Everything the customer said in the thread, for ids mentioned earlier. */
  threadText: string
  /** Tool calls made since the customer's latest message, oldest first. */
  steps: ToolStep[]
  /** How many assistant tool-call rounds happened since the customer's latest message. */
  rounds: number
}

// "Customer id: <the shop's own id>", or a bare "customer: CUS-000123" as other prompts write it.
const CUSTOMER_ID = /\bcustomer[ _-]?id\s*[:=#]\s*([^\s,;]+)|\bcustomer\s*[:=#]\s*(CUS-\d+)\b/i
const ORDER_ID_HINT = /\bOrder ids look like (.+?), e\.g\. (\S+?)\.(?=\s|$)/
const CUSTOMER_NAME = /\b[Cc]ustomer(?:[ _-]?name)?\s*[:=]\s*([A-Z][\p{L}'-]+(?: [A-Z][\p{L}'-]+)*)/u

export function readConversation(messages: readonly DemoMessage[]): Conversation {
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n')
  const lastUser = messages.findLastIndex((m) => m.role === 'user')
  let firstOfTurn = lastUser
  while (firstOfTurn > 0 && messages[firstOfTurn - 1]?.role === 'user') firstOfTurn -= 1
  const latest = lastUser >= 0 ? messages.slice(firstOfTurn, lastUser + 1) : []
  const afterTurn = messages.slice(lastUser + 1)

  const results = new Map(
    afterTurn.filter((m) => m.role === 'tool' && m.toolCallId).map((m) => [m.toolCallId, m.content])
  )
  const steps: ToolStep[] = []
  let rounds = 0
  for (const message of afterTurn) {
    if (message.role !== 'assistant' || !message.toolCalls) continue
    rounds += 1
    for (const call of message.toolCalls) {
      const content = results.get(call.id)
      steps.push({
        name: call.name,
        args: parseObject(call.arguments),
        ...(content === undefined ? {} : { outcome: readToolResult(content) })
      })
    }
  }

  const customer = CUSTOMER_ID.exec(system)
  const customerId = customer?.[1] ?? customer?.[2] ?? null
  const hint = ORDER_ID_HINT.exec(system)
  return {
    // The demo shop's own ids are upper-case whatever the prompt's case; a shop's imported ids are kept.
    customerId: customerId && /^CUS-\d+$/i.test(customerId) ? customerId.toUpperCase() : customerId,
    orderIds: hint?.[1] && hint[2] ? { pattern: hint[1], examples: [hint[2]] } : null,
    customerName: CUSTOMER_NAME.exec(system)?.[1] ?? null,
    system,
    latestText: latest.map((m) => m.content).join('\n'),
    threadText: messages
      .filter((m) => m.role === 'user')
      .map((m) => m.content)
      .join('\n'),
    steps,
    rounds
  }
}

function parseObject(text: string): Record<string, unknown> {
  const value = parseJson(text)
  return isRecord(value) ? value : {}
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Tool messages carry `{ ok, value }` / `{ ok: false, error }` outcomes, or a bare value, or plain text
 * when an agent chose to say something in words; all of them are read here.
 */
export function readToolResult(content: string): ToolStepOutcome {
  const parsed = parseJson(content)
  if (parsed === undefined) return { ok: true, value: content }
  if (!isRecord(parsed)) return { ok: true, value: parsed }
  if (parsed.ok === true && 'value' in parsed) return { ok: true, value: parsed.value }
  const error = isRecord(parsed.error) ? parsed.error : parsed.ok === false ? parsed : undefined
  if (error) {
    const suggestions = Array.isArray(error.suggestions)
      ? error.suggestions.filter((s): s is string => typeof s === 'string')
      : []
    return {
      ok: false,
      error: {
        code: typeof error.code === 'string' ? error.code : 'error',
        message: typeof error.message === 'string' ? error.message : 'The tool reported an error.',
        ...(typeof error.field === 'string' ? { field: error.field } : {}),
        suggestions
      }
    }
  }
  return { ok: true, value: parsed }
}
