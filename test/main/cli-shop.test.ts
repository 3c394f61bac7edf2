import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/run'
import { openDb } from '../../src/main/db/connection'
import { countShop, seedDemoShop } from '../../src/main/db/fixtures/seed-demo-shop'
import { loadOrderIdFormat, saveOrderIdFormat } from '../../src/main/shop/shop-settings'
import { Capture, cli } from '../support/cli-runner'
import { SHOPIFY_ORDER_COLUMNS, shopifyKettleOrder, writeCsv } from '../support/shop-exports'

let dir: string
let previousDataDir: string | undefined
beforeAll(() => {
  previousDataDir = process.env.FRONTLINE_DATA_DIR
})
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-cli-shop-'))
  process.env.FRONTLINE_DATA_DIR = join(dir, 'data')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))
afterAll(() => {
  if (previousDataDir === undefined) delete process.env.FRONTLINE_DATA_DIR
  else process.env.FRONTLINE_DATA_DIR = previousDataDir
})

const ordersFile = () =>
  writeCsv(join(dir, 'orders_export.csv'), SHOPIFY_ORDER_COLUMNS, [
    shopifyKettleOrder('#1001'),
    shopifyKettleOrder('#1002', { 'Lineitem quantity': '-1' }),
    shopifyKettleOrder('#1003', { Email: 'not-an-email' })
  ])

describe('frontline import', () => {
  it('imports into a new database, prints the summary, and reports refused rows with file, line and column', async () => {
    const dbPath = join(dir, 'shop.db')
    const report = join(dir, 'refused.csv')
    const run = await cli('import', 'shopify', ordersFile(), '--db', dbPath, '--refused-report', report)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^Imported 3 rows into .*shop\.db/m)
    expect(run.stdout).toMatch(/orders\s+1 created, 0 updated, 0 unchanged/)
    expect(run.stdout).toMatch(/refused\s+2 rows/)
    expect(run.stdout).toContain('Order ids look like #NNNN (e.g. #1001).')
    expect(run.stderr).toContain('refused: orders_export.csv:3 [Lineitem quantity] "-1" is not a quantity')
    expect(run.stderr).toContain(
      'refused: orders_export.csv:4 [Email] "not-an-email" is not an email address'
    )
    expect(readFileSync(report, 'utf8').split('\n')).toEqual([
      'file,line,column,why',
      'orders_export.csv,3,Lineitem quantity,"""-1"" is not a quantity (a whole number from 1)"',
      'orders_export.csv,4,Email,"""not-an-email"" is not an email address"',
      ''
    ])
    const db = openDb(dbPath)
    expect(countShop(db)).toEqual({ customers: 1, products: 1, orders: 1, tickets: 0 })
    db.close()
  })

  it('--dry-run counts and writes nothing; --json prints the report', async () => {
    const dbPath = join(dir, 'shop.db')
    const run = await cli('import', 'shopify', ordersFile(), '--db', dbPath, '--dry-run', '--json')
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout) as { dryRun: boolean; orders: { created: number }; refused: number }
    expect(report).toMatchObject({ dryRun: true, orders: { created: 1 }, refused: 2 })
    const db = openDb(dbPath)
    expect(countShop(db).orders).toBe(0)
    db.close()
  })

  it('answers a wrong command line with exit 2 and the field at fault', async () => {
    const file = ordersFile()
    const platform = await cli('import', 'magento', file)
    expect(platform.code).toBe(2)
    expect(platform.stderr).toContain('PLATFORM: expected shopify, woocommerce or jsonl, got "magento"')
    const none = await cli('import', 'shopify')
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('FILES: give at least one export file')
    const missing = await cli('import', 'shopify', join(dir, 'nope.csv'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('FILES: no file')
    const currency = await cli('import', 'shopify', file, '--currency', 'euro')
    expect(currency.code).toBe(2)
    expect(currency.stderr).toContain('--currency: expected a three-letter currency code')
  })

  it('without --db imports into the per-user database, created empty (never with the demo shop)', async () => {
    const run = await cli('import', 'shopify', ordersFile())
    expect(run.code).toBe(0)
    const db = openDb(join(dir, 'data', 'frontline.db'))
    expect(countShop(db)).toEqual({ customers: 1, products: 1, orders: 1, tickets: 0 })
    db.close()
  })
})

/** `frontline …` with a stdin that answers `answer`, as a person at a terminal would. */
async function cliAtTerminal(answer: string, ...argv: string[]) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true })
  stdin.end(`${answer}\n`)
  const stdout = new Capture()
  const stderr = new Capture()
  const code = await runCli(argv, { stdout, stderr, stdin })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

describe('frontline shop', () => {
  const demoDb = () => {
    const dbPath = join(dir, 'shop.db')
    const db = openDb(dbPath)
    seedDemoShop(db, { anchor: '2026-11-20T12:00:00Z' })
    db.prepare(
      `INSERT INTO chat_sessions (id, ticket_id, customer_id, claimed_customer_id, state, created_at, updated_at)
       SELECT 'CHS-1', id, customer_id, customer_id, 'open', 'now', 'now' FROM tickets WHERE customer_id IS NOT NULL LIMIT 1`
    ).run()
    db.prepare(
      `INSERT INTO llm_calls (provider, model, tokens_in, tokens_out, cost_micro_usd, latency_ms, outcome, created_at)
       VALUES ('openai', 'gpt-4.1', 10, 20, 1234, 300, 'ok', 'now')`
    ).run()
    db.prepare(
      `INSERT INTO channel_keys (id, name, key_hash, key_prefix, created_at) VALUES ('CHK-1', 'site', 'h', 'p', 'now')`
    ).run()
    saveOrderIdFormat(db, { kind: 'numbered', prefix: '#', minDigits: 4, maxDigits: 4, examples: [] })
    db.close()
    return dbPath
  }

  it('reset --empty asks on a terminal, and "no" changes nothing', async () => {
    const dbPath = demoDb()
    const run = await cliAtTerminal('no', 'shop', 'reset', '--empty', '--db', dbPath)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /This deletes the shop in .*: 200 customers, 120 products, 1,000 orders and 200 tickets/
    )
    expect(run.stderr).toContain('Nothing was changed.')
    const db = openDb(dbPath)
    expect(countShop(db).orders).toBe(1000)
    db.close()
  })

  it('reset --empty deletes the shop and its support history, and keeps the ledger, settings and keys', async () => {
    const dbPath = demoDb()
    const run = await cliAtTerminal('yes', 'shop', 'reset', '--empty', '--db', dbPath)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Removed 200 customers, 120 products, 1,000 orders and 200 tickets')
    const db = openDb(dbPath)
    expect(countShop(db)).toEqual({ customers: 0, products: 0, orders: 0, tickets: 0 })
    for (const table of ['drafts', 'actions', 'returns', 'refunds', 'chat_sessions', 'messages'])
      expect(db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get()).toBe(0)
    expect(db.prepare('SELECT COUNT(*) FROM llm_calls').pluck().get()).toBe(1)
    expect(db.prepare('SELECT COUNT(*) FROM channel_keys').pluck().get()).toBe(1)
    expect(loadOrderIdFormat(db)).toEqual({ kind: 'demo' })
    expect(db.pragma('foreign_key_check')).toEqual([])
    db.close()
  })

  it('reset needs --yes when not asked on a terminal, and says what it keeps in its help', async () => {
    const dbPath = demoDb()
    const run = await cli('shop', 'reset', '--demo', '--db', dbPath)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('add --yes to confirm the reset')
    const neither = await cli('shop', 'reset', '--yes', '--db', dbPath)
    expect(neither.code).toBe(2)
    const help = await cli('help', 'shop')
    expect(help.stdout).toMatch(/It keeps settings .*usage ledger/s)
    const forced = await cli('shop', 'reset', '--demo', '--yes', '--db', dbPath)
    expect(forced.code).toBe(0)
    expect(forced.stdout).toContain('Created the demo shop: 200 customers')
  })

  it('order-ids shows the format and sets it', async () => {
    const dbPath = join(dir, 'shop.db')
    openDb(dbPath).close()
    expect((await cli('shop', 'order-ids', '--db', dbPath)).stdout).toContain(
      'Order ids look like ORD-YYYYMMDD-XXXX'
    )
    const set = await cli('shop', 'order-ids', '--prefix', '#', '--digits', '4-5', '--db', dbPath)
    expect(set.code).toBe(0)
    expect(set.stdout).toContain('Order ids look like #NNNN to #NNNNN')
    const bad = await cli('shop', 'order-ids', '--prefix', '#', '--digits', 'four', '--db', dbPath)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--digits: expected a number of digits')
    const show = await cli('shop', 'show', '--json', '--db', dbPath)
    expect(JSON.parse(show.stdout)).toMatchObject({
      orders: 0,
      orderIdFormat: { pattern: '#NNNN to #NNNNN' }
    })
    expect(existsSync(dbPath)).toBe(true)
  })
})
