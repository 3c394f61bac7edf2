import { readFile } from 'node:fs/promises'
import { draftTicket, goTo, openOrderStatusTicket, snapshot } from './console-views'
import { expect, test, useHostOverMockProvider } from './fixtures'
import { ConsolePage } from './pages/console-page'

/** "$0.041236 exactly" → 41236 micro-dollars. */
const COST = /^\$0\.\d+$/
const microUsd = (text: string): number => Math.round(Number(text.replace(/[$,]|exactly/g, '')) * 1_000_000)

// A real OpenAI-compatible server over HTTP; drafts are priced at GPT-4.1's list prices.
const served = useHostOverMockProvider({
  FRONTLINE_MODEL: 'gpt-4.1',
  FRONTLINE_API_KEY: 'sk-test-0123456789abcdef'
})

test.describe('costs in the browser (web host, demo shop, a priced provider)', () => {
  test('drafting costs money: Costs shows it today, per model and per ticket, live, and exports it', async ({
    page
  }, testInfo) => {
    await page.goto(served.host.url)
    const app = new ConsolePage(page)
    await expect(app.inbox).toBeVisible()

    await goTo(app, 'Costs')
    const today = page.getByRole('region', { name: 'Today', exact: true })
    await expect(today).toContainText('$0.00')
    await expect(today).toContainText('0 calls')
    await expect(page.getByRole('img', { name: /Daily AI spend by model/ })).toContainText(
      'No AI spend in the last 30 days'
    )

    const first = await openOrderStatusTicket(app)
    const drafted = await draftTicket(app, first)
    const draft = app.draftPanel(drafted.ticket)
    await expect(draft).toContainText('gpt-4.1')
    await expect(draft).toContainText(/Cost \$0\.0\d+/)

    await goTo(app, 'Costs')
    await expect(today).toContainText('2 calls')
    const todayValue = today.getByTitle(/exactly$/)
    const spentAfterOne = microUsd((await todayValue.getAttribute('title'))!)
    expect(spentAfterOne).toBeGreaterThan(0)
    const byModel = page.getByRole('table', { name: 'Spend by model, last 30 days' })
    const gpt41 = byModel.getByRole('row', { name: /gpt-4\.1/ })
    await expect(gpt41.getByRole('cell').first()).toHaveText('2')
    await expect(gpt41.getByRole('cell').last()).toHaveText(COST)
    await expect(page.getByRole('list', { name: 'Models' })).toContainText('gpt-4.1')
    const tickets = page.getByRole('table', { name: 'Tickets by cost, last 30 days' })
    await expect(tickets.getByRole('button', { name: drafted.ticketId })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Per ticket' })).toContainText(/Tickets drafted\s*1/)

    // A teammate drafts in another window while this one watches Costs: it updates by itself.
    const teammate = new ConsolePage(await page.context().newPage())
    await teammate.page.goto(served.host.url)
    const second = await openOrderStatusTicket(teammate, new Set([drafted.ticketId]))
    await draftTicket(teammate, second)
    await teammate.page.close()
    await expect(today).toContainText('4 calls')
    const spentAfterTwo = microUsd((await todayValue.getAttribute('title'))!)
    expect(spentAfterTwo).toBeGreaterThan(spentAfterOne)
    await expect(page.getByRole('region', { name: 'Per ticket' })).toContainText(/Tickets drafted\s*2/)
    await snapshot(app, testInfo, 'costs')

    await page.getByLabel('Export range').selectOption('7')
    const downloading = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export CSV' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^frontline-costs-\d{4}-\d{2}-\d{2}-7d\.csv$/)
    const csv = (await readFile((await download.path())!, 'utf8')).trim().split('\n')
    expect(csv[0]).toBe('day,provider,model,calls,tokens_in,tokens_out,tickets,cost_usd')
    const day = new Date().toISOString().slice(0, 10)
    const todayLines = csv.filter((line) => line.startsWith(`${day},custom,gpt-4.1,`))
    expect(todayLines).toHaveLength(1)
    // The file and the screen agree to the micro-dollar.
    expect(microUsd(todayLines[0]!.split(',')[7]!)).toBe(spentAfterTwo)
    // Two drafts, two tickets, four calls: the same as the screen shows.
    expect(todayLines[0]!.split(',').slice(3, 4)).toEqual(['4'])
    expect(todayLines[0]!.split(',')[6]).toBe('2')
  })
})
