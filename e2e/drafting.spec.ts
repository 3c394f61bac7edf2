import type { Locator, TestInfo } from '@playwright/test'
import Database from 'better-sqlite3'
import { startMockOpenAi, type MockOpenAiServer } from '../src/main/bench/mock-openai-server'
import { writeDraft } from './console-views'
import { expect, test, triageByRules } from './fixtures'
import { ConsolePage } from './pages/console-page'
import { startWebHostProcess, type RunningWebHost } from './web-host-process'

const WHERE_IS_MY_ORDER =
  /where is my order|has my order shipped|package not arrived|still waiting on my package|haven't received my order|delivery update|order status/i

async function snapshot(app: ConsolePage, testInfo: TestInfo, name: string): Promise<void> {
  const body = await app.page.screenshot({ path: testInfo.outputPath(`${name}.png`) })
  await testInfo.attach(name, { body, contentType: 'image/png' })
}

/** The console over its own data folder, with extra environment for the web host. */
async function openConsole(
  page: ConsolePage['page'],
  dbPath: string,
  env: Record<string, string>
): Promise<{ app: ConsolePage; host: RunningWebHost }> {
  triageByRules(dbPath)
  const host = await startWebHostProcess(dbPath, env)
  await page.goto(host.url)
  const app = new ConsolePage(page)
  await expect(app.inbox).toBeVisible()
  return { app, host }
}

/** Among the new tickets, one asking where an order is that names the order exactly; opened. */
async function openNewOrderStatusTicket(
  app: ConsolePage
): Promise<{ ticketId: string; ticket: Locator; subject: string; orderId: string }> {
  await app.filter('Status', 'New').click()
  await expect(app.filter('Status', 'New')).toHaveAttribute('aria-pressed', 'true')
  // The search reads messages too: not every row found says "where is my order" in its subject.
  await app.searchFor('where is my order')
  await expect(app.ticketRows.first()).toContainText('New')
  const candidates = app.ticketRow(WHERE_IS_MY_ORDER)
  const count = await candidates.count()
  expect(count, 'the demo shop has new "where is my order" tickets').toBeGreaterThan(0)
  for (let i = 0; i < count; i++) {
    const row = candidates.nth(i)
    const subject = await app.open(row)
    const ticket = app.ticket(subject)
    const orderId = await app.quotedOrderOfCustomer(ticket)
    const ticketId = await row.getAttribute('data-ticket-id')
    if (orderId && ticketId) return { ticketId, ticket, subject, orderId }
  }
  throw new Error('No new "where is my order" ticket named its order id exactly')
}

test.describe('drafting replies in the browser (web host, demo shop)', () => {
  test('a where-is-my-order ticket: draft, watch it stream, read the trace, edit, approve & send, and it moves on', async ({
    page,
    dbPath
  }, testInfo) => {
    // The demo model streams a chunk every 40 ms here, slow enough to watch.
    const { app, host } = await openConsole(page, dbPath, { FRONTLINE_DEMO_CHUNK_DELAY_MS: '40' })
    try {
      const { ticketId, ticket, orderId } = await openNewOrderStatusTicket(app)
      const row = app.inbox.locator(`[data-ticket-id="${ticketId}"]`)
      const draft = app.draftPanel(ticket)
      await expect(draft).toContainText('No draft yet')
      await snapshot(app, testInfo, '1-ticket-open')

      await draft.getByRole('button', { name: 'Draft reply' }).click()
      const stream = draft.getByLabel('Draft so far')
      await expect(stream).toBeVisible()
      await expect(draft.getByRole('status')).toContainText('Writing the reply with frontline-demo')
      // The text grows while the model writes: seen part-way, then longer.
      await expect
        .poll(() => stream.innerText(), { timeout: 15_000 })
        .toMatch(/^(?!Looking things up)[\s\S]{12,}/)
      const partial = (await stream.innerText()).length
      await expect.poll(async () => (await stream.innerText()).length).toBeGreaterThan(partial)
      await snapshot(app, testInfo, '2-draft-streaming')

      const reply = draft.getByRole('textbox', { name: 'Reply to the customer' })
      await expect(reply).toBeVisible({ timeout: 30_000 })
      await expect(reply).toHaveValue(new RegExp(orderId))
      await expect(draft).toContainText('Ready')
      await expect(draft).toContainText('frontline-demo')
      await expect(draft).toContainText(/Tokens [\d,]+ in · [\d,]+ out/)
      await expect(draft).toContainText('Cost $0.00')
      await expect(row).toContainText('Draft ready')

      await draft.getByRole('button', { name: /^Show trace \(\d+ tool calls?\)$/ }).click()
      const trace = draft.getByRole('region', { name: 'Trace' })
      const lookup = trace.getByRole('article', { name: /Tool call \d+: get_order_status/ }).last()
      await expect(lookup).toBeVisible()
      await expect(lookup).toContainText('OK')
      await expect(lookup).toContainText(orderId)
      await expect(lookup.getByLabel('Duration')).toHaveText(/\d+(\.\d)? (ms|s)/)
      await snapshot(app, testInfo, '3-draft-with-trace')

      const edited = `${await reply.inputValue()}\n\nP.S. I will keep an eye on this parcel for you.`
      await reply.fill(edited)
      await reply.press('Control+Enter')

      await expect(draft.getByRole('status')).toContainText('Reply sent')
      const conversation = app.conversation(ticket)
      await expect(conversation.getByRole('article').last()).toContainText(
        'I will keep an eye on this parcel for you.'
      )
      await expect(conversation.getByRole('article').last()).toContainText('Support team')
      await expect(ticket.getByText(/^Status\s*Pending$/)).toBeVisible()
      // The inbox follows: the ticket is no longer new, so the "New" filter lets it go.
      await expect(row).toHaveCount(0)
      await snapshot(app, testInfo, '4-reply-sent')
    } finally {
      await host.stop()
    }
  })

  test('the provider fails: the draft says it was written without the AI, and the status bar shows the breaker', async ({
    page,
    dbPath
  }, testInfo) => {
    const provider: MockOpenAiServer = await startMockOpenAi({
      script: () => ({ kind: 'status', status: 500, body: { error: { message: 'upstream exploded' } } })
    })
    const { app, host } = await openConsole(page, dbPath, {
      FRONTLINE_BASE_URL: provider.baseURL,
      FRONTLINE_MODEL: 'gpt-4.1-mini',
      FRONTLINE_API_KEY: 'sk-test-0123456789'
    })
    try {
      await expect(app.statusBar).not.toContainText('Demo mode')
      const customEndpoint = app.statusBar.getByRole('listitem').filter({ hasText: 'Custom endpoint' })
      await expect(customEndpoint).toContainText('Healthy')

      const { ticket } = await openNewOrderStatusTicket(app)
      const draft = app.draftPanel(ticket)
      await draft.getByRole('button', { name: 'Draft reply' }).click()

      const notice = draft.getByRole('note', { name: 'Written without the AI' })
      await expect(notice).toBeVisible({ timeout: 30_000 })
      await expect(notice).toContainText('because the AI provider returned an error')
      await expect(draft.getByRole('textbox', { name: 'Reply to the customer' })).not.toHaveValue('')
      await expect(draft).toContainText('Fallback')
      await expect(customEndpoint).toContainText('Errors')

      // A 5xx is tried once more before the draft falls back, so each draft costs two failures; the
      // breaker opens at the fifth in a row, in the third draft, and refuses that draft's retry.
      expect(provider.requests.length).toBe(2)
      for (const requests of [4, 5]) {
        await writeDraft(draft)
        await expect(notice).toBeVisible()
        expect(provider.requests.length).toBe(requests)
      }
      await expect(customEndpoint).toContainText(/Breaker open: paused until/)
      await expect(customEndpoint).toHaveAttribute('data-breaker', 'open')

      // The third draft's notice already names the open breaker: wait for the new draft itself, or
      // "Show trace" below may be clicked while the panel swaps to it.
      await writeDraft(draft)
      await expect(notice).toContainText('circuit breaker open')
      expect(provider.requests.length, 'no call reaches a provider whose breaker is open').toBe(5)

      await draft.getByRole('button', { name: /^Show trace/ }).click()
      await expect(draft.getByRole('region', { name: 'Trace' })).toContainText('fallback drafter')
      await snapshot(app, testInfo, 'fallback-and-breaker')
    } finally {
      await host.stop()
      await provider.close()
    }
  })

  test('"Draft all new" shows its progress to the end, and the inbox shows the drafts', async ({
    page,
    dbPath
  }, testInfo) => {
    const { app, host } = await openConsole(page, dbPath, { FRONTLINE_DEMO_CHUNK_DELAY_MS: '4' })
    try {
      // The default view (everything not solved or closed) is short too: wait for the new ones exactly.
      const db = new Database(dbPath, { readonly: true })
      const total = db.prepare(`SELECT COUNT(*) FROM tickets WHERE status = 'new'`).pluck().get() as number
      db.close()
      expect(total).toBeGreaterThan(0)
      await app.filter('Status', 'New').click()
      await expect.poll(async () => Number(await app.inbox.getAttribute('aria-rowcount')) - 1).toBe(total)

      await page.getByRole('button', { name: 'Draft all new' }).click()
      const progress = page.getByRole('progressbar', { name: 'Drafting new tickets' })
      await expect(progress).toBeVisible()
      await expect(progress).toHaveAttribute('aria-valuemax', String(total))
      await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0)
      await expect(page.getByRole('region', { name: 'Draft all new' })).toContainText(/left/)
      await expect(app.statusBar).toContainText(/[1-9]\d* drafts? in flight/)
      await snapshot(app, testInfo, '1-bulk-running')

      await expect(progress).toHaveAttribute('aria-valuenow', String(total), { timeout: 60_000 })
      await expect(page.getByRole('region', { name: 'Draft all new' })).toContainText(
        `Drafted ${total} of ${total}`
      )
      await expect(page.getByRole('button', { name: 'Draft all new' })).toBeEnabled()
      await expect(app.statusBar).toContainText('0 drafts in flight')

      await app.filter('Draft', 'Has draft').click()
      await expect.poll(async () => Number(await app.inbox.getAttribute('aria-rowcount')) - 1).toBe(total)
      await expect(app.ticketRows.first()).toContainText('Draft ready')
      await snapshot(app, testInfo, '2-bulk-done')
    } finally {
      await host.stop()
    }
  })

  test("bulk drafting keeps a person's edited draft; Regenerate asks first, and Undo brings it back", async ({
    page,
    dbPath
  }, testInfo) => {
    const { app, host } = await openConsole(page, dbPath, { FRONTLINE_DEMO_CHUNK_DELAY_MS: '2' })
    try {
      const { ticket } = await openNewOrderStatusTicket(app)
      const draft = app.draftPanel(ticket)
      await writeDraft(draft)
      const reply = draft.getByRole('textbox', { name: 'Reply to the customer' })
      const mine = 'Hi, this is my own reply, written with care.'
      await reply.fill(mine)
      await reply.blur()
      await expect(draft).toContainText('Edited by')

      await page.getByRole('button', { name: 'Draft all new' }).click()
      await expect(page.getByRole('region', { name: 'Draft all new' })).toContainText(/Drafted (\d+) of \1/, {
        timeout: 60_000
      })
      await expect(reply).toHaveValue(mine)
      await snapshot(app, testInfo, '1-bulk-kept-the-edit')

      await draft.getByRole('button', { name: 'Regenerate' }).click()
      const asking = draft.getByRole('alertdialog', { name: 'Set this draft aside?' })
      await expect(asking).toContainText('edited this draft')
      await expect(reply).toHaveValue(mine)
      await asking.getByRole('button', { name: 'Regenerate anyway' }).click()
      await expect(reply).not.toHaveValue(mine, { timeout: 30_000 })
      await snapshot(app, testInfo, '2-regenerated')

      await draft.getByRole('button', { name: 'Undo' }).click()
      await expect(draft.getByRole('textbox', { name: 'Reply to the customer' })).toHaveValue(mine)
      await draft.getByRole('button', { name: 'Show earlier drafts' }).click()
      await expect(draft.getByRole('region', { name: 'Earlier drafts' })).toContainText(
        'Replaced by restoring'
      )
      await snapshot(app, testInfo, '3-undone')
    } finally {
      await host.stop()
    }
  })
})
