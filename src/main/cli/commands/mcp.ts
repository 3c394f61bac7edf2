import type { Readable, Writable } from 'node:stream'
import { z } from 'zod'
import { startMcpHttp } from '../../mcp/http'
import { mcpClientConfig } from '../../mcp/host-config'
import { routeConsoleToStderr, runMcpStdio } from '../../mcp/stdio'
import { defineCommand, EXIT_OK, writeLine } from '../command'
import { DB_USAGE, dbOption, dbPathSchema, integerOption } from '../options'
import { resolveShopDb } from '../shop-db'
import { watchForShutdown } from '../shutdown'

export const mcpCommand = defineCommand({
  name: 'mcp',
  summary: 'Serve the shop tools, resources and reply prompt to an MCP host (stdio, or --http)',
  usage: `Usage: frontline mcp [--db PATH]
       frontline mcp --http [--port P] [--db PATH]

${DB_USAGE}
  --http         Serve Streamable HTTP on 127.0.0.1 instead of stdio.
  --port P       With --http: the loopback port (default 0: any free port).

stdio (the default) is for hosts that start Frontline themselves and speak MCP on its stdin and
stdout; everything else it prints goes to stderr. For Claude Desktop's claude_desktop_config.json:
${mcpClientConfig('/path/to/frontline.db')
  .jsonText.split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}

--http serves http://127.0.0.1:PORT/mcp until SIGINT or SIGTERM. Every request needs
"Authorization: Bearer <token>": the token is FRONTLINE_MCP_TOKEN when set, otherwise a new one
printed once to stderr. Requests from a foreign browser Origin are refused.

The database can stay open in the desktop app meanwhile. Returns proposed by a host are not applied:
they wait for a person's approval in the Frontline console.`,
  options: { ...dbOption, http: { type: 'boolean' }, port: { type: 'string' } },
  schema: z
    .object({
      db: dbPathSchema,
      http: z.boolean().optional(),
      port: integerOption(0, 65_535).optional()
    })
    .refine((o) => o.http === true || o.port === undefined, {
      message: 'only with --http (stdio has no port)',
      path: ['port']
    }),
  async run(options, io) {
    if (!options.http) {
      // Before anything can log: on stdio, stdout belongs to the protocol alone.
      if (io.stdout === process.stdout) routeConsoleToStderr()
      await runMcpStdio({
        dbPath: resolveShopDb(options.db),
        stdout: io.stdout as Writable,
        stdin: process.stdin as Readable,
        signal: io.shutdown
      })
      return EXIT_OK
    }
    const shutdown = watchForShutdown(io)
    try {
      const server = await startMcpHttp({
        dbPath: resolveShopDb(options.db),
        port: options.port ?? 0,
        log: (line) => writeLine(io.stderr, line)
      })
      await shutdown.requested
      await server.close()
      return EXIT_OK
    } finally {
      shutdown.dispose()
    }
  }
})
