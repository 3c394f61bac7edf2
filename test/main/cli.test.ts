import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openDb } from '../../src/main/db/connection'
import { countShop } from '../../src/main/db/fixtures/seed-demo-shop'
import { defaultDataDir, defaultDbPath } from '../../src/main/paths'
import { cli } from '../support/cli-runner'
import { builtAppProblem } from '../support/built-app'
import { BIN, runFrontline, startFrontline } from '../support/spawn-cli'

const ANCHOR = '2025-06-15T12:00:00Z'

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/)

let dir: string
let previousDataDir: string | undefined
beforeAll(() => {
  previousDataDir = process.env.FRONTLINE_DATA_DIR
})
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-cli-'))
  // Commands without --db must never touch the real per-user folder during tests.
  process.env.FRONTLINE_DATA_DIR = join(dir, 'data')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))
afterAll(() => {
  if (previousDataDir === undefined) delete process.env.FRONTLINE_DATA_DIR
  else process.env.FRONTLINE_DATA_DIR = previousDataDir
})

function firstOrderId(dbPath: string, status: string): string {
  const db = openDb(dbPath)
  try {
    return db
      .prepare('SELECT id FROM orders WHERE status = ? ORDER BY id LIMIT 1')
      .pluck()
      .get(status) as string
  } finally {
    db.close()
  }
}

describe('frontline help', () => {
  it('lists the commands, and shows one command on request', async () => {
    const help = await cli('help')
    expect(help.code).toBe(0)
    for (const name of ['seed', 'tool', 'web']) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'))
    expect((await cli('--help')).stdout).toBe(help.stdout)

    const seedHelp = await cli('seed', '--help')
    expect(seedHelp.code).toBe(0)
    expect(seedHelp.stdout).toContain('Usage: frontline seed --demo')
    expect((await cli('help', 'tool')).stdout).toContain('Usage: frontline tool NAME')
  })

  it('answers no command or an unknown one with the help and exit 2', async () => {
    const none = await cli()
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Usage: frontline <command>')
    const unknown = await cli('sede', '--demo')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Unknown command "sede"')
    noStackTrace(unknown.stderr)
  })
})

describe('frontline seed', () => {
  it('creates the demo shop, refuses to overwrite it, and replaces it with --force', async () => {
    const dbPath = join(dir, 'nested', 'shop.db')
    const seeded = await cli('seed', '--demo', '--db', dbPath, '--anchor', ANCHOR, '--json')
    expect(seeded.code).toBe(0)
    const summary = JSON.parse(seeded.stdout) as {
      orders: number
      tickets: number
      anchor: string
      dbPath: string
    }
    expect(summary).toMatchObject({ orders: 1000, tickets: 200, anchor: '2025-06-15T12:00:00.000Z', dbPath })
    const before = firstOrderId(dbPath, 'shipped')

    const again = await cli('seed', '--demo', '--db', dbPath)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already holds a shop (200 customers, 1000 orders, 200 tickets)')
    expect(again.stderr).toContain('--force')
    expect(firstOrderId(dbPath, 'shipped')).toBe(before)

    const forced = await cli('seed', '--demo', '--db', dbPath, '--force', '--seed', '9', '--anchor', ANCHOR)
    expect(forced.code).toBe(0)
    expect(forced.stdout).toMatch(/Seeded the demo shop into .*shop\.db/)
    expect(forced.stdout).toContain('1,000 orders')
    expect(firstOrderId(dbPath, 'shipped')).not.toBe(before)
    const db = openDb(dbPath)
    expect(countShop(db)).toEqual({ customers: 200, products: 120, orders: 1000, tickets: 200 })
    db.close()
  })

  it('rejects bad options with exit 2, naming the option, before touching the database', async () => {
    const dbPath = join(dir, 'shop.db')
    const cases: [string[], RegExp][] = [
      [['seed', '--db', dbPath], /--demo: required/],
      [['seed', '--demo', '--db', dbPath, '--scale', '0'], /--scale: Too small/],
      [['seed', '--demo', '--db', dbPath, '--scale', 'lots'], /--scale: expected a number/],
      [['seed', '--demo', '--db', dbPath, '--seed', '-3'], /'--seed'/],
      [['seed', '--demo', '--db', dbPath, '--seed', '1.5'], /--seed: expected a whole number/],
      [['seed', '--demo', '--db', dbPath, '--anchor', 'yesterday'], /--anchor: expected an ISO date-time/],
      [['seed', '--demo', '--db', dbPath, '--colour', 'red'], /Unknown option '--colour'/],
      [['seed', '--demo', 'extra', '--db', dbPath], /Unexpected argument 'extra'|unexpected argument/i],
      [['seed', '--demo', '--db'], /--db/]
    ]
    for (const [argv, problem] of cases) {
      const result = await cli(...argv)
      expect(result.code, argv.join(' ')).toBe(2)
      expect(result.stderr, argv.join(' ')).toMatch(problem)
      expect(result.stderr).toContain('Usage: frontline seed')
      noStackTrace(result.stderr)
    }
    expect(existsSync(dbPath)).toBe(false)
  })
})

describe('frontline tool', () => {
  let dbPath: string
  beforeEach(async () => {
    dbPath = join(dir, 'shop.db')
    expect((await cli('seed', '--demo', '--db', dbPath, '--anchor', ANCHOR)).code).toBe(0)
  })

  it('runs a tool through the core and prints its JSON result', async () => {
    const orderId = firstOrderId(dbPath, 'shipped')
    const result = await cli(
      'tool',
      'get_order_status',
      JSON.stringify({ order_id: orderId }),
      '--db',
      dbPath
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const value = JSON.parse(result.stdout) as Record<string, unknown>
    expect(JSON.stringify(value)).toContain(orderId)
    expect(JSON.stringify(value)).toMatch(/shipped/)
    expect(result.stdout).toContain('\n  ')
  })

  it('accepts an id typed the way customers type it', async () => {
    const orderId = firstOrderId(dbPath, 'delivered')
    const result = await cli(
      'tool',
      'get_order_status',
      `{"order_id":"${orderId.toLowerCase()}"}`,
      '--db',
      dbPath
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(orderId)
  })

  it('runs for a ticket, and refuses a ticket that does not exist', async () => {
    const db = openDb(dbPath)
    const ticketId = db.prepare('SELECT id FROM tickets ORDER BY id LIMIT 1').pluck().get() as string
    db.close()
    const forTicket = await cli(
      'tool',
      'search_products',
      '{"query":"boots"}',
      '--db',
      dbPath,
      '--ticket',
      ticketId
    )
    expect(forTicket.code).toBe(0)

    const noTicket = await cli(
      'tool',
      'search_products',
      '{"query":"boots"}',
      '--db',
      dbPath,
      '--ticket',
      'TKT-999999'
    )
    expect(noTicket.code).toBe(1)
    expect(JSON.parse(noTicket.stdout)).toMatchObject({ error: { code: 'not_found', field: 'ticket' } })
  })

  it('lists the tools', async () => {
    const result = await cli('tool', 'list', '--db', dbPath)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^get_order_status\s/m)
  })

  it('exits 1 with the structured error when the tool refuses', async () => {
    const missing = await cli('tool', 'get_order_status', '{"order_id":"ORD-20250101-ZZZZ"}', '--db', dbPath)
    expect(missing.code).toBe(1)
    const { error } = JSON.parse(missing.stdout) as { error: { code: string; message: string } }
    expect(error.code).toBeTruthy()
    expect(error.message).toMatch(/ORD-20250101-ZZZZ|order/i)

    const unknown = await cli('tool', 'refund_everything', '{}', '--db', dbPath)
    expect(unknown.code).toBe(1)
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'unknown_tool', field: 'name' } })

    const badArgs = await cli('tool', 'get_order_status', '{"order_id": 42}', '--db', dbPath)
    expect(badArgs.code).toBe(1)
    expect(JSON.parse(badArgs.stdout)).toMatchObject({
      error: { code: 'invalid_arguments', field: 'order_id' }
    })
  })

  it('treats bad JSON, unknown options and stray arguments as usage errors (exit 2)', async () => {
    const badJson = await cli('tool', 'get_order_status', "{order_id: 'ORD'}", '--db', dbPath)
    expect(badJson.code).toBe(2)
    expect(badJson.stderr).toMatch(/^frontline tool: JSON: not valid JSON/)
    expect(badJson.stderr).toContain('Usage: frontline tool NAME')
    noStackTrace(badJson.stderr)

    const unknownOption = await cli('tool', 'get_order_status', '{}', '--db', dbPath, '--verbose')
    expect(unknownOption.code).toBe(2)
    expect(unknownOption.stderr).toContain("Unknown option '--verbose'")

    const stray = await cli('tool', 'get_order_status', '{}', 'more', '--db', dbPath)
    expect(stray.code).toBe(2)
    expect(stray.stderr).toContain('unexpected argument "more"')

    const noName = await cli('tool', '--db', dbPath)
    expect(noName.code).toBe(2)
    expect(noName.stderr).toContain('NAME: required')
  })

  it('refuses a --db that does not exist instead of creating an empty shop', async () => {
    const nowhere = join(dir, 'typo.db')
    const result = await cli('tool', 'get_order_status', '{"order_id":"ORD-20250101-AAAA"}', '--db', nowhere)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`No database at ${nowhere}`)
    expect(existsSync(nowhere)).toBe(false)
  })
})

describe('the per-user database', () => {
  it('is created with the demo shop on first use when --db is omitted', async () => {
    const result = await cli('tool', 'search_products', '{"query":"hiking boots"}')
    expect(result.code).toBe(0)
    expect(defaultDbPath()).toBe(join(dir, 'data', 'frontline.db'))
    const db = openDb(defaultDbPath())
    expect(countShop(db).orders).toBe(1000)
    db.close()
  })

  it('lives where each platform keeps application data', () => {
    const home = '/home/ada'
    expect(defaultDataDir({ env: {}, platform: 'linux', home })).toBe('/home/ada/.local/share/frontline')
    expect(defaultDataDir({ env: { XDG_DATA_HOME: '/data/xdg' }, platform: 'linux', home })).toBe(
      '/data/xdg/frontline'
    )
    expect(defaultDataDir({ env: { XDG_DATA_HOME: 'relative' }, platform: 'linux', home })).toBe(
      '/home/ada/.local/share/frontline'
    )
    expect(defaultDataDir({ env: {}, platform: 'darwin', home: '/Users/ada' })).toBe(
      '/Users/ada/Library/Application Support/Frontline'
    )
    expect(
      defaultDataDir({
        env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\ada'
      })
    ).toBe('C:\\Users\\ada\\AppData\\Roaming\\Frontline')
    expect(defaultDbPath({ env: {}, platform: 'win32', home: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Frontline\\frontline.db'
    )
    expect(defaultDataDir({ env: { FRONTLINE_DATA_DIR: '/srv/frontline' }, platform: 'darwin', home })).toBe(
      '/srv/frontline'
    )
  })
})

describe('the built bin', () => {
  const problem = builtAppProblem()
  it.skipIf(problem !== null)(
    `node bin/frontline.js seeds, runs a tool and serves the console${problem ? ` (skipped: ${problem})` : ''}`,
    async () => {
      const dbPath = join(dir, 'built.db')
      const run = (...args: string[]) => runFrontline(args, { entry: BIN })

      const seeded = await run('seed', '--demo', '--db', dbPath, '--anchor', ANCHOR)
      expect(seeded.code, seeded.stderr).toBe(0)
      const orderId = firstOrderId(dbPath, 'paid')
      const tool = await run(
        'tool',
        'get_order_status',
        JSON.stringify({ order_id: orderId }),
        '--db',
        dbPath
      )
      expect(tool.code, tool.stderr).toBe(0)
      expect(tool.stdout).toContain(orderId)
      const usage = await run('tool', 'get_order_status', '{nope', '--db', dbPath)
      expect(usage.code).toBe(2)
      noStackTrace(usage.stderr)

      const web = startFrontline(['web', '--db', dbPath, '--port', '0'], { entry: BIN })
      const [line] = await web.waitFor(/^Frontline console: .*$/m, 20_000)
      expect(line).toMatch(/^Frontline console: http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+$/)
      const page = await fetch(line.replace('Frontline console: ', '').replace(/#.*/, ''))
      expect(page.status).toBe(200)
      expect((await web.stop('SIGTERM')).code).toBe(0)
    }
  )
})
