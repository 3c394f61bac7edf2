import { z } from 'zod'
import { startWebHost } from '../../web/web-host'
import { defineCommand, EXIT_OK, writeLine, type CliIo } from '../command'
import { DB_USAGE, dbOption, dbPathSchema, integerOption } from '../options'
import { resolveShopDb } from '../shop-db'

export const webCommand = defineCommand({
  name: 'web',
  summary: 'Serve the console to a browser on 127.0.0.1 (until Ctrl+C)',
  usage: `Usage: frontline web [--db PATH] [--port P]

${DB_USAGE}
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
    const host = await startWebHost({
      dbPath: resolveShopDb(options.db),
      port: options.port ?? 0,
      token: process.env.FRONTLINE_WEB_TOKEN || undefined
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
