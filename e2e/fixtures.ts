import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'
import { startMockOpenAi, type MockOpenAiServer } from '../src/main/bench/mock-openai-server'
import Database from 'better-sqlite3'
import { TRIAGE_SETTING } from '../src/main/triage/triage-settings'
import { ConsolePage } from './pages/console-page'
import { runCli, startWebHostProcess, type RunningWebHost } from './web-host-process'

interface Fixtures {
  /** A fresh folder for this test only, deleted after it. */
  dataDir: string
  /** The demo shop's database inside dataDir, seeded by the real CLI. */
  dbPath: string
  /** The console served by `frontline web` over that database, opened in the page. */
  frontline: ConsolePage
}

export const test = base.extend<Fixtures>({
  // Playwright fixtures take a destructuring pattern even when they need nothing.
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'frontline-e2e-'))
    await use(dir)
    rmSync(dir, { recursive: true, force: true })
  },
  dbPath: async ({ dataDir }, use) => {
    const dbPath = join(dataDir, 'frontline.db')
    await runCli(['seed', '--demo', '--db', dbPath])
    await use(dbPath)
  },
  frontline: async ({ page, dbPath }, use) => {
    const host = await startWebHostProcess(dbPath)
    try {
      await page.goto(host.url)
      await use(new ConsolePage(page))
    } finally {
      await host.stop()
    }
  }
})

/** The current test's mock provider and the web host pointed at it. */
export interface HostOverMockProvider {
  readonly provider: MockOpenAiServer
  readonly host: RunningWebHost
}

/**
 * The provider's calls are the ones the test makes: triage reads tickets by its rules, where with a
 * real model it would ask it about the newest tickets on its own (tested in test/main).
 */
export function triageByRules(dbPath: string): void {
  const db = new Database(dbPath)
  try {
    db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(
      TRIAGE_SETTING,
      JSON.stringify({ mode: 'rules', model: null })
    )
  } finally {
    db.close()
  }
}

/**
 * Before each test of the file, a real OpenAI-compatible server over HTTP and `frontline web` over the
 * test's database with FRONTLINE_BASE_URL pointing at it (`env` adds to that: the model, a key); after
 * each, both stopped. The object it returns holds the running test's pair.
 */
export function useHostOverMockProvider(env: Record<string, string>): HostOverMockProvider {
  let running: { provider: MockOpenAiServer; host: RunningWebHost } | undefined
  const current = (): { provider: MockOpenAiServer; host: RunningWebHost } => {
    if (!running) throw new Error('the web host and its mock provider start before each test')
    return running
  }
  test.beforeEach(async ({ dbPath }) => {
    triageByRules(dbPath)
    const provider = await startMockOpenAi()
    const host = await startWebHostProcess(dbPath, { FRONTLINE_BASE_URL: provider.baseURL, ...env })
    running = { provider, host }
  })
  test.afterEach(async () => {
    const { provider, host } = current()
    running = undefined
    await host.stop()
    await provider.close()
  })
  return {
    get provider() {
      return current().provider
    },
    get host() {
      return current().host
    }
  }
}

export { expect } from '@playwright/test'
