import type { Locator, TestInfo } from '@playwright/test'
import { expect } from '@playwright/test'
import type { ConsolePage } from './pages/console-page'

/** Keeps a screenshot of the page as a test artifact (in test-results and the HTML report). */
export async function snapshot(app: ConsolePage, testInfo: TestInfo, name: string): Promise<void> {
  const body = await app.page.screenshot({ path: testInfo.outputPath(`${name}.png`) })
  await testInfo.attach(name, { body, contentType: 'image/png' })
}

/** Goes to a view by the navigation, as a person clicks it. */
export async function goTo(
  app: ConsolePage,
  view: 'Inbox' | 'Approvals' | 'Costs' | 'Lab' | 'Settings'
): Promise<void> {
  const entry = app.navigation.getByRole('button', { name: new RegExp(`^${view}`) })
  await entry.click()
  await expect(entry).toHaveAttribute('aria-current', 'page')
}

/** The Approvals entry of the navigation: its name carries the count ("Approvals 2 waiting"). */
export const approvalsNav = (app: ConsolePage): Locator =>
  app.navigation.getByRole('button', { name: /^Approvals/ })

/** Narrows the inbox to new tickets with these words, and waits until it shows them. */
async function showNewTicketsMatching(app: ConsolePage, words: string): Promise<void> {
  const onlyNew = app.filter('Status', 'New')
  if ((await onlyNew.getAttribute('aria-pressed')) !== 'true') await onlyNew.click()
  await expect(onlyNew).toHaveAttribute('aria-pressed', 'true')
  await app.searchFor(words)
  // The search finds the words in messages too: some rows found do not have them in the subject.
  await expect(app.ticketRows.filter({ hasText: new RegExp(words, 'i') }).first()).toBeVisible()
  await expect(app.ticketRows.first()).toContainText('New')
}

export interface DraftedTicket {
  ticketId: string
  subject: string
  ticket: Locator
  /** The order of the return the draft proposed, when it proposed one. */
  orderId: string | null
}

/** Opens a ticket from the inbox and asks the AI for a draft, waiting until it is written. */
export async function draftTicket(app: ConsolePage, row: Locator): Promise<Omit<DraftedTicket, 'orderId'>> {
  const ticketId = await row.getAttribute('data-ticket-id')
  if (!ticketId) throw new Error('an inbox row without its ticket id')
  const subject = await app.open(row)
  const ticket = app.ticket(subject)
  await writeDraft(app.draftPanel(ticket))
  return { ticketId, subject, ticket }
}

/**
 * Clicks Draft reply (or Regenerate) and waits for the new draft to be written. The previous draft
 * stays on screen until the new one replaces it, so "a reply field is visible" alone could be the
 * old draft's: the panel's draft id must change and the new draft stop generating first.
 */
export async function writeDraft(draft: Locator): Promise<void> {
  const before = await draft.getAttribute('data-draft-id')
  await draft.getByRole('button', { name: /^(Draft reply|Regenerate)$/ }).click()
  await expect(draft).toHaveAttribute('data-draft-id', /.+/)
  if (before) await expect(draft).not.toHaveAttribute('data-draft-id', before)
  await expect(draft).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 })
  await expect(draft.getByRole('textbox', { name: 'Reply to the customer' })).toBeVisible()
}

/**
 * Drafts new return-request tickets until one draft proposes a return (the demo model proposes one
 * when the order is still returnable), skipping the tickets in `skip`. The proposal is read from the
 * ticket's own "Proposed actions" panel, as a person would see it.
 */
export async function draftAReturnRequest(
  app: ConsolePage,
  skip: ReadonlySet<string> = new Set()
): Promise<DraftedTicket> {
  await goTo(app, 'Inbox')
  await showNewTicketsMatching(app, 'return request')
  const candidates = app.ticketRows.filter({ hasText: /Return request/ })
  const ids = await candidates.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id')))
  for (const id of ids) {
    if (!id || skip.has(id)) continue
    const row = app.inbox.locator(`[data-ticket-id="${id}"]`)
    const drafted = await draftTicket(app, row)
    const reply = await app
      .draftPanel(drafted.ticket)
      .getByRole('textbox', { name: 'Reply to the customer' })
      .inputValue()
    // The demo model says so in the reply when it proposed a return; otherwise try the next ticket.
    if (!/awaiting approval/i.test(reply)) continue
    const proposal = drafted.ticket
      .getByRole('region', { name: /^Proposed actions/ })
      .getByRole('article', { name: /^Return for ORD-/ })
      .first()
    await expect(proposal).toBeVisible()
    const label = (await proposal.getAttribute('aria-label')) ?? ''
    return { ...drafted, orderId: /ORD-\d{8}-[A-Z0-9]{4}/.exec(label)?.[0] ?? null }
  }
  throw new Error('No new return request ticket led to a proposed return')
}

const WHERE_IS_MY_ORDER =
  /where is my order|has my order shipped|package not arrived|still waiting on my package|haven't received my order|delivery update|order status/i

/**
 * A new "where is my order" ticket whose message names its order exactly (some quote it with a
 * typo on purpose), opened; the mock provider's script looks that order up.
 */
export async function openOrderStatusTicket(
  app: ConsolePage,
  skip: ReadonlySet<string> = new Set()
): Promise<Locator> {
  await goTo(app, 'Inbox')
  await showNewTicketsMatching(app, 'where is my order')
  const candidates = app.ticketRow(WHERE_IS_MY_ORDER)
  const ids = await candidates.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id')))
  for (const id of ids) {
    if (!id || skip.has(id)) continue
    const row = app.inbox.locator(`[data-ticket-id="${id}"]`)
    const subject = await app.open(row)
    if (await app.quotedOrderOfCustomer(app.ticket(subject))) return row
  }
  throw new Error('No new "where is my order" ticket named its order id exactly')
}

/** A proposed return's entry in the Approvals queue, by its order. */
export const queuedReturn = (app: ConsolePage, orderId: string | null): Locator =>
  app.page
    .getByRole('list', { name: 'Approvals queue' })
    .getByRole('article', { name: `Return for order ${orderId}` })
