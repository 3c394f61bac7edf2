import { join } from 'node:path'
import { expect, test } from './fixtures'
import { ConsolePage } from './pages/console-page'
import { runCli, startWebHostProcess } from './web-host-process'

test.describe('the inbox of a busy shop (50,000 tickets)', () => {
  test.setTimeout(120_000)

  test('opens at once, draws only what is in view, and goes to the end with the keyboard', async ({
    page,
    dataDir
  }, testInfo) => {
    const dbPath = join(dataDir, 'busy-shop.db')
    // 250 times the demo shop: 50,000 customers, 250,000 orders and 50,000 tickets.
    await runCli(['seed', '--demo', '--scale', '250', '--db', dbPath])
    const host = await startWebHostProcess(dbPath)
    try {
      await page.goto(host.url)
      const app = new ConsolePage(page)
      // The default view leaves out the solved and closed ones (a tenth of the demo shop's).
      await expect(app.inbox).toHaveAttribute('aria-rowcount', /^\d+$/)
      const rowCount = Number(await app.inbox.getAttribute('aria-rowcount'))
      expect(rowCount).toBeGreaterThan(40_000)
      expect(rowCount).toBeLessThanOrEqual(50_001)
      await expect(page.getByRole('region', { name: 'Inbox' })).toContainText(
        `${(rowCount - 1).toLocaleString('en-US')} tickets`
      )
      await expect(app.ticketRows.first()).toBeVisible()
      // Rows outside the viewport are not in the page at all.
      expect(await app.inbox.getByRole('row').count()).toBeLessThan(45)

      await app.ticketRows.first().focus()
      await page.keyboard.press('End')
      const last = app.inbox.locator(`[aria-rowindex="${rowCount}"]`)
      await expect(last).toBeFocused()
      await expect(last.getByRole('gridcell').first()).toContainText(/TKT-\d+/)
      expect(await app.inbox.getByRole('row').count()).toBeLessThan(45)
      await page.keyboard.press('k')
      await expect(app.inbox.locator(`[aria-rowindex="${rowCount - 1}"]`)).toBeFocused()
      await page.keyboard.press('Enter')
      await expect(page.getByRole('region', { name: 'AI draft' })).toBeVisible()

      await app.filter('Priority', 'Urgent').click()
      await expect
        .poll(async () => Number(await app.inbox.getAttribute('aria-rowcount')))
        .toBeLessThan(rowCount)
      await expect(app.ticketRows.first()).toContainText('Urgent')
      const body = await page.screenshot({ path: testInfo.outputPath('inbox-50k.png') })
      await testInfo.attach('inbox with 50,000 tickets', { body, contentType: 'image/png' })
    } finally {
      await host.stop()
    }
  })
})
