import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOPIFY_ORDER_COLUMNS } from '../src/main/bench/shopify-orders-csv'
import Database from 'better-sqlite3'
import { csvText, shopifyKettleOrder } from '../test/support/shop-exports'
import { expect, test } from './fixtures'
import { startWebHostProcess, type RunningWebHost } from './web-host-process'

/** A Shopify orders export with one bad row, as a shop would download it (BOM, Windows line ends). */
const ordersExport = (): Buffer =>
  Buffer.from(
    csvText(
      SHOPIFY_ORDER_COLUMNS,
      [
        shopifyKettleOrder('#1001', fulfilled),
        shopifyKettleOrder('#1002', { ...fulfilled, Email: '' }),
        shopifyKettleOrder('#1003', { ...fulfilled, Email: 'alan@example.com' })
      ],
      { bom: true, crlf: true }
    )
  )
const fulfilled = {
  'Fulfillment Status': 'fulfilled',
  'Fulfilled at': '2026-11-04 16:00:00 +0100',
  'Shipping Address1': '1 Harbour Road, Flat 2'
}

test.describe('bringing your own shop (web host)', () => {
  let dataDir: string
  let host: RunningWebHost
  test.beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'frontline-e2e-import-'))
    const dbPath = join(dataDir, 'frontline.db')
    // A database file with nothing in it: the host brings its schema up to date when it opens it.
    new Database(dbPath).close()
    host = await startWebHostProcess(dbPath)
  })
  test.afterEach(async () => {
    await host.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('an empty shop opens on the first-run choice; importing a Shopify export from the file picker fills it', async ({
    page
  }) => {
    await page.goto(host.url)
    const welcome = page.getByRole('main', { name: 'Welcome to Frontline' })
    await expect(welcome.getByRole('button', { name: 'Start with the demo shop' })).toBeVisible()
    await welcome.getByRole('button', { name: 'Import my shop' }).click()

    const form = page.getByRole('form', { name: 'Import my shop' })
    await form.getByLabel('Exported from').selectOption('shopify')
    await form
      .getByLabel('Export files')
      .setInputFiles({ name: 'orders_export.csv', mimeType: 'text/csv', buffer: ordersExport() })
    await form.getByRole('button', { name: 'Import' }).click()

    await expect(page.getByRole('status')).toHaveText('Imported 3 rows')
    await expect(
      page.getByRole('table', { name: 'What the import changed' }).getByRole('row', { name: /Orders/ })
    ).toContainText('2')
    const refused = page.getByRole('table', { name: /1 row was refused/ })
    await expect(refused.getByRole('row').nth(1)).toContainText('orders_export.csv3Email')

    await page.getByRole('button', { name: 'Open the console' }).click()
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click()
    const shopData = page.getByRole('region', { name: 'Shop data' })
    await expect(shopData).toContainText('2 customers, 1 products, 2 orders, 0 tickets')
    await expect(shopData).toContainText('#NNNN')
  })
})
