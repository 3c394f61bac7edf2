import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { ExposureError, startTeamServer } from '../../team-server/team-server'
import { defineCommand, EXIT_OK, UsageError, writeLine, type CliIo } from '../command'
import { integerOption } from '../options'
import { resolveShopDb } from '../shop-db'
import { watchForShutdown } from '../shutdown'
import { openDb } from '../../db/connection'
import { countActiveAdmins } from '../../db/repositories/people'

function hasAdmin(dbPath: string): boolean {
  const db = openDb(dbPath, { readonly: true })
  try {
    return countActiveAdmins(db) > 0
  } finally {
    db.close()
  }
}

export const DEFAULT_TEAM_PORT = 8780

function readPem(path: string, option: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw new Error(
      `${option} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`
    )
  }
}

const serverOptions = z.object({
  db: z.string({ error: 'required: the team database (frontline server --db PATH)' }).trim().min(1),
  host: z.string().trim().min(1).max(255).optional(),
  port: integerOption(0, 65_535).optional(),
  'tls-cert': z.string().trim().min(1).optional(),
  'tls-key': z.string().trim().min(1).optional(),
  'behind-proxy': z.union([z.ipv4(), z.ipv6()], { error: 'expected the proxy’s IP address' }).optional(),
  'public-url': z.url({ protocol: /^https?$/, error: 'expected an http(s) address' }).optional(),
  chat: z.boolean().optional(),
  'mcp-port': integerOption(0, 65_535).optional()
})

export const serverCommand = defineCommand({
  name: 'server',
  summary: 'Run the team server: one shared inbox for a support team, people signed in (until Ctrl+C)',
  usage: `Usage: frontline server --db PATH [--host H] [--port P]
                        [--tls-cert FILE --tls-key FILE | --behind-proxy ADDRESS]
                        [--public-url URL] [--chat] [--mcp-port P]

  --db PATH      The team's database (one SQLite file; create it with \`frontline seed\`).
  --host H       The address to listen on (default 127.0.0.1). Any other address needs TLS:
  --tls-cert FILE --tls-key FILE
                 PEM certificate and private key: the server speaks HTTPS itself.
  --behind-proxy ADDRESS
                 A TLS proxy at ADDRESS terminates HTTPS in front of the server; only that
                 address's X-Forwarded-For/-Proto/-Host headers are believed.
  --port P       The port (default ${DEFAULT_TEAM_PORT}; 0 picks any free port).
  --public-url URL
                 The address people open, when it is not this one (behind a proxy); invite
                 links point at it.
  --chat         Also serve the customer chat API, with its saved settings.
  --mcp-port P   Also serve MCP over HTTP on 127.0.0.1:P (bearer token printed to stderr).

Prints "Frontline team server: URL" and serves the console (with a sign-in screen) and its
WebSocket bridge until SIGINT or SIGTERM. Add people with \`frontline user add\`. Exit 2 when
the options cannot work together (another address without TLS), 1 when it cannot listen.`,
  options: {
    db: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'behind-proxy': { type: 'string' },
    'public-url': { type: 'string' },
    chat: { type: 'boolean' },
    'mcp-port': { type: 'string' }
  },
  schema: serverOptions,
  async run(options, io) {
    if (Boolean(options['tls-cert']) !== Boolean(options['tls-key']))
      throw new UsageError('--tls-cert and --tls-key go together')
    if (options['tls-cert'] && options['behind-proxy'])
      throw new UsageError('give either --tls-cert/--tls-key or --behind-proxy, not both')
    const shutdown = watchForShutdown(io)
    try {
      return await serve(options, io, shutdown.requested)
    } finally {
      shutdown.dispose()
    }
  }
})

async function serve(
  options: z.output<typeof serverOptions>,
  io: CliIo,
  stopped: Promise<void>
): Promise<number> {
  const dbPath = resolveShopDb(options.db)
  const tls =
    options['tls-cert'] && options['tls-key']
      ? { cert: readPem(options['tls-cert'], '--tls-cert'), key: readPem(options['tls-key'], '--tls-key') }
      : undefined
  let server
  try {
    server = await startTeamServer({
      dbPath,
      host: options.host,
      port: options.port ?? DEFAULT_TEAM_PORT,
      tls,
      behindProxy: options['behind-proxy'],
      publicUrl: options['public-url'],
      chat: options.chat,
      mcpPort: options['mcp-port']
    })
  } catch (error) {
    if (error instanceof ExposureError) throw new UsageError(error.message)
    throw error
  }
  writeLine(io.stdout, `Frontline team server: ${server.url}`)
  if (!hasAdmin(dbPath)) {
    writeLine(
      io.stderr,
      'Nobody can manage this team yet: add the first admin with ' +
        '`frontline user add NAME --email E --role admin --db PATH` and open the link it prints.'
    )
  }
  if (server.chatUrl) writeLine(io.stderr, `Customer chat API: ${server.chatUrl}`)
  if (server.mcp)
    writeLine(io.stderr, `MCP over HTTP: ${server.mcp.url} (Authorization: Bearer ${server.mcp.token})`)
  await stopped
  await server.close()
  return EXIT_OK
}
