import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { actorName, isCustomerSide } from '../../shared/domain/caller'
import { ownerName, TEAM_QUEUE } from '../../shared/domain/follow-up'
import { TicketId } from '../../shared/domain/ticket'
import { countOpenFollowUps, insertFollowUp } from '../db/repositories/follow-ups'
import { getTicketSummary } from '../db/repositories/tickets'
import { defineTool, ToolFailure, type ToolContext, type ToolOrigin } from './define-tool'

const HOUR_MS = 3_600_000
/** More open follow-ups than this on one ticket is a loop, not a plan. */
export const MAX_OPEN_FOLLOW_UPS = 10

/** Who created it, as the ticket shows: a person by name, otherwise what ran the tool. */
const CREATED_BY: Record<ToolOrigin, (ctx: ToolContext) => string> = {
  agent: () => 'AI agent',
  fallback: () => 'Fallback drafter (no AI)',
  mcp: (ctx) => `MCP client${ctx.originDetail ? ` · ${ctx.originDetail}` : ''}`,
  cli: (ctx) => actorName(ctx.caller),
  chat: () => 'Customer chat'
}

/** The ticket it is for: the conversation's own, or (for the shop's side) the one named. */
function ticketOf(ctx: ToolContext, named: string | undefined): string {
  if (isCustomerSide(ctx.caller)) {
    // The agent acting for a customer writes tasks on their own conversation only.
    if (named !== undefined && named !== ctx.ticketId) {
      throw new ToolFailure({
        code: 'ticket_not_allowed',
        message: 'A follow-up is created on this conversation only: leave ticket_id out.',
        field: 'ticket_id'
      })
    }
  }
  const ticketId = named ?? ctx.ticketId
  if (!ticketId) {
    throw new ToolFailure({
      code: 'ticket_required',
      message: 'Say which ticket the follow-up is for (ticket_id, e.g. TKT-000123).',
      field: 'ticket_id'
    })
  }
  if (!getTicketSummary(ctx.db, ticketId)) {
    throw new ToolFailure({
      code: 'ticket_not_found',
      message: `There is no ticket ${ticketId}.`,
      field: 'ticket_id'
    })
  }
  return ticketId
}

/**
 * What makes a promise to the customer a thing: a task for the team with an owner and a due time,
 * shown in the inbox and on the ticket until a person marks it done. It writes only the team's own
 * records and moves no money and nothing of the customer's, so it runs at once (recorded in the
 * trace) instead of waiting for approval like a return or a refund.
 */
export const createFollowUpTool = defineTool({
  name: 'create_follow_up',
  title: 'Create a follow-up',
  description:
    'Create a task for the support team: something a teammate will do after this reply, such as opening a ' +
    'trace with the carrier, checking a payment, or reviewing a case. Call it BEFORE the reply says a ' +
    'teammate will do anything ("I\'ve asked a teammate to…", "we\'ll get back to you"): a reply may ' +
    'promise only what a follow-up or a proposed action makes real. It runs at once (no approval: it moves ' +
    'no money) and returns the follow-up with its due time, which the reply may state. It goes to the ' +
    `team queue unless a person names an owner.`,
  input: z.object({
    task: z
      .string()
      .trim()
      .min(5, 'say what a teammate will do')
      .max(500)
      .describe(
        'What a teammate will do, e.g. "Open a trace with USPS for ORD-20261103-AB12 and update the customer"'
      ),
    due_in_hours: z
      .number()
      .int()
      .min(1)
      .max(14 * 24)
      .default(24)
      .describe('When it is due, in hours from now (1 to 336; default 24)'),
    owner: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe(`A person on the team by name; leave it out for the ${TEAM_QUEUE.toLowerCase()}`),
    ticket_id: TicketId.optional().describe("The ticket it is for; by default the conversation's own")
  }),
  readOnly: false,
  runsAtOnce: true,
  destructive: false,
  idempotent: false,
  execute(ctx, input) {
    if (input.owner !== undefined && isCustomerSide(ctx.caller)) {
      throw new ToolFailure({
        code: 'owner_not_allowed',
        message: `Leave owner out: the ${TEAM_QUEUE.toLowerCase()} picks up the agent's follow-ups.`,
        field: 'owner'
      })
    }
    const ticketId = ticketOf(ctx, input.ticket_id)
    return ctx.db
      .transaction(() => {
        if (countOpenFollowUps(ctx.db, ticketId) >= MAX_OPEN_FOLLOW_UPS) {
          throw new ToolFailure({
            code: 'too_many_follow_ups',
            message: `Ticket ${ticketId} already has ${MAX_OPEN_FOLLOW_UPS} open follow-ups; a teammate must close some first.`,
            field: 'ticket_id'
          })
        }
        const now = ctx.clock.now()
        const followUp = {
          id: `FUP-${randomUUID()}`,
          ticketId,
          draftId: ctx.draftId ?? null,
          task: input.task,
          owner: input.owner ?? null,
          dueAt: new Date(now.getTime() + input.due_in_hours * HOUR_MS).toISOString(),
          origin: ctx.origin,
          createdBy: CREATED_BY[ctx.origin](ctx),
          createdAt: now.toISOString()
        }
        insertFollowUp(ctx.db, followUp)
        return {
          follow_up_id: followUp.id,
          ticket_id: ticketId,
          task: followUp.task,
          owner: ownerName(followUp),
          due_at: followUp.dueAt,
          status: 'open' as const,
          message: 'Created: it shows on the ticket and in the inbox until a teammate marks it done.'
        }
      })
      .immediate()
  }
})
