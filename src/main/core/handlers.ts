import type { Handlers } from '../../shared/contract'
import { AppFailure } from '../../shared/result'
import { getCustomerCard } from '../db/repositories/customers'
import { getTicketSummary, listTickets } from '../db/repositories/tickets'
import type { ToolContext } from '../tools/define-tool'
import { toolJsonSchema } from '../tools/registry'
import { createToolCatalog } from '../tools/tool-catalog'
import { runTool } from '../tools/tool-runner'
import type { CoreContext } from './create-core'
import { createDraftHandlers } from './draft-handlers'
import { createFollowUpHandlers } from './follow-up-handlers'
import { createConsoleHandlers } from './console-handlers'
import { createChannelHandlers } from './channel-handlers'
import { createMailHandlers } from './mail-handlers'
import { createTeamHandlers } from './team-handlers'
import { accountIdOf } from '../../shared/domain/caller'
import { createShopHandlers } from './shop-handlers'
import { createLabHandlers } from './lab-handlers'
import { createTicketHandlers } from './ticket-handlers'
import { createTriageHandlers } from './triage-handlers'
import { createSlaHandlers } from './sla-handlers'
import { createMacroHandlers } from './macro-handlers'
import { createKbHandlers } from './kb-handlers'

export function createHandlers(ctx: CoreContext) {
  const { db } = ctx
  const ownTools = createToolCatalog(ctx.tools)()
  return {
    'app.info': () => ({
      version: ctx.options.version,
      dbPath: ctx.options.dbPath,
      demoMode: ctx.llm.isDemo(),
      host: ctx.options.host
    }),

    // "Mine" is the caller's: the desktop's owner has no account, so nothing is theirs.
    'tickets.list': (query, caller) =>
      listTickets(
        db,
        query.assignee === 'me' ? { ...query, assignee: accountIdOf(caller) ?? '(no account)' } : query
      ),

    'customers.get': ({ customerId }) => {
      const card = getCustomerCard(db, customerId)
      if (!card)
        throw new AppFailure('not_found', `No customer ${customerId}`, [
          { field: 'customerId', message: 'not found' }
        ])
      return card
    },

    'tools.list': () =>
      ctx.tools.tools.map((tool) => ({
        name: tool.name,
        title: tool.title,
        description: tool.description,
        readOnly: tool.readOnly,
        inputSchema: toolJsonSchema(tool)
      })),

    ...createTicketHandlers(ctx),
    ...createDraftHandlers(ctx),
    ...createFollowUpHandlers(ctx),
    ...createConsoleHandlers(ctx),
    ...createChannelHandlers(ctx),
    ...createMailHandlers(ctx),
    ...createTeamHandlers(ctx),
    ...createShopHandlers(ctx),
    ...createTriageHandlers(ctx),
    ...createSlaHandlers(ctx),
    ...createMacroHandlers(ctx),
    ...createKbHandlers(ctx),
    ...createLabHandlers(ctx),

    // Run by hand (a person or the CLI): recorded like the agent's calls, with who ran it.
    'tools.run': ({ name, arguments: args, ticketId }, caller) => {
      const ticket = ticketId ? getTicketSummary(db, ticketId) : undefined
      const toolCtx: ToolContext = {
        db,
        clock: ctx.clock,
        caller,
        origin: 'cli',
        ticketId,
        customerId: ticket?.customerId ?? undefined
      }
      return runTool(ownTools, toolCtx, name, args)
    }
  } satisfies Handlers
}
