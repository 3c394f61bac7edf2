import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanup } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { createCore, type Core, type CoreOptions } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import { ensureShopOnFirstRun } from '../../src/main/first-run'
import { serveConsole, type WebHost } from '../../src/main/web/web-host'
import { getApi, setApi } from '../../src/renderer/src/api'
import { resetFrontlineStore } from '../../src/renderer/src/store'
import type { Channel, FrontlineApi } from '../../src/shared/contract'
import type { SeedSummary } from '../../src/main/db/fixtures/seed-demo-shop'

/** Vitest's jsdom environment exposes its JSDOM instance. */
declare const jsdom: { reconfigure(options: { url: string }): void; window: { _origin: string } }

/**
 * The views under test talk to the real thing: the seeded demo shop in SQLite, the core, and the
 * web host's WebSocket bridge, exactly as in a browser (the page "opens" the host's URL with its
 * token). `calls` records every channel the renderer asked for.
 */
export interface LiveCore {
  core: Core
  host: WebHost
  shop: SeedSummary
  dataDir: string
  calls: Channel[]
  /** Points the renderer at the host again (call before each test). */
  connect(): void
  close(): Promise<void>
}

export interface LiveCoreShop {
  /** Leave the database empty, as on a first run before the person chose the demo shop or an import. */
  empty?: boolean
}

export async function startLiveCore(
  options: Partial<CoreOptions> = {},
  { empty = false }: LiveCoreShop = {}
): Promise<LiveCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontline-renderer-'))
  const dbPath = join(dataDir, 'frontline.db')
  if (empty) openDb(dbPath).close()
  const seeded = empty ? null : ensureShopOnFirstRun(dbPath)
  if (!empty && !seeded) throw new Error('the demo shop was not created')
  const core = createCore({
    dbPath,
    host: 'web',
    env: {},
    // The console's own behaviour is under test: triage and SLA workers (tested in test/main) would
    // add their background reloads to the page counts and timings these tests assert.
    helpDeskWorkers: false,
    ...options
  })
  const host = await serveConsole(
    {
      invoke: (channel, input) => core.invokeRaw(channel, input),
      subscribe: (listener) => core.subscribe(listener),
      close: () => core.close()
    },
    { rendererDir: dataDir }
  )
  const calls: Channel[] = []
  const counting = (real: FrontlineApi): FrontlineApi => ({
    invoke: (channel, input) => {
      calls.push(channel)
      return real.invoke(channel, input)
    },
    on: (event, listener) => real.on(event, listener),
    onConnection: real.onConnection
  })
  return {
    core,
    host,
    get shop(): SeedSummary {
      if (!seeded) throw new Error('this live core started with an empty shop')
      return seeded
    },
    dataDir,
    calls,
    connect() {
      // jsdom's reconfigure moves the document but not the Origin its WebSocket sends.
      jsdom.reconfigure({ url: host.url })
      jsdom.window._origin = new URL(host.url).origin
      setApi(null)
      setApi(counting(getApi()))
      calls.length = 0
    },
    async close() {
      await host.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/**
 * The hooks a view test file shares: one live core for the whole file (`seed` runs once it is up),
 * the renderer pointed at it with an empty store before each test, the page emptied after each. The
 * core it returns answers from the file's beforeAll on.
 */
export function useLiveCore(
  seed?: (live: LiveCore) => void | Promise<void>,
  shop: LiveCoreShop = {}
): LiveCore {
  let started: LiveCore | undefined
  const current = (): LiveCore => {
    if (!started) throw new Error('the live core is not started yet (use it in hooks and tests)')
    return started
  }
  beforeAll(async () => {
    started = await startLiveCore({}, shop)
    await seed?.(started)
  })
  afterAll(async () => {
    await current().close()
  })
  beforeEach(() => {
    current().connect()
    resetFrontlineStore()
  })
  afterEach(() => cleanup())
  return {
    get core() {
      return current().core
    },
    get host() {
      return current().host
    },
    get shop() {
      return current().shop
    },
    get dataDir() {
      return current().dataDir
    },
    get calls() {
      return current().calls
    },
    connect: () => current().connect(),
    close: () => current().close()
  }
}

/**
 * Proposes with a mutating tool on recently delivered demo-shop orders, through the console's
 * tools.run channel, each tied to a ticket of the order's customer, until `count` new actions await
 * approval; returns their ids, oldest first. Drafting with the agent is not an option here: under
 * jsdom the openai SDK rightly refuses to run (it takes the page for a browser).
 */
async function proposeOnRecentOrders(
  core: Core,
  count: number,
  tool: string,
  args: (orderId: string) => Record<string, unknown>
): Promise<string[]> {
  const candidates = core.context.db
    .prepare(
      `SELECT o.id AS orderId, MIN(t.id) AS ticketId FROM orders o JOIN tickets t ON t.customer_id = o.customer_id
       WHERE o.status = 'delivered' AND o.delivered_at >= ? GROUP BY o.id ORDER BY o.delivered_at DESC`
    )
    .all(new Date(Date.now() - 25 * 86_400_000).toISOString()) as { orderId: string; ticketId: string }[]
  const proposed: string[] = []
  for (const { orderId, ticketId } of candidates) {
    const result = await core.invoke('tools.run', { name: tool, arguments: args(orderId), ticketId })
    if (result.ok && result.value.ok) {
      proposed.push((result.value.value as { action_id: string }).action_id)
      if (proposed.length === count) return proposed
    }
  }
  throw new Error(`the demo shop did not yield ${count} ${tool} proposals`)
}

/** Returns of whole orders, as process_return proposes them. */
export const proposeReturns = (core: Core, count: number): Promise<string[]> =>
  proposeOnRecentOrders(core, count, 'process_return', (orderId) => ({
    order_id: orderId,
    reason: 'damaged',
    note: 'Customer wrote: it arrived broken.'
  }))

/** One refund of an amount (or goodwill credit), as issue_refund proposes it. */
export const proposeRefund = async (
  core: Core,
  args: { amount: number; type?: 'refund' | 'goodwill_credit'; reason: string; note?: string }
): Promise<string> =>
  (await proposeOnRecentOrders(core, 1, 'issue_refund', (orderId) => ({ order_id: orderId, ...args })))[0]!
