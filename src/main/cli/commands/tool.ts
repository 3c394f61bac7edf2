import { z } from 'zod'
import { JsonTooDeepError, parseBoundedJson } from '../../bounded-json'
import { createCliCore } from '../cli-core'
import { defineCommand, EXIT_FAILURE, EXIT_OK, writeLine } from '../command'
import { DB_USAGE, dbOption, dbPathSchema } from '../options'
import { resolveShopDb } from '../shop-db'

const jsonArgument = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return {}
    try {
      return parseBoundedJson(text)
    } catch (error) {
      if (error instanceof JsonTooDeepError) {
        ctx.addIssue({ code: 'custom', message: error.message })
        return z.NEVER
      }
      ctx.addIssue({
        code: 'custom',
        message: `not valid JSON (${(error as Error).message}); quote it for the shell, e.g. '{"order_id":"ORD-20250614-AB12"}'`
      })
      return z.NEVER
    }
  })

export const toolCommand = defineCommand({
  name: 'tool',
  summary: 'Run one shop tool through the core and print its JSON result',
  usage: `Usage: frontline tool NAME [JSON] [--db PATH] [--ticket ID]

  NAME           The tool, e.g. get_order_status (run \`frontline tool list\` to see them all).
  JSON           The tool's arguments as one JSON object (default {}).
${DB_USAGE}
  --ticket ID    Run as if for this ticket (its customer's orders come first in suggestions).

Prints the tool's result as JSON and exits 0, or prints {"error": …} and exits 1 when the tool
refuses (unknown order, invalid arguments, …).`,
  options: { ...dbOption, ticket: { type: 'string' } },
  positionals: ['name', 'json'],
  schema: z.object({
    name: z.string({ error: 'required (a tool name such as get_order_status)' }).trim().min(1),
    json: jsonArgument,
    db: dbPathSchema,
    ticket: z.string().trim().min(1).max(64).optional()
  }),
  async run(options, io) {
    const core = createCliCore({ dbPath: resolveShopDb(options.db), helpDeskWorkers: false })
    try {
      if (options.name === 'list') {
        const listed = await core.invoke('tools.list', {})
        if (!listed.ok) throw new Error(listed.error.message)
        for (const tool of listed.value) writeLine(io.stdout, `${tool.name.padEnd(24)} ${tool.title}`)
        return EXIT_OK
      }
      if (options.ticket !== undefined) {
        // The core would run the tool without the ticket's context; a mistyped --ticket deserves to be told.
        const ticket = await core.invoke('tickets.get', { ticketId: options.ticket })
        if (!ticket.ok) {
          writeLine(io.stdout, JSON.stringify({ error: { ...ticket.error, field: 'ticket' } }, null, 2))
          return EXIT_FAILURE
        }
      }
      const result = await core.invoke('tools.run', {
        name: options.name,
        arguments: options.json,
        ticketId: options.ticket
      })
      if (!result.ok) {
        writeLine(io.stdout, JSON.stringify({ error: result.error }, null, 2))
        return EXIT_FAILURE
      }
      const outcome = result.value
      if (!outcome.ok) {
        writeLine(io.stdout, JSON.stringify({ error: outcome.error }, null, 2))
        return EXIT_FAILURE
      }
      writeLine(io.stdout, JSON.stringify(outcome.value, null, 2))
      return EXIT_OK
    } finally {
      await core.close()
    }
  }
})
