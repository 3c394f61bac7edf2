import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanup, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { createCore, type Core, type CoreOptions } from '../../src/main/core/create-core'
import { ensureShopOnFirstRun } from '../../src/main/first-run'
import { openDb, type Db } from '../../src/main/db/connection'
import { serveConsole, type WebHost } from '../../src/main/web/web-host'
import { getApi, setApi } from '../../src/renderer/src/api'
import { resetFrontlineStore } from '../../src/renderer/src/store'
import type { Channel, ChannelInput } from '../../src/shared/contract'

/** Vitest's jsdom environment exposes its JSDOM instance. */
declare const jsdom: { reconfigure(options: { url: string }): void; window: { _origin: string } }

/**
 * "Opens" a URL in the test's page. jsdom's reconfigure moves the document but not the origin its
 * WebSocket sends (it reads the window's), and the host rightly refuses a foreign Origin.
 */
export function openPage(url: string): void {
  jsdom.reconfigure({ url })
  jsdom.window._origin = new URL(url).origin
}

/** What the console asked the core, in order; the api the store uses counts them. */
export interface CallLog {
  calls: { channel: Channel; input: unknown }[]
  count(channel: Channel): number
}

/** The page opens `url` and talks to its host over the real WebSocket bridge; the store starts empty. */
export function connectConsole(url: string, calls: CallLog['calls'] = []): CallLog {
  calls.length = 0
  openPage(url)
  setApi(null)
  const real = getApi()
  setApi({
    invoke: (channel, input) => {
      calls.push({ channel, input })
      return real.invoke(channel, input)
    },
    on: (event, listener) => real.on(event, listener),
    onConnection: real.onConnection
  })
  resetFrontlineStore()
  return { calls, count: (channel) => calls.filter((c) => c.channel === channel).length }
}

/** Asks the core through the page's own bridge, for what a test checks behind the console's back. */
export async function ask<K extends Channel>(channel: K, input: ChannelInput<K>) {
  const result = await getApi().invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value
}

export interface ConsoleHost {
  dataDir: string
  core: Core
  host: WebHost
  /** What the console asked the core, in order. */
  calls: { channel: Channel; input: unknown }[]
  count(channel: Channel): number
  /** The page opens the host's URL and talks to it over the real WebSocket bridge; the store starts empty. */
  openConsole(): void
  close(): Promise<void>
}

/**
 * The renderer against the real thing: a seeded SQLite shop, the core, and the web host's
 * WebSocket bridge. `prepare` may add to the shop before the core opens it.
 */
export async function startConsoleHost(
  options: { prepare?: (db: Db) => void; core?: Partial<CoreOptions> } = {}
): Promise<ConsoleHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontline-renderer-'))
  const dbPath = join(dataDir, 'frontline.db')
  ensureShopOnFirstRun(dbPath)
  if (options.prepare) {
    const db = openDb(dbPath)
    try {
      options.prepare(db)
    } finally {
      db.close()
    }
  }
  const core = createCore({
    dbPath,
    host: 'web',
    env: {},
    // The console's own behaviour is under test: triage and SLA workers (tested in test/main) would
    // add their background reloads to the page counts and timings these tests assert.
    helpDeskWorkers: false,
    ...options.core
  })
  const host = await serveConsole(
    {
      invoke: (channel, input) => core.invokeRaw(channel, input),
      subscribe: (listener) => core.subscribe(listener),
      close: () => core.close()
    },
    { rendererDir: dataDir }
  )
  const calls: ConsoleHost['calls'] = []
  return {
    dataDir,
    core,
    host,
    calls,
    count: (channel) => calls.filter((c) => c.channel === channel).length,
    openConsole() {
      connectConsole(host.url, calls)
    },
    async close() {
      await host.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** jsdom lays nothing out; the inbox's scroll box gets a height, as a window would give it. */
export const LIST_VIEWPORT_PX = 600

export function giveTheInboxAViewport(): () => void {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('inbox-grid__body') ? LIST_VIEWPORT_PX : 0
    }
  })
  return () => {
    if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original)
  }
}

export const ticketRows = (grid: HTMLElement): HTMLElement[] =>
  within(grid)
    .queryAllByRole('row')
    .filter(
      (row) => within(row).queryAllByRole('gridcell').length > 0 && row.getAttribute('aria-busy') !== 'true'
    )

export async function invokeOk<K extends Channel>(core: Core, channel: K, input: ChannelInput<K>) {
  const result = await core.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value
}

/**
 * The hooks a console test file shares: one host for the file, the inbox given a viewport, the
 * page opened on the host with an empty store before each test and emptied after. The object it
 * returns stands for the host from the file's beforeAll on.
 */
export function useConsoleHost(options: Parameters<typeof startConsoleHost>[0] = {}): ConsoleHost {
  let started: ConsoleHost | undefined
  let restoreViewport: () => void = () => undefined
  const current = (): ConsoleHost => {
    if (!started) throw new Error('the console host is not started yet (use it in hooks and tests)')
    return started
  }
  beforeAll(async () => {
    started = await startConsoleHost(options)
    restoreViewport = giveTheInboxAViewport()
  }, 60_000)
  afterAll(async () => {
    restoreViewport()
    await current().close()
  })
  beforeEach(() => current().openConsole())
  afterEach(() => cleanup())
  return {
    get dataDir() {
      return current().dataDir
    },
    get core() {
      return current().core
    },
    get host() {
      return current().host
    },
    get calls() {
      return current().calls
    },
    count: (channel) => current().count(channel),
    openConsole: () => current().openConsole(),
    close: () => current().close()
  }
}
