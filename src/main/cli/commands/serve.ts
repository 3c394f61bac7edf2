import { z } from 'zod'
import { ChannelRateLimits, CorsOrigin } from '../../../shared/domain/channel'
import { channelRuntimeOf } from '../../core/channel-handlers'
import { createCliCore } from '../cli-core'
import { defineCommand, EXIT_OK, UsageError, writeLine } from '../command'
import { DB_USAGE, dbOption, dbPathSchema, integerOption } from '../options'
import { llmOptionsFrom, PROVIDER_USAGE, providerOptions, providerSchema } from '../provider-options'
import { resolveShopDb } from '../shop-db'
import { watchForShutdown } from '../shutdown'

/** The limits a fresh database starts with: the help reads them where the settings define them. */
const DEFAULT_LIMITS = ChannelRateLimits.parse({})

const originList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean)
  )
  .pipe(z.array(CorsOrigin))

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'Serve the customer chat API (seed-compatible /mcp/chat, SSE, WebSocket) until Ctrl+C',
  usage: `Usage: frontline serve [--db PATH] [--host H] [--port P] [--cors ORIGINS]
                       [--rate-customer N] [--rate-ip N] [--rate-key N] [--base-url URL --model M]

${DB_USAGE}
  --host H       The address to listen on (default: Settings, else 127.0.0.1).
  --port P       The port (default: Settings, else 8787; 0 picks any free port).
  --cors ORIGINS Browser origins allowed to call the API, comma-separated
                 (e.g. https://shop.example.com); requests without an Origin are not affected.
  --rate-customer N  Messages a minute per customer (default: Settings, else ${DEFAULT_LIMITS.perCustomerPerMinute}).
  --rate-ip N    Requests a minute per client address (default: Settings, else ${DEFAULT_LIMITS.perIpPerMinute}).
  --rate-key N   Requests a minute per channel key (default: Settings, else ${DEFAULT_LIMITS.perKeyPerMinute}).
${PROVIDER_USAGE}

Endpoints: POST /mcp/chat, POST /mcp/chat/stream (SSE), GET /mcp/tools, GET /mcp/tools/all, GET /health,
GET /mcp/chat/sessions/ID?customer_id=…, and the WebSocket /mcp/chat/ws. Every endpoint but
/health needs "Authorization: Bearer <channel key>": a key from \`frontline channel-key create NAME\`
(or Settings), or FRONTLINE_CHANNEL_KEY. Each conversation is a chat ticket in the console; answers
built only from look-ups go out at once, returns and refunds wait for a person's approval.`,
  options: {
    ...dbOption,
    ...providerOptions,
    host: { type: 'string' },
    port: { type: 'string' },
    cors: { type: 'string' },
    'rate-customer': { type: 'string' },
    'rate-ip': { type: 'string' },
    'rate-key': { type: 'string' }
  },
  schema: z.object({
    db: dbPathSchema,
    host: z.string().trim().min(1).max(255).optional(),
    port: integerOption(0, 65_535).optional(),
    cors: originList.optional(),
    'rate-customer': integerOption(1, 100_000).optional(),
    'rate-ip': integerOption(1, 1_000_000).optional(),
    'rate-key': integerOption(1, 1_000_000).optional(),
    ...providerSchema
  }),
  async run(options, io) {
    if (options['base-url'] && !options.model) throw new UsageError('--base-url needs --model')
    const core = createCliCore({ dbPath: resolveShopDb(options.db), llm: llmOptionsFrom(options) })
    const shutdown = watchForShutdown(io)
    try {
      const runtime = channelRuntimeOf(core.context)
      const status = await runtime.start({
        host: options.host,
        port: options.port,
        corsOrigins: options.cors,
        rateLimits: {
          ...(options['rate-customer'] ? { perCustomerPerMinute: options['rate-customer'] } : {}),
          ...(options['rate-ip'] ? { perIpPerMinute: options['rate-ip'] } : {}),
          ...(options['rate-key'] ? { perKeyPerMinute: options['rate-key'] } : {})
        }
      })
      writeLine(io.stdout, `Frontline chat channel: ${status.url}`)
      const model = core.context.llm.defaultModel()
      writeLine(io.stderr, `Answering with ${model.providerId}/${model.model}.`)
      if (status.activeKeys === 0) {
        writeLine(
          io.stderr,
          'No channel key yet: every request will be refused (401) until you create one with ' +
            '`frontline channel-key create NAME` or set FRONTLINE_CHANNEL_KEY.'
        )
      }
      await shutdown.requested
      return EXIT_OK
    } finally {
      shutdown.dispose()
      await core.close()
    }
  }
})
