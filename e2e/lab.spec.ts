import { readFile } from 'node:fs/promises'
import Database from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import { startMockOpenAi } from '../src/main/bench/mock-openai-server'
import { goTo, snapshot } from './console-views'
import { expect, test } from './fixtures'
import { ConsolePage } from './pages/console-page'
import { startWebHostProcess } from './web-host-process'

const count = (dbPath: string, sql: string): number => {
  const db = new Database(dbPath, { readonly: true })
  try {
    return db.prepare(sql).pluck().get() as number
  } finally {
    db.close()
  }
}

test.describe('the Lab in the browser (web host, demo shop)', () => {
  test('replays answered tickets with the demo model and an edited prompt, exports them, and saves the prompt', async ({
    frontline: app,
    page,
    dbPath
  }, testInfo) => {
    const sentBefore = count(dbPath, 'SELECT COUNT(*) FROM messages')
    const draftsBefore = count(dbPath, 'SELECT COUNT(*) FROM drafts')
    await goTo(app, 'Lab')
    await expect(page.getByTestId('lab-candidates-total')).toHaveText(/^[1-9]\d* answered tickets match\.$/)
    await expect(page.getByTestId('shop-prompt')).toContainText('You are a customer-support agent')

    await page.getByLabel('How many').fill('3')
    const prompt = page.getByLabel('Instructions')
    await prompt.fill('You are the Lab shop’s voice. Be brief and kind.')
    await expect(page.getByText('Edited: the replay tries these instead of the shop’s prompt.')).toBeVisible()
    await page.getByRole('button', { name: 'Start replay' }).click()

    await expect(page.getByRole('progressbar', { name: 'Replay progress' })).toBeVisible()
    await expect(page.getByTestId('lab-status')).toHaveText('Done: 3 of 3 tickets replayed', {
      timeout: 30_000
    })
    const results = page.getByRole('list', { name: 'Tickets replayed' })
    await expect(results.getByRole('listitem')).toHaveCount(3)
    const first = results.getByRole('listitem').first()
    await expect(first).toContainText('Sent (by a person)')
    await expect(first).toContainText('New draft (frontline-demo)')
    await expect(page.getByTestId('lab-per-thousand')).toContainText('$0.00 with frontline-demo')
    await expect(page.getByTestId('lab-agreement')).toHaveText(/^\d of 3 \(\d+%\)$/)
    await snapshot(app, testInfo, 'lab')

    const downloading = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export CSV' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^frontline-replay-\d{4}-\d{2}-\d{2}-.+\.csv$/)
    const rows = parse(await readFile((await download.path())!, 'utf8'), { columns: true }) as Record<
      string,
      string
    >[]
    expect(rows).toHaveLength(3)
    expect(rows.every((row) => row.new_model === 'demo/frontline-demo' && row.item_status === 'done')).toBe(
      true
    )

    await page.getByRole('button', { name: 'Save this prompt as the shop’s' }).click()
    await expect(page.getByTestId('shop-prompt')).toHaveText(
      'You are the Lab shop’s voice. Be brief and kind.'
    )
    const history = page.getByRole('list', { name: 'Prompt history' })
    await expect(history.getByRole('listitem')).toHaveCount(1)
    await expect(history).toContainText(/Version 1 · support agent · .+ · from a replay/)
    // Saved: the run's prompt is now the shop's, and is not offered again.
    await expect(page.getByText('Now the shop’s prompt', { exact: true })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Save this prompt as the shop’s' })).toHaveCount(0)

    // Shadow mode: nothing was sent and no draft was written in the live shop.
    expect(count(dbPath, 'SELECT COUNT(*) FROM messages')).toBe(sentBefore)
    expect(count(dbPath, 'SELECT COUNT(*) FROM drafts')).toBe(draftsBefore)
    expect(count(dbPath, `SELECT COUNT(*) FROM replays WHERE status = 'done'`)).toBe(1)
  })

  test('cancels a replay under way', async ({ page, dbPath }) => {
    // A slow provider: every answer starts after two seconds, so the replay is still running when cancelled.
    const provider = await startMockOpenAi({ latencyMs: 2_000 })
    const host = await startWebHostProcess(dbPath, {
      FRONTLINE_BASE_URL: provider.baseURL,
      FRONTLINE_MODEL: 'mock-model',
      FRONTLINE_API_KEY: 'sk-test-0123456789abcdef'
    })
    try {
      await page.goto(host.url)
      const app = new ConsolePage(page)
      await goTo(app, 'Lab')
      await page.getByLabel('How many').fill('10')
      await page.getByRole('button', { name: 'Start replay' }).click()
      await expect(page.getByTestId('lab-status')).toHaveText(/^0 of 10 tickets replayed$/)
      await page.getByRole('button', { name: 'Cancel' }).click()
      await expect(page.getByTestId('lab-status')).toHaveText(/^Cancelled: \d+ of 10 tickets replayed/)
      await expect(page.getByRole('button', { name: 'Start replay' })).toBeEnabled()
      expect(count(dbPath, `SELECT COUNT(*) FROM replays WHERE status = 'cancelled'`)).toBe(1)
    } finally {
      await host.stop()
      await provider.close()
    }
  })
})
