import type { Locator } from '@playwright/test'
import { goTo } from './console-views'
import { expect, test } from './fixtures'
import { ConsolePage } from './pages/console-page'
import { startWebHostProcess, type RunningWebHost } from './web-host-process'

let host: RunningWebHost

test.beforeEach(async ({ dbPath }) => {
  host = await startWebHostProcess(dbPath)
})

test.afterEach(async () => {
  await host.stop()
})

/** A value of the chat API's status list, found by its term ("Address", "Port"…). */
const statusFact = (section: Locator, term: string): Locator =>
  section.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]')

test.describe('the chat channel in Settings (web host, demo shop, demo model)', () => {
  test('create a key (seen once), serve the chat API, a website chat arrives in the Inbox, stop serving', async ({
    page,
    context
  }, testInfo) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.goto(host.url)
    const app = new ConsolePage(page)
    await expect(app.inbox).toBeVisible()
    await goTo(app, 'Settings')
    const section = page.getByRole('region', { name: 'Chat channel' })
    const serve = section.getByRole('switch', { name: 'Serve the chat API' })
    await expect(serve).toHaveAttribute('aria-checked', 'false')
    await expect(statusFact(section, 'Address')).toHaveText('Not listening')

    // Any free port: the default 8787 may be taken on the machine running the tests.
    const port = section.getByLabel('Port', { exact: true })
    await port.fill('0')
    await section.getByRole('button', { name: 'Save address' }).click()
    await expect(
      section.getByText('Address saved: the API will listen on 127.0.0.1:any free port.')
    ).toBeVisible()

    // A key, shown this once, copied with its button.
    await section.getByLabel('Key name').fill('Shop website')
    await section.getByRole('button', { name: 'Create key' }).click()
    const shown = section.getByRole('region', { name: 'New key “Shop website”' })
    await expect(shown.getByRole('alert')).toContainText('It will not be shown again')
    const key = (await shown.getByLabel('New channel key', { exact: true }).innerText()).trim()
    expect(key).toMatch(/^flc_[\w-]{40,}$/)
    await shown.getByRole('button', { name: 'Copy New channel key' }).click()
    await expect(shown.getByRole('status')).toHaveText('Copied')
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(key)
    const keyRow = section
      .getByRole('table', { name: 'Channel keys' })
      .getByRole('row', { name: 'Shop website' })
    await expect(keyRow).toContainText(key.slice(0, 10))
    await expect(keyRow).toContainText('Never')
    await shown.getByRole('button', { name: 'I have copied it' }).click()
    await expect(shown).toHaveCount(0)
    expect(await page.content()).not.toContain(key)

    // Serve: the address printed is where the API answers.
    await serve.click()
    await expect(serve).toHaveAttribute('aria-checked', 'true')
    await expect(section.getByText('Running', { exact: true })).toBeVisible()
    const address = statusFact(section, 'Address')
    await expect(address).toHaveText(/^http:\/\/127\.0\.0\.1:\d+$/)
    const url = (await address.innerText()).trim()
    await expect(statusFact(section, 'Port')).toHaveText(new URL(url).port)
    await expect(statusFact(section, 'AI breaker')).toContainText('Closed')
    await expect(statusFact(section, 'Queue')).toContainText('0 chats being answered')

    // The shop's website (here: this test process) sends a customer's chat with the key.
    const question = `Do you have trail running shoes in size 44? (e2e ${Date.now()})`
    const refused = await fetch(`${url}/mcp/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ customer_id: 'CUS-000001', messages: [{ role: 'user', content: question }] })
    })
    expect(refused.status).toBe(401)
    const answer = await fetch(`${url}/mcp/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify({ customer_id: 'CUS-000001', messages: [{ role: 'user', content: question }] })
    })
    expect(answer.status).toBe(200)
    const chat = (await answer.json()) as { response: string; model_used: string; ticket_id: string }
    expect(chat.response.length).toBeGreaterThan(0)
    expect(chat.ticket_id).toMatch(/^TKT-/)
    // The key's last use shows once the chat is in.
    await expect(keyRow).not.toContainText('Never')
    // The whole section at once: the view scrolls inside the window, so make the window tall enough.
    const viewport = page.viewportSize()
    await page.setViewportSize({ width: 1440, height: 3400 })
    await section.scrollIntoViewIfNeeded()
    await testInfo.attach('settings-chat-channel', {
      body: await section.screenshot({ path: testInfo.outputPath('settings-chat-channel.png') }),
      contentType: 'image/png'
    })
    if (viewport) await page.setViewportSize(viewport)

    // The conversation is a ticket in the Inbox, from the chat channel.
    await goTo(app, 'Inbox')
    await app.searchFor(question.slice(0, 40))
    const row = app.ticketRow(/Chat: Do you have trail running shoes/)
    await expect(row).toHaveCount(1)
    await expect(row).toHaveAttribute('data-ticket-id', chat.ticket_id)
    const subject = await app.open(row)
    const ticket = app.ticket(subject)
    await expect(ticket).toContainText('via Chat')
    await expect(app.conversation(ticket)).toContainText(question)

    // Stop serving: the address no longer answers.
    await goTo(app, 'Settings')
    await expect(serve).toHaveAttribute('aria-checked', 'true')
    await serve.click()
    await expect(serve).toHaveAttribute('aria-checked', 'false')
    await expect(statusFact(section, 'Address')).toHaveText('Not listening')
    await expect(fetch(`${url}/health`)).rejects.toThrow()
  })
})
