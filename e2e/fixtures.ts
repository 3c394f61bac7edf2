import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'
import { ConsolePage } from './pages/console-page'
import { runCli, startWebHostProcess } from './web-host-process'

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

export { expect } from '@playwright/test'
