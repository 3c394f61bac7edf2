import { z } from 'zod'
import { startWebHost } from '../../web/web-host'
import { defineCommand, EXIT_OK, writeLine } from '../command'
import { dbOption, dbPathSchema, integerOption } from '../options'
import { resolveShopDb } from '../shop-db'
import { watchForShutdown } from '../shutdown'

export const webCommand = defineCommand({
  name: 'web',
  summary: 'Serve the console to a browser on 127.0.0.1 (until Ctrl+C)',
  usage: `Usage: frontline web [--db PATH] [--port P]

  --db PATH      The shop database. Without it: the per-user database; on first run the console
                 asks whether to start with the demo shop or to import your shop.
  --port P       The loopback port to listen on (default 0: any free port).

Prints one line, "Frontline console: http://127.0.0.1:PORT/#token=…", and serves until SIGINT or
SIGTERM. The token in the address is new at every start; only a browser holding it can connect.
Set FRONTLINE_WEB_TOKEN (32 to 128 characters of A-Z, a-z, 0-9, - and _) to keep the same token,
with --port, across restarts: an open console then reconnects by itself.`,
  options: { ...dbOption, port: { type: 'string' } },
  schema: z.object({
    db: dbPathSchema,
    port: integerOption(0, 65_535).optional()
  }),
  async run(options, io) {
    const shutdown = watchForShutdown(io)
    try {
      // The console asks an empty shop's person what to start with: the demo shop or an import.
      const host = await startWebHost({
        dbPath: resolveShopDb(options.db, { firstRun: 'empty' }),
        port: options.port ?? 0,
        token: process.env.FRONTLINE_WEB_TOKEN || undefined
      })
      writeLine(io.stdout, `Frontline console: ${host.url}`)
      await shutdown.requested
      await host.close()
      return EXIT_OK
    } finally {
      shutdown.dispose()
    }
  }
})
