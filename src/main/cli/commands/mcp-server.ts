import { z } from 'zod'
import { commandLineText, splitCommandLine, StdioAllowEntry } from '../../../shared/domain/mcp-server'
import { openDb } from '../../db/connection'
import { allowStdioCommand, readStdioAllowlist } from '../../mcp-client/stdio-allowlist'
import { defineCommand, EXIT_OK, UsageError, writeLine } from '../command'
import { DB_USAGE, dbOption, dbPathSchema } from '../options'
import { resolveShopDb } from '../shop-db'

/**
 * The allowlist of programs the console may start as stdio MCP servers. The console cannot change
 * it: a person at this machine does, here (or in the desktop app's own dialog).
 */
export const mcpServerCommand = defineCommand({
  name: 'mcp-server',
  summary: 'Allow a program to run as an external (stdio) MCP server, or list the allowed ones',
  usage: `Usage: frontline mcp-server allow --command "PROGRAM ARGS…" [--env NAME,NAME] [--db PATH]
       frontline mcp-server list [--db PATH]

  allow          Lets Settings add a stdio MCP server with exactly this command line (quote words
                 with spaces, as in Settings' Command field). Settings refuses any other one.
  --command LINE The program and its arguments, e.g. "npx -y @acme/mcp-server --dir /srv/data".
  --env NAMES    Environment variables the server may be given (names only; values go in Settings).
  list           Shows the allowed command lines.
${DB_USAGE}`,
  options: { ...dbOption, command: { type: 'string' }, env: { type: 'string' } },
  positionals: ['action'],
  schema: z.object({
    action: z.enum(['allow', 'list'], { error: 'expected allow or list' }),
    command: z.string().trim().min(1, 'expected the command line to allow').max(20_000).optional(),
    env: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]*(,[A-Za-z_][A-Za-z0-9_]*)*$/,
        'expected names such as API_TOKEN,HOME_DIR'
      )
      .optional(),
    db: dbPathSchema
  }),
  async run(options, io) {
    if (options.action === 'allow' && !options.command) throw new UsageError('give the --command to allow')
    const db = openDb(resolveShopDb(options.db))
    try {
      if (options.action === 'list') {
        const allowed = readStdioAllowlist(db)
        if (allowed.length === 0) writeLine(io.stdout, 'No program is allowed yet.')
        for (const entry of allowed) {
          const env = entry.envNames.length > 0 ? `  (env: ${entry.envNames.join(', ')})` : ''
          writeLine(io.stdout, `${commandLineText([entry.command, ...entry.args])}${env}`)
        }
        return EXIT_OK
      }
      const [command, ...args] = splitCommandLine(options.command ?? '')
      const entry = StdioAllowEntry.safeParse({
        command,
        args,
        envNames: options.env ? options.env.split(',').sort() : []
      })
      if (!entry.success) throw new UsageError(`--command: ${entry.error.issues[0]?.message ?? 'invalid'}`)
      allowStdioCommand(db, entry.data)
      writeLine(
        io.stdout,
        `Allowed: ${commandLineText([entry.data.command, ...entry.data.args])}. Add it in Settings › External MCP servers.`
      )
      return EXIT_OK
    } finally {
      db.close()
    }
  }
})
