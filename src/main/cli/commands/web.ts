import { z } from 'zod'
import { startWebHost } from '../../web/web-host'
import { defineCommand, EXIT_OK, writeLine, type CliIo } from '../command'
import { dbOption, dbPathSchema, integerOption } from '../options'
import { resolveShopDb } from '../shop-db'

export const webCommand = defineCommand({
  name: 'web',
  summary: 'Serve the console to a browser on 127.0.0.1 (until Ctrl+C)',
  usage: `Usage: frontline web [--db PATH] [--port P]

  --db PATH      The shop database. Without it: the per-user database; on first run the console
                 asks whether to start with the demo shop or to import your shop.
  --port P       The loopback port to listen on (default 0: any free port).

Prints one line, "Frontline console: http://127.0.0.1:PORT/#token=…", and serves until SIGINT or
SIGTERM. The token in the address is new at every start; only a browser holding it can connect.`,
  options: { ...dbOption, port: { type: 'string' } },
  schema: z.object({
    db: dbPathSchema,
    port: integerOption(0, 65_535).optional()
  }),
  async run(options, io) {
    // The console asks an empty shop's person what to start with: the demo shop or an import.
    const host = await startWebHost({
      dbPath: resolveShopDb(options.db, { firstRun: 'empty' }),
      port: options.port ?? 0
    })
    writeLine(io.stdout, `Frontline console: ${host.url}`)
    await shutdownRequested(io)
    await host.close()
    return EXIT_OK
  }
})

/** Resolves on the io's shutdown signal, or else on the first SIGINT or SIGTERM. */
export function shutdownRequested(io: CliIo): Promise<void> {
  return new Promise((resolve) => {
    if (io.shutdown) {
      if (io.shutdown.aborted) resolve()
      else io.shutdown.addEventListener('abort', () => resolve(), { once: true })
      return
    }
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
