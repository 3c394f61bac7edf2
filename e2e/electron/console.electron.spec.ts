import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron, expect, test } from '@playwright/test'
import { findTheOrderATicketAsksAbout } from '../console-journey'
import { ConsolePage } from '../pages/console-page'
import { builtShell, repoRoot } from '../paths'
import { electronExecutable } from './electron-runtime'

const electron = electronExecutable()

test.describe('the console in the desktop window (Electron)', () => {
  test.skip(
    electron === null,
    "Electron's runtime is not installed here (its binary download was skipped), so the desktop window " +
      'cannot start; the same console is covered in Chromium by e2e/console.spec.ts.'
  )

  // eslint-disable-next-line no-empty-pattern -- Playwright needs the pattern; this spec uses no fixture.
  test('opens on the first-run choice, starts the demo shop, a ticket, and the order it asks about', async ({}, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'frontline-e2e-electron-'))
    const app = await _electron.launch({
      executablePath: electron ?? undefined,
      args: [builtShell],
      cwd: repoRoot,
      env: { ...process.env, FRONTLINE_DATA_DIR: dataDir, FRONTLINE_API_KEY: '' }
    })
    try {
      const page = await app.firstWindow()
      // The first run asks where to work; this computer is the default.
      const choice = page.getByRole('form', { name: 'Where this console works' })
      await choice.getByRole('button', { name: 'Continue' }).click()
      // A new data folder: the console asks what to start with.
      await page.getByRole('button', { name: 'Start with the demo shop' }).click()
      await findTheOrderATicketAsksAbout(new ConsolePage(page), testInfo)
      await expect(page.getByText(/^Desktop · v/)).toBeVisible()
      // Sandboxed and isolated: the page has the contract bridge, and no Node.
      expect(
        await page.evaluate('typeof require + " " + typeof process + " " + typeof window.frontline')
      ).toBe('undefined undefined object')
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
