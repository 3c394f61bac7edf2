import type { Browser, BrowserContext } from '@playwright/test'
import { draftAReturnRequest, goTo, snapshot, writeDraft } from './console-views'
import { expect, test as base } from './fixtures'
import { ConsolePage } from './pages/console-page'
import { addUser, startTeamServerProcess } from './team-server-process'

const PASSWORD = 'correct horse battery'
const PEOPLE = [
  ['Root', 'admin'],
  ['Ada', 'agent'],
  ['Grace', 'lead'],
  ['Linus', 'lead']
] as const
type Name = (typeof PEOPLE)[number][0]

interface Team {
  url: string
  /** A browser context of its own (its own storage: another person), signed in as `name`. */
  signIn(name: Name): Promise<ConsolePage>
}

async function signInPage(browser: Browser, contexts: BrowserContext[], url: string, name: Name) {
  const context = await browser.newContext()
  contexts.push(context)
  const page = await context.newPage()
  await page.goto(url)
  const form = page.getByRole('form', { name: 'Sign in to Frontline' })
  await form.getByLabel('Email').fill(`${name.toLowerCase()}@shop.example`)
  await form.getByLabel('Password').fill(PASSWORD)
  await form.getByRole('button', { name: 'Sign in' }).click()
  const app = new ConsolePage(page)
  await expect(app.inbox).toBeVisible({ timeout: 20_000 })
  await expect(page.getByRole('region', { name: 'Signed in' })).toContainText(name)
  return app
}

/** `frontline server` over the test's demo shop with four people, each signed in from a browser context of their own. */
const test = base.extend<{ team: Team }>({
  team: async ({ dbPath, browser }, use) => {
    await Promise.all(PEOPLE.map(([name, role]) => addUser(dbPath, name, role, PASSWORD)))
    const server = await startTeamServerProcess(dbPath)
    const contexts: BrowserContext[] = []
    try {
      await use({ url: server.url, signIn: (name) => signInPage(browser, contexts, server.url, name) })
    } finally {
      for (const context of contexts) await context.close()
      await server.stop()
    }
  }
})

test.describe('team mode: two people on one team server', () => {
  // Several browser contexts on one server, on a machine the other specs share: each journey is long.
  test.setTimeout(120_000)

  test('who has a ticket open and who edits its reply, and assignment, reach the other console live', async ({
    team
  }, testInfo) => {
    const ada = await team.signIn('Ada')
    const grace = await team.signIn('Grace')

    const row = ada.ticketRows.first()
    const ticketId = (await row.getAttribute('data-ticket-id'))!
    const subject = await ada.open(row)
    const adaTicket = ada.ticket(subject)
    await expect(adaTicket).toBeVisible()

    // Grace sees in her inbox that Ada has it open, then opens it too.
    const graceRow = grace.inbox.locator(`[data-ticket-id="${ticketId}"]`)
    await expect(graceRow).toContainText('● Ada')
    await grace.open(graceRow)
    const graceTicket = grace.ticket(subject)
    const here = graceTicket.getByLabel('Who else is here')
    await expect(here).toHaveText('Ada is viewing')
    await expect(adaTicket.getByLabel('Who else is here')).toHaveText('Grace is viewing')

    // Ada writes a draft and works on the reply: Grace sees her editing.
    await writeDraft(ada.draftPanel(adaTicket))
    await ada.draftPanel(adaTicket).getByRole('textbox', { name: 'Reply to the customer' }).focus()
    await expect(here).toHaveText('Ada is editing the reply')
    await snapshot(grace, testInfo, 'team-presence')

    // Grace gives the ticket to Ada from the ticket; it is in Ada's Mine at once.
    await graceTicket.getByLabel('Assigned to').selectOption({ label: 'Ada' })
    await ada.showQueue('Mine')
    await expect(ada.ticketRows).toHaveCount(1)
    await expect(ada.ticketRows.first()).toHaveAttribute('data-ticket-id', ticketId)
    await expect(ada.ticketRows.first()).toContainText('→ Ada')
    await expect(graceRow).toContainText('→ Ada')

    // From the inbox, with the keyboard: pick two unassigned rows and take them.
    await grace.showQueue('Unassigned')
    const first = grace.ticketRows.nth(0)
    const second = grace.ticketRows.nth(1)
    const picked = [await first.getAttribute('data-ticket-id'), await second.getAttribute('data-ticket-id')]
    await first.focus()
    await grace.page.keyboard.press('x')
    await grace.page.keyboard.press('ArrowDown')
    await grace.page.keyboard.press('x')
    await expect(grace.page.getByRole('group', { name: 'Assign the selected tickets' })).toContainText(
      '2 selected'
    )
    await grace.page.keyboard.press('m')
    await grace.showQueue('Mine')
    await expect(grace.ticketRows).toHaveCount(2)
    const mine = await grace.ticketRows.evaluateAll((rows) =>
      rows.map((r) => r.getAttribute('data-ticket-id'))
    )
    expect(mine.sort()).toEqual(picked.sort())
  })

  test('an agent is held at the cap, a lead approves, and two leads approving at once get one outcome', async ({
    team
  }, testInfo) => {
    // An admin lowers the agents' cap for returns to $1.
    const root = await team.signIn('Root')
    await goTo(root, 'Settings')
    const caps = root.page.getByRole('form', { name: 'Approval caps' })
    await caps.getByLabel('Returns: agent cap in dollars').fill('1')
    await caps.getByRole('button', { name: 'Save caps' }).click()
    await expect(caps.getByRole('status')).toHaveText('Saved')

    const ada = await team.signIn('Ada')
    const drafted = await draftAReturnRequest(ada)
    const proposal = drafted.ticket.getByRole('article', { name: `Return for ${drafted.orderId}` })
    await expect(proposal.getByRole('note')).toContainText(
      'needs a lead: agents may approve returns up to $1.00'
    )
    await expect(proposal.getByRole('button', { name: 'Approve' })).toBeDisabled()

    await goTo(ada, 'Approvals')
    const adaCard = ada.page
      .getByRole('list', { name: 'Approvals queue' })
      .getByRole('article', { name: `Return for order ${drafted.orderId}` })
    await expect(adaCard.getByRole('note')).toContainText('needs a lead')
    await expect(adaCard.getByRole('button', { name: 'Approve' })).toBeDisabled()
    await snapshot(ada, testInfo, 'team-agent-above-cap')

    const grace = await team.signIn('Grace')
    const linus = await team.signIn('Linus')
    const cardOf = async (app: ConsolePage) => {
      await goTo(app, 'Approvals')
      const card = app.page
        .getByRole('list', { name: 'Approvals queue' })
        .getByRole('article', { name: `Return for order ${drafted.orderId}` })
      await expect(card.getByRole('button', { name: 'Approve' })).toBeEnabled()
      return card
    }
    const [graceCard, linusCard] = [await cardOf(grace), await cardOf(linus)]
    await Promise.all([
      graceCard.getByRole('button', { name: 'Approve' }).click(),
      linusCard.getByRole('button', { name: 'Approve' }).click()
    ])

    // One approval: both leads see it decided, by the same person; the agent's queue empties by itself.
    const decidedBy = async (app: ConsolePage) => {
      const decided = app.page.getByRole('region', { name: /^Decided just now/ })
      await expect(decided).toContainText('Approved')
      return /by (Grace|Linus)/.exec(await decided.innerText())?.[1]
    }
    const [seenByGrace, seenByLinus] = [await decidedBy(grace), await decidedBy(linus)]
    expect(seenByGrace).toBeDefined()
    expect(seenByLinus).toBe(seenByGrace)
    await expect(ada.page.getByText('Nothing awaits a decision')).toBeVisible()

    // Approvals filter by who decided: the one approval, by that lead.
    await root.page.reload()
    await goTo(root, 'Approvals')
    await root.page.getByLabel('Decided by').selectOption({ label: seenByGrace! })
    const byThem = root.page.getByRole('region', { name: `Decided by ${seenByGrace}` })
    await expect(byThem).toContainText(drafted.orderId!)
    await expect(byThem.getByRole('listitem')).toHaveCount(1)
  })

  test('a session an admin revokes is cut off at once', async ({ team }) => {
    const ada = await team.signIn('Ada')
    const root = await team.signIn('Root')
    await goTo(root, 'Settings')
    const adaRow = root.page.getByRole('row', { name: 'Ada' })
    await adaRow.getByRole('button', { name: 'Sign out everywhere' }).click()

    const form = ada.page.getByRole('form', { name: 'Sign in to Frontline' })
    await expect(form).toBeVisible()
    await expect(form.getByRole('status')).toHaveText('An admin signed you out.')
    await expect(ada.inbox).toHaveCount(0)
    // A reload does not bring the session back: this browser forgot it.
    await ada.page.reload()
    await expect(form).toBeVisible()
  })
})
