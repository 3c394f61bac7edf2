import { expect, type Locator, type Page } from '@playwright/test'

const ORDER_ID = /ORD-\d{8}-[A-Z0-9]{4}/

/** The console as a person sees it: found by roles and names, never by CSS classes. */
export class ConsolePage {
  constructor(readonly page: Page) {}

  get inbox(): Locator {
    return this.page.getByRole('grid', { name: 'Inbox' })
  }

  /** Ticket rows only: the header row has column headers, not cells. */
  get ticketRows(): Locator {
    return this.inbox.getByRole('row').filter({ has: this.page.getByRole('gridcell') })
  }

  ticketRow(subject: RegExp): Locator {
    return this.ticketRows.filter({ hasText: subject })
  }

  ticket(subject: string): Locator {
    return this.page.getByRole('region', { name: subject, exact: true })
  }

  conversation(ticket: Locator): Locator {
    return ticket.getByRole('region', { name: /^Conversation/ })
  }

  customer(ticket: Locator): Locator {
    return ticket.getByRole('region', { name: 'Customer', exact: true })
  }

  orders(ticket: Locator): Locator {
    return ticket.getByRole('region', { name: /^Orders/ })
  }

  order(ticket: Locator, orderId: string): Locator {
    return this.orders(ticket).getByRole('article', { name: `Order ${orderId}` })
  }

  /**
   * The order id an open ticket's last message quotes, when it is one of the customer's orders.
   * Some demo tickets quote theirs with a typo on purpose (the agent must resolve it), and a typo
   * can still look like an order id; which tickets the inbox lists first changes with the day the
   * demo shop was seeded, so a journey that wants an exact id asks this.
   */
  async quotedOrderOfCustomer(ticket: Locator): Promise<string | undefined> {
    const messages = this.conversation(ticket).getByRole('article')
    await expect(messages.first()).toBeVisible()
    const orderId = ORDER_ID.exec(await messages.last().innerText())?.[0]
    if (!orderId) return undefined
    await expect(this.orders(ticket)).toBeVisible()
    return (await this.order(ticket, orderId).count()) > 0 ? orderId : undefined
  }

  /** The AI draft panel of an open ticket. */
  draftPanel(ticket: Locator): Locator {
    return ticket.getByRole('region', { name: 'AI draft', exact: true })
  }

  /** The open ticket's status (Open, Pending, On hold, Solved, Closed), set by hand. */
  ticketStatus(ticket: Locator): Locator {
    return ticket.getByRole('group', { name: 'Ticket status', exact: true })
  }

  /** The field for a reply written without the AI (shown when there is no draft to edit). */
  handReply(ticket: Locator): Locator {
    return ticket.getByRole('textbox', { name: 'Write a reply', exact: true })
  }

  /** The field for an internal note, which only the team sees. */
  noteField(ticket: Locator): Locator {
    return ticket.getByRole('textbox', { name: 'Internal note', exact: true })
  }

  get search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search tickets' })
  }

  /** The inbox's whole pane (filters, list): busy from the first key typed until the list is the one asked for. */
  get inboxPane(): Locator {
    return this.page.getByRole('region', { name: 'Inbox', exact: true })
  }

  /** Types a search and waits until the inbox lists what it finds (the search also reads messages). */
  async searchFor(text: string): Promise<void> {
    await this.search.fill(text)
    await expect(this.inboxPane).toHaveAttribute('aria-busy', 'false')
  }

  /** Team mode: shows Mine, Unassigned or All, and waits until the inbox lists that queue. */
  async showQueue(queue: 'Mine' | 'Unassigned' | 'All'): Promise<void> {
    const button = this.page
      .getByRole('group', { name: 'Whose tickets' })
      .getByRole('button', { name: queue })
    await button.click()
    await expect(button).toHaveAttribute('aria-pressed', 'true')
    await expect(this.inboxPane).toHaveAttribute('aria-busy', 'false')
  }

  /** The banner the console shows while it cannot reach its host. */
  get disconnected(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Disconnected from Frontline.' })
  }

  get statusBar(): Locator {
    return this.page.getByRole('contentinfo', { name: 'Status bar' })
  }

  get navigation(): Locator {
    return this.page.getByRole('navigation', { name: 'Views' })
  }

  /** A chip in one of the inbox's filter groups ("Status", "Priority", "Draft", "Approval"). */
  filter(group: string, chip: string): Locator {
    return this.page
      .getByRole('group', { name: group, exact: true })
      .getByRole('button', { name: chip, exact: true })
  }

  /** Opens a ticket from the inbox and returns its subject, as shown in the row. */
  async open(row: Locator): Promise<string> {
    const subject = (await row.getByRole('gridcell').first().locator('span').first().innerText()).trim()
    await row.click()
    return subject
  }
}
