import { createInterface } from 'node:readline'
import { z } from 'zod'
import { openDb, type Db } from '../../db/connection'
import { countShop, type ShopCounts } from '../../db/fixtures/seed-demo-shop'
import { orderIdFormatView, type OrderIdFormat } from '../../shop/order-id-format'
import { RESET_DELETES, RESET_KEEPS, resetShop } from '../../shop/reset-shop'
import { loadOrderIdFormat, loadShopCurrency, saveOrderIdFormat } from '../../shop/shop-settings'
import { defineCommand, EXIT_FAILURE, EXIT_OK, UsageError, writeLine, type CliIo } from '../command'
import { DB_USAGE, dbOption, dbPathSchema } from '../options'
import { resolveShopDb } from '../shop-db'

const n = (value: number): string => value.toLocaleString('en-US')

const DIGITS = z
  .string()
  .trim()
  .regex(/^\d{1,2}(-\d{1,2})?$/, 'expected a number of digits such as 4, or a range such as 4-6')
  .transform((text) => {
    const [min = 0, max = min] = text.split('-').map(Number)
    return { min, max }
  })
  .refine(({ min, max }) => min >= 1 && max >= min && max <= 20, 'expected 1 to 20 digits, the smaller first')

const shopOptions = z.object({
  action: z.enum(['show', 'reset', 'order-ids'], { error: 'expected show, reset or order-ids' }),
  db: dbPathSchema,
  demo: z.boolean().optional(),
  empty: z.boolean().optional(),
  yes: z.boolean().optional(),
  json: z.boolean().optional(),
  prefix: z.string().max(20).optional(),
  digits: DIGITS.optional(),
  verbatim: z.boolean().optional()
})

export const shopCommand = defineCommand({
  name: 'shop',
  summary: "Show the shop's data, set its order-id format, or reset it to the demo shop or to empty",
  usage: `Usage: frontline shop show [--db PATH] [--json]
       frontline shop reset --demo|--empty [--yes] [--db PATH]
       frontline shop order-ids [--prefix P --digits N[-M] | --verbatim | --demo] [--db PATH]

  show           How many customers, products, orders and tickets; the currency; the order-id format.
  reset          Deletes the shop, to start again from the demo shop (--demo) or from nothing, ready
                 for an import (--empty). It deletes ${RESET_DELETES}.
                 It keeps ${RESET_KEEPS}.
                 On a terminal it asks first; elsewhere it needs --yes.
  order-ids      Shows the shop's order-id format (an import learns it from the orders), or sets it:
                 --prefix P --digits N[-M]  a prefix and a number, e.g. --prefix '#' --digits 4-5 for
                                            Shopify's #1001; --prefix '' for WooCommerce's 1001
                 --verbatim                 ids as the shop writes them, whatever their shape
                 --demo                     the demo shop's ORD-YYYYMMDD-XXXX
${DB_USAGE}
  --json         Print as JSON.`,
  options: {
    ...dbOption,
    demo: { type: 'boolean' },
    empty: { type: 'boolean' },
    yes: { type: 'boolean' },
    json: { type: 'boolean' },
    prefix: { type: 'string' },
    digits: { type: 'string' },
    verbatim: { type: 'boolean' }
  },
  positionals: ['action'],
  schema: shopOptions,
  async run(options, io): Promise<number> {
    const dbPath = resolveShopDb(options.db)
    const db = openDb(dbPath)
    try {
      const act: ShopAction = actions[options.action]
      return await act(db, dbPath, options, io)
    } finally {
      db.close()
    }
  }
})

type ShopOptions = z.output<typeof shopOptions>
type ShopAction = (db: Db, dbPath: string, options: ShopOptions, io: CliIo) => Promise<number>

const describeCounts = (c: ShopCounts): string =>
  `${n(c.customers)} customers, ${n(c.products)} products, ${n(c.orders)} orders and ${n(c.tickets)} tickets`

const actions: Readonly<Record<ShopOptions['action'], ShopAction>> = {
  async show(db, dbPath, options, io) {
    const counts = countShop(db)
    const format = orderIdFormatView(loadOrderIdFormat(db))
    const currency = loadShopCurrency(db)
    if (options.json) {
      writeLine(io.stdout, JSON.stringify({ dbPath, ...counts, currency, orderIdFormat: format }, null, 2))
      return EXIT_OK
    }
    writeLine(io.stdout, `${dbPath}: ${describeCounts(counts)}.`)
    writeLine(io.stdout, `Currency: ${currency ?? 'not set (each order keeps its own)'}.`)
    writeLine(io.stdout, `Order ids look like ${format.pattern} (e.g. ${format.examples.join(', ') || '-'}).`)
    return EXIT_OK
  },

  async reset(db, dbPath, options, io) {
    if (options.demo === options.empty) throw new UsageError('say what to reset to: --demo or --empty')
    const counts = countShop(db)
    if (!options.yes) {
      const stdin = io.stdin ?? process.stdin
      if (!stdin.isTTY) throw new UsageError('not asked on a terminal: add --yes to confirm the reset')
      const answer = await ask(
        io,
        stdin,
        `This deletes the shop in ${dbPath}: ${describeCounts(counts)}, with their drafts, returns and refunds. ` +
          `Type "yes" to ${options.demo ? 'replace it with the demo shop' : 'empty it'}: `
      )
      if (!/^y(es)?$/i.test(answer.trim())) {
        writeLine(io.stderr, 'Nothing was changed.')
        return EXIT_FAILURE
      }
    }
    const result = resetShop(db, options.demo ? 'demo' : 'empty')
    writeLine(io.stdout, `Removed ${describeCounts(result.removed)} from ${dbPath}.`)
    if (result.seeded) writeLine(io.stdout, `Created the demo shop: ${describeCounts(result.seeded)}.`)
    else
      writeLine(
        io.stdout,
        'The shop is empty. Bring yours in with: frontline import shopify|woocommerce|jsonl FILE...'
      )
    return EXIT_OK
  },

  async 'order-ids'(db, _dbPath, options, io) {
    const chosen = [
      options.prefix !== undefined || options.digits !== undefined,
      options.verbatim,
      options.demo
    ].filter(Boolean)
    if (chosen.length > 1) throw new UsageError('choose one of --prefix/--digits, --verbatim or --demo')
    const current = loadOrderIdFormat(db)
    const examples = current.kind === 'demo' ? [] : current.examples
    let next: OrderIdFormat | null = null
    if (options.demo) next = { kind: 'demo' }
    else if (options.verbatim) next = { kind: 'verbatim', examples }
    else if (options.prefix !== undefined || options.digits !== undefined) {
      if (options.prefix === undefined || options.digits === undefined)
        throw new UsageError('--prefix and --digits go together, e.g. --prefix "#" --digits 4')
      next = {
        kind: 'numbered',
        prefix: options.prefix,
        minDigits: options.digits.min,
        maxDigits: options.digits.max,
        examples: []
      }
    }
    if (next) saveOrderIdFormat(db, next)
    const view = orderIdFormatView(next ?? current)
    if (options.json) writeLine(io.stdout, JSON.stringify(view, null, 2))
    else
      writeLine(
        io.stdout,
        `Order ids look like ${view.pattern} (e.g. ${view.examples.join(', ') || view.pattern}).`
      )
    return EXIT_OK
  }
}

async function ask(io: CliIo, stdin: NodeJS.ReadableStream, question: string): Promise<string> {
  const lines = createInterface({ input: stdin, output: io.stderr, terminal: false })
  try {
    io.stderr.write(question)
    for await (const line of lines) return line
    return ''
  } finally {
    lines.close()
  }
}
