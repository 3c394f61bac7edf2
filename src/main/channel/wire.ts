import { z } from 'zod'
import type { Action } from '../../shared/domain/action'
import type { Message } from '../../shared/domain/ticket'
import type { ChatSession } from '../db/repositories/chat-sessions'
import type { ChatTurn } from './chat-service'

/**
 * What the chat API reads and writes. Requests are the seed service's (`messages`, `customer_id`,
 * `model`) plus an optional `session_id` to continue a conversation; answers carry the seed's
 * fields (`response`, `model_used`, `usage`, `tool_calls_executed` — a count, as the seed's) plus
 * each call's detail (`tool_calls`) and the conversation's state.
 */

export const MAX_MESSAGE_CHARS = 8_000
export const MAX_MESSAGES = 200

/** The seed's default: a visitor the website has not signed in. */
export const GUEST_CUSTOMER_ID = 'guest'

/**
 * Whose per-customer allowance a message takes. Every visitor without an account may send the
 * default "guest": they share none, so a guest's conversation has its own (and a guest's first
 * message only the address's and the key's limits).
 */
export const customerRateKey = (customerId: string, sessionId?: string | null): string | null =>
  customerId !== GUEST_CUSTOMER_ID ? customerId : sessionId ? `${GUEST_CUSTOMER_ID}:${sessionId}` : null

/**
 * Who the client says the customer is. An id the shop knows links the conversation to that
 * account; any other (or none: "guest", as in the seed) starts a guest conversation.
 */
const CustomerId = z
  .string({ error: 'expected the shop customer id as a string, e.g. CUS-000001 (leave it out for a guest)' })
  .trim()
  .min(1, 'empty: give the shop customer id, e.g. CUS-000001, or leave it out for a guest')
  .max(64)
  .default(GUEST_CUSTOMER_ID)
const SessionId = z.string().trim().min(1).max(100)

const ChatTurnInput = z.object({
  role: z.enum(['user', 'assistant'], {
    error: 'expected "user" or "assistant" (Frontline writes the system prompt itself)'
  }),
  content: z
    .string({ error: 'expected the message text as a string' })
    .trim()
    .min(1, 'empty message')
    .max(MAX_MESSAGE_CHARS, `longer than ${MAX_MESSAGE_CHARS} characters`)
})

export const ChatRequest = z
  .object({
    messages: z
      .array(ChatTurnInput, { error: 'expected an array of { role, content }' })
      .min(1, 'send at least one message')
      .max(MAX_MESSAGES, `at most ${MAX_MESSAGES} messages`),
    customer_id: CustomerId,
    model: z.string().trim().min(1).max(100).optional(),
    session_id: SessionId.optional()
  })
  .superRefine((request, ctx) => {
    const last = request.messages.length - 1
    if (request.messages[last]?.role !== 'user') {
      ctx.addIssue({
        code: 'custom',
        path: ['messages', last, 'role'],
        message: 'the last message must be the customer\'s ("user") turn to answer'
      })
    }
  })
export type ChatRequest = z.output<typeof ChatRequest>

export const SocketHello = z
  .object({
    type: z.literal('hello'),
    customer_id: CustomerId,
    session_id: SessionId.optional(),
    /** Messages up to this id are already on the client's screen; only newer ones are sent. */
    after_message_id: z.number().int().min(0).optional()
  })
  .strict()

export const SocketSay = z
  .object({
    type: z.literal('message'),
    text: z
      .string({ error: 'expected the message text as a string' })
      .trim()
      .min(1, 'empty message')
      .max(MAX_MESSAGE_CHARS, `longer than ${MAX_MESSAGE_CHARS} characters`),
    /** Echoed on the turn's answer and errors, to match them to what the client sent. */
    client_id: z.string().max(100).optional(),
    model: z.string().trim().min(1).max(100).optional()
  })
  .strict()

export const SocketClientMessage = z.discriminatedUnion('type', [SocketHello, SocketSay], {
  error: 'expected a JSON object with type "hello" or "message"'
})
export type SocketClientMessage = z.output<typeof SocketClientMessage>

export interface WireMessage {
  id: number
  role: 'customer' | 'agent'
  author: string
  text: string
  created_at: string
}

export const toWireMessage = (m: Message): WireMessage => ({
  id: m.id,
  role: m.author === 'customer' ? 'customer' : 'agent',
  author: m.author === 'customer' ? 'you' : m.authorName || 'Support team',
  text: m.body,
  created_at: m.createdAt
})

export interface WirePendingAction {
  action_id: string
  kind: Action['kind']
  order_id: string | null
  amount: Action['amount']
  status: Action['status']
  created_at: string
}

export const toWirePendingAction = (a: Action): WirePendingAction => ({
  action_id: a.id,
  kind: a.kind,
  order_id: a.orderId,
  amount: a.amount,
  status: a.status,
  created_at: a.createdAt
})

export interface WireConversation {
  session_id: string
  ticket_id: string
  /** No shop account is linked: orders are shown only with their id and the email they were placed with. */
  guest: boolean
  state: ChatSession['state']
  pending_actions: WirePendingAction[]
}

export const toWireConversation = (session: ChatSession, pending: Action[]): WireConversation => ({
  session_id: session.id,
  ticket_id: session.ticketId,
  guest: session.customerId === null,
  state: session.state,
  pending_actions: pending.map(toWirePendingAction)
})

/** The seed's answer, plus how it was delivered and where the conversation stands. */
export function toChatResponse(turn: ChatTurn) {
  const fallback = turn.fallback
  return {
    response: turn.reply.body,
    model_used: fallback ? 'fallback' : turn.draft.model,
    usage: {
      prompt_tokens: turn.draft.tokensIn,
      completion_tokens: turn.draft.tokensOut,
      total_tokens: turn.draft.tokensIn + turn.draft.tokensOut,
      cost_micro_usd: turn.draft.costMicroUsd
    },
    tool_calls_executed: turn.trace.length,
    tool_calls: turn.trace.map((call) => ({
      name: call.tool,
      arguments: call.arguments,
      status: call.status
    })),
    /** sent: the drafted answer went out; held: a teammate decides (the response says so). */
    delivery: turn.delivery.send ? ('sent' as const) : ('held' as const),
    fallback,
    message_id: turn.reply.id,
    ...toWireConversation(turn.session, turn.pendingActions)
  }
}
export type ChatResponse = ReturnType<typeof toChatResponse>
