import { createServer } from 'node:net'
import { randomBytes } from 'node:crypto'
import type { Locator } from '@playwright/test'
import { draftAReturnRequest, goTo, queuedReturn, snapshot } from './console-views'
import { expect, test } from './fixtures'
import { ConsolePage } from './pages/console-page'
import { runCli, startCliServer, startWebHostProcess } from './web-host-process'

/** Opens the first ticket with no draft at all, so what is sent can only be written by hand. */
async function openTicketWithoutDraft(app: ConsolePage): Promise<{ ticket: Locator; ticketId: string }> {
  await app.filter('Draft', 'No draft').click()
  await expect(app.filter('Draft', 'No draft')).toHaveAttribute('aria-pressed', 'true')
  const row = app.ticketRows.first()
  await expect(row).toBeVisible()
  const ticketId = (await row.getAttribute('data-ticket-id')) ?? ''
  const subject = await app.open(row)
  const ticket = app.ticket(subject)
  await expect(app.draftPanel(ticket)).toContainText('No draft yet')
  return { ticket, ticketId }
}

/** Whether the element has the keyboard's focus (run in the page; the e2e project has no DOM types). */
const isFocused = (locator: Locator): Promise<boolean> =>
  locator.evaluate(
    (element) => element === (element.ownerDocument as { activeElement: unknown }).activeElement
  )

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

test.describe('working a ticket by hand (web host, demo shop)', () => {
  test('a reply written by hand, with no AI draft, is sent as the person', async ({
    frontline: app
  }, testInfo) => {
    const { ticket } = await openTicketWithoutDraft(app)
    const reply = 'Hello! I checked with the warehouse myself: your parcel leaves today.'
    await app.handReply(ticket).fill(reply)
    await ticket.getByRole('button', { name: 'Send reply' }).click()

    const sent = app.conversation(ticket).getByRole('article').filter({ hasText: reply })
    await expect(sent).toContainText('Support team')
    await expect(sent).toContainText('sent by support agent, written by hand')
    await expect(app.handReply(ticket)).toHaveValue('')
    await expect(app.ticketStatus(ticket).getByRole('button', { name: 'Pending' })).toHaveAttribute(
      'aria-pressed',
      'true'
    )
    await ticket.getByRole('button', { name: 'History' }).click()
    await expect(ticket.getByRole('region', { name: /^History/ })).toContainText(
      'support agent sent a reply written by hand'
    )
    await snapshot(app, testInfo, 'reply-by-hand')
  })

  test('an internal note stays in the team: not in the chat the customer reads', async ({
    frontline: app,
    dbPath
  }) => {
    const created = await runCli(['channel-key', 'create', 'e2e website', '--db', dbPath])
    const key = /flc_[\w-]{40,}/.exec(created)?.[0]
    expect(key).toBeDefined()
    const chat = await startCliServer(
      ['serve', '--db', dbPath, '--port', '0'],
      /Frontline chat channel: (\S+)/
    )
    try {
      const auth = { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` }
      const answer = await fetch(`${chat.address}/mcp/chat`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          customer_id: 'CUS-000001',
          messages: [{ role: 'user', content: 'Do you sell waterproof trail shoes?' }]
        })
      })
      expect(answer.status).toBe(200)
      const conversation = (await answer.json()) as { ticket_id: string; session_id: string }

      // The chat arrived through another process: the console finds it by its id.
      await app.searchFor(conversation.ticket_id)
      const row = app.inbox.locator(`[data-ticket-id="${conversation.ticket_id}"]`)
      const ticket = app.ticket(await app.open(row))
      const note = 'Internal: this customer asked for a discount twice, do not offer one.'
      await app.noteField(ticket).fill(note)
      await ticket.getByRole('button', { name: 'Add note' }).click()
      const shown = app.conversation(ticket).getByRole('article', { name: /^Internal note by support agent/ })
      await expect(shown).toContainText(note)
      await expect(shown).toContainText('Only the team sees this note.')

      const transcript = await fetch(
        `${chat.address}/mcp/chat/sessions/${conversation.session_id}?customer_id=CUS-000001`,
        { headers: auth }
      )
      expect(transcript.status).toBe(200)
      const seen = (await transcript.json()) as { messages: { content: string }[] }
      expect(seen.messages.length).toBeGreaterThan(1)
      expect(JSON.stringify(seen)).not.toContain('discount twice')
    } finally {
      await chat.stop()
    }
  })

  test('the status set by keyboard; a solved ticket leaves the default view', async ({
    frontline: app
  }, testInfo) => {
    const { ticket, ticketId } = await openTicketWithoutDraft(app)
    await app.filter('Draft', 'No draft').click()
    const row = app.inbox.locator(`[data-ticket-id="${ticketId}"]`)
    await expect(row).toBeVisible()

    await app.page.keyboard.press('s')
    const status = app.ticketStatus(ticket)
    const solved = status.getByRole('button', { name: 'Solved' })
    // s lands on the current status; the arrows move along without changing anything.
    await expect(status.locator('[tabindex="0"]')).toBeFocused()
    for (let step = 0; step < 5; step++) {
      if (await isFocused(solved)) break
      await app.page.keyboard.press('ArrowRight')
    }
    await expect(solved).toBeFocused()
    await expect(solved).toHaveAttribute('aria-pressed', 'false')
    await app.page.keyboard.press('Enter')

    await expect(solved).toHaveAttribute('aria-pressed', 'true')
    await expect(row).toHaveCount(0)
    // Still there for whoever asks for solved tickets.
    await app.filter('Status', 'Solved').click()
    await expect(row).toBeVisible()
    await ticket.getByRole('button', { name: 'History' }).click()
    await expect(ticket.getByRole('region', { name: /^History/ })).toContainText(
      /support agent changed the status from \w[\w ]* to Solved/
    )
    await snapshot(app, testInfo, 'solved-by-keyboard')
    // Esc closes the ticket.
    await app.page.locator('body').click({ position: { x: 5, y: 5 } })
    await app.page.keyboard.press('Escape')
    await expect(app.page.getByText('No ticket open')).toBeVisible()
  })

  test('search finds a ticket by a word that is only in one of its messages', async ({ frontline: app }) => {
    const { ticket, ticketId } = await openTicketWithoutDraft(app)
    const word = `quokka${randomBytes(3).toString('hex')}`
    await app.handReply(ticket).fill(`A ${word} delivered your parcel, we are told.`)
    await ticket.getByRole('button', { name: 'Send reply' }).click()
    await expect(app.conversation(ticket)).toContainText(word)
    await app.page.keyboard.press('Escape')
    await app.filter('Draft', 'No draft').click()

    await app.page.keyboard.press('/')
    await expect(app.search).toBeFocused()
    await app.page.keyboard.type(word.toUpperCase())
    await expect(app.ticketRows).toHaveCount(1)
    await expect(app.ticketRows.first()).toHaveAttribute('data-ticket-id', ticketId)
    // A customer's quotes and operators are text, never a broken query.
    await app.searchFor(`"${word}" AND -(`)
    await expect(app.ticketRows).toHaveCount(1)
    await expect(app.page.getByRole('alert')).toHaveCount(0)
  })

  test('the decision history shows a rejection, its reason and who decided', async ({
    frontline: app
  }, testInfo) => {
    const drafted = await draftAReturnRequest(app)
    await goTo(app, 'Approvals')
    const entry = queuedReturn(app, drafted.orderId)
    await entry.getByRole('button', { name: 'Reject' }).click()
    const reason = 'The photos show wear from use, not damage in transit'
    await entry.getByLabel('Reason for rejecting').fill(reason)
    await entry.getByRole('button', { name: 'Confirm rejection' }).click()
    await expect(entry).toHaveCount(0)

    await app.page.getByRole('tab', { name: 'Decision history' }).click()
    const history = app.page.getByRole('region', { name: /^Decision history/ })
    await history.getByRole('group', { name: 'Decision' }).getByRole('button', { name: 'Rejected' }).click()
    const decision = history
      .getByRole('list', { name: 'Decisions' })
      .getByRole('listitem')
      .filter({ hasText: drafted.orderId ?? '' })
    await expect(decision).toContainText('Rejected')
    await expect(decision).toContainText(`Reason: ${reason}`)
    await expect(decision).toContainText('by support agent')
    await expect(decision.getByRole('time')).toBeVisible()
    await history.getByLabel('Decided by').selectOption('support agent')
    await expect(decision).toBeVisible()
    await snapshot(app, testInfo, 'decision-history')
  })

  test('at 1280×800 subjects, badges, times and the per-ticket costs fit where they are shown', async ({
    frontline: app
  }, testInfo) => {
    await app.page.setViewportSize({ width: 1280, height: 800 })
    const drafted = await draftAReturnRequest(app)
    await app.searchFor('')
    await app.filter('Status', 'New').click()
    const row = app.inbox.locator(`[data-ticket-id="${drafted.ticketId}"]`)
    await app.searchFor(drafted.ticketId)
    await expect(row).toBeVisible()
    const within = async (inner: Locator, outer: Locator): Promise<void> => {
      const a = await inner.boundingBox()
      const b = await outer.boundingBox()
      expect(a && b, 'both are on screen').toBeTruthy()
      expect(a!.x).toBeGreaterThanOrEqual(b!.x - 0.5)
      expect(a!.x + a!.width).toBeLessThanOrEqual(b!.x + b!.width + 0.5)
    }
    const cells = row.getByRole('gridcell')
    await within(cells.first().getByText('Approval', { exact: false }), cells.first())
    await within(cells.last().getByRole('time'), cells.last())
    const overflows = (locator: Locator): Promise<boolean> =>
      locator.evaluate((element) => {
        const box = element as unknown as { scrollWidth: number; clientWidth: number }
        return box.scrollWidth > box.clientWidth + 1
      })
    for (const header of await app.inbox.getByRole('columnheader').all()) {
      expect(await overflows(header), await header.innerText()).toBe(false)
    }
    await snapshot(app, testInfo, 'inbox-1280')

    await goTo(app, 'Costs')
    const perTicket = app.page.getByRole('region', { name: 'Per ticket' })
    const table = perTicket.getByRole('table', { name: 'Tickets by cost, last 30 days' })
    await expect(table.getByRole('button', { name: drafted.ticketId })).toBeVisible()
    await within(table, perTicket)
    await snapshot(app, testInfo, 'costs-1280')
  })

  test('says "disconnected" within two seconds of the host stopping, and recovers when it returns', async ({
    page,
    dbPath
  }, testInfo) => {
    const port = await freePort()
    const env = { FRONTLINE_WEB_TOKEN: randomBytes(32).toString('base64url') }
    let host = await startWebHostProcess(dbPath, env, port)
    try {
      await page.goto(host.url)
      const app = new ConsolePage(page)
      const { ticket } = await openTicketWithoutDraft(app)
      await app.noteField(ticket).fill('Written while the host restarts')
      await expect(app.disconnected).toHaveCount(0)

      await host.stop()
      await expect(app.disconnected).toBeVisible({ timeout: 2_000 })
      const add = ticket.getByRole('button', { name: 'Add note' })
      await expect(add).toBeDisabled()
      await expect(add).toHaveAttribute('title', /^Not connected to Frontline/)
      await expect(app.ticketStatus(ticket).getByRole('button', { name: 'Solved' })).toHaveAttribute(
        'aria-disabled',
        'true'
      )
      await snapshot(app, testInfo, 'disconnected')

      host = await startWebHostProcess(dbPath, env, port)
      await expect(app.disconnected).toHaveCount(0, { timeout: 15_000 })
      await expect(app.noteField(ticket)).toHaveValue('Written while the host restarts')
      await add.click()
      await expect(
        app.conversation(ticket).getByRole('article', { name: /^Internal note by support agent/ })
      ).toContainText('Written while the host restarts')
    } finally {
      await host.stop()
    }
  })
})
