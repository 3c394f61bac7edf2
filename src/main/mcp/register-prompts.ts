import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { ErrorCode, McpError, type GetPromptResult } from '@modelcontextprotocol/sdk/types.js'
import { z } from 'zod'
import type { Message } from '../../shared/domain/ticket'
import { buildSystemPrompt, type DraftContext } from '../agent/system-prompt'
import { shopInstructions } from '../agent/shop-prompt'
import { readMoneyCaps } from '../policy/refund-policy'
import { shopOrderIdRules } from '../shop/shop-settings'
import { nowIso } from '../core/clock'
import { getCustomerCard } from '../db/repositories/customers'
import { listOrdersForCustomer } from '../db/repositories/orders'
import { getTicketSummary, listConversation } from '../db/repositories/tickets'
import type { McpServerDeps } from './build-server'

export const REPLY_PROMPT = 'customer_service_reply'

const replyArgs = {
  ticket_id: z.string().min(1).max(64).optional().describe('A Frontline ticket id, e.g. TKT-000123'),
  customer_message: z
    .string()
    .min(1)
    .max(20_000)
    .optional()
    .describe('A message from a customer to answer (added after the ticket thread, if a ticket is given)')
}

const AUTHOR_LABEL: Record<Message['author'], string> = {
  customer: 'Customer',
  agent: 'Support',
  system: 'Note'
}

function transcript(messages: readonly Message[]): string {
  return messages
    .map(
      (m) =>
        `[${m.createdAt.slice(0, 16).replace('T', ' ')}] ${AUTHOR_LABEL[m.author]}${m.authorName ? ` (${m.authorName})` : ''}:\n${m.body}`
    )
    .join('\n\n')
}

/**
 * The agent's own instructions and facts, so a host's model drafts with the same rules as
 * Frontline's: one user message holding the instructions and the thread as a transcript, which
 * every host can show and send as is.
 */
export function buildReplyPrompt(
  deps: McpServerDeps,
  args: { ticket_id?: string; customer_message?: string }
): GetPromptResult {
  if (!args.ticket_id && !args.customer_message) {
    throw new McpError(ErrorCode.InvalidParams, 'ticket_id or customer_message: give at least one of them')
  }
  const now = nowIso(deps.clock)
  const ctx: DraftContext = {
    ticketId: '(none)',
    subject: '(a message outside any ticket)',
    customer: null,
    orders: [],
    messages: [],
    today: now.slice(0, 10),
    moneyCaps: readMoneyCaps(deps.db),
    orderIds: shopOrderIdRules(deps.db),
    instructions: shopInstructions(deps.db)
  }
  if (args.ticket_id) {
    const ticket = getTicketSummary(deps.db, args.ticket_id)
    if (!ticket) throw new McpError(ErrorCode.InvalidParams, `ticket_id: no ticket ${args.ticket_id}`)
    ctx.ticketId = ticket.id
    ctx.subject = ticket.subject
    ctx.messages = listConversation(deps.db, ticket.id)
    if (ticket.customerId) {
      ctx.customer = getCustomerCard(deps.db, ticket.customerId) ?? null
      ctx.orders = listOrdersForCustomer(deps.db, ticket.customerId, 10)
    }
  }
  if (args.customer_message) {
    ctx.messages = [
      ...ctx.messages,
      {
        id: 0,
        ticketId: ctx.ticketId,
        author: 'customer',
        authorName: '',
        body: args.customer_message,
        createdAt: now,
        internal: false,
        composedBy: null,
        sentBy: null
      }
    ]
  }
  const text = [
    buildSystemPrompt(ctx),
    '',
    'The conversation so far, oldest first:',
    '',
    transcript(ctx.messages),
    '',
    'Write the next reply to the customer. Use the Frontline tools for any fact you state.'
  ].join('\n')
  return {
    description: args.ticket_id
      ? `Draft a reply to ticket ${ctx.ticketId}`
      : 'Draft a reply to a customer message',
    messages: [{ role: 'user', content: { type: 'text', text } }]
  }
}

export function registerPrompts(server: McpServer, deps: McpServerDeps): void {
  server.registerPrompt(
    REPLY_PROMPT,
    {
      title: 'Customer service reply',
      description:
        'Draft a reply to a support ticket (by ticket_id) or to a customer message, with the shop’s policies and the customer’s context.',
      argsSchema: replyArgs
    },
    (args) => buildReplyPrompt(deps, args)
  )
}
