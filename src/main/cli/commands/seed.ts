import { resolve } from 'node:path'
import { z } from 'zod'
import { openDb } from '../../db/connection'
import {
  clearShop,
  countShop,
  DEFAULT_SEED,
  isShopEmpty,
  seedDemoShop,
  type SeedSummary
} from '../../db/fixtures/seed-demo-shop'
import { defaultDbPath } from '../../paths'
import { defineCommand, EXIT_FAILURE, EXIT_OK, writeLine, type CliIo } from '../command'
import { DB_USAGE, dbOption, dbPathSchema, integerOption, isoDateTimeOption, numberOption } from '../options'

/** From this many orders on, seeding takes long enough to deserve a word first. */
const ANNOUNCE_FROM_SCALE = 20

export const seedCommand = defineCommand({
  name: 'seed',
  summary: 'Create the demo shop (customers, catalog, orders, support tickets) in a database',
  usage: `Usage: frontline seed --demo [--db PATH] [--scale N] [--seed S] [--anchor ISO] [--force] [--json]

  --demo         Create the deterministic demo shop (the only kind of shop seed makes).
${DB_USAGE}
  --scale N      Multiply customers, products, orders and tickets by N (>= 1; 1000 = a million orders).
  --seed S       Random seed (default ${DEFAULT_SEED}): the same seed and anchor give the same shop.
  --anchor ISO   The date-time the shop treats as "now" (default: the current time).
  --force        Replace a shop already in the database (its tickets, drafts, returns and refunds).
                 Without it, seed refuses and changes nothing.
  --json         Print the summary as JSON.`,
  options: {
    ...dbOption,
    demo: { type: 'boolean' },
    scale: { type: 'string' },
    seed: { type: 'string' },
    anchor: { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' }
  },
  schema: z.object({
    demo: z.literal(true, { error: 'required (the demo shop is the only shop frontline can create)' }),
    db: dbPathSchema,
    scale: numberOption(1).optional(),
    seed: integerOption(0, 2 ** 32 - 1).optional(),
    anchor: isoDateTimeOption.optional(),
    force: z.boolean().optional(),
    json: z.boolean().optional()
  }),
  async run(options, io) {
    const dbPath = resolve(options.db ?? defaultDbPath())
    const db = openDb(dbPath)
    try {
      if (!isShopEmpty(db)) {
        const counts = countShop(db)
        if (!options.force) {
          writeLine(
            io.stderr,
            `${dbPath} already holds a shop (${counts.customers} customers, ${counts.orders} orders, ` +
              `${counts.tickets} tickets); nothing was changed. Add --force to replace it with the demo shop.`
          )
          return EXIT_FAILURE
        }
        clearShop(db)
        writeLine(io.stderr, `Removed the previous shop from ${dbPath}.`)
      }
      if ((options.scale ?? 1) >= ANNOUNCE_FROM_SCALE) {
        writeLine(
          io.stderr,
          `Seeding about ${Math.round(1000 * (options.scale ?? 1)).toLocaleString('en-US')} orders…`
        )
      }
      const started = performance.now()
      const summary = seedDemoShop(db, { seed: options.seed, anchor: options.anchor, scale: options.scale })
      const seconds = (performance.now() - started) / 1000
      if (options.json) writeLine(io.stdout, JSON.stringify({ dbPath, seconds, ...summary }, null, 2))
      else printSummary(io, dbPath, summary, seconds)
      return EXIT_OK
    } finally {
      db.close()
    }
  }
})

const n = (value: number): string => value.toLocaleString('en-US')

function printSummary(io: CliIo, dbPath: string, s: SeedSummary, seconds: number): void {
  const states = Object.entries(s.ordersByStatus)
    .map(([status, count]) => `${n(count)} ${status}`)
    .join(', ')
  writeLine(
    io.stdout,
    `Seeded the demo shop into ${dbPath} in ${seconds.toFixed(1)} s (seed ${s.seed}, now = ${s.anchor}):`
  )
  writeLine(io.stdout, `  ${n(s.customers)} customers, ${n(s.products)} products`)
  writeLine(
    io.stdout,
    `  ${n(s.orders)} orders (${states}), ${n(s.orderItems)} order items, ${n(s.returns)} past returns`
  )
  writeLine(io.stdout, `  ${n(s.tickets)} tickets with ${n(s.messages)} messages`)
}
