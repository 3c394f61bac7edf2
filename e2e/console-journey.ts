import type { TestInfo } from '@playwright/test'
import { expect } from '@playwright/test'
import type { ConsolePage } from './pages/console-page'

const WHERE_IS_MY_ORDER =
  /where is my order|has my order shipped|package not arrived|still waiting on my package|delivery update|order status/i
const ORDER_STATUS = /Pending|Paid|Shipped|Delivered|Cancelled|Returned/

/**
 * The first thing a support agent does: open the console, pick a "where is my order?" ticket,
 * read it, and find the order it asks about among the customer's orders, with its status.
 * Shared by the browser spec and the desktop-window spec.
 */
export async function findTheOrderATicketAsksAbout(app: ConsolePage, testInfo: TestInfo): Promise<void> {
  await expect(app.inbox).toBeVisible()
  await expect(app.ticketRows.first()).toBeVisible()
  expect(await app.ticketRows.count()).toBeGreaterThan(10)

  // The inbox draws only the rows in view: ask it for the tickets about an order (the search also
  // finds the words in messages, so not every row found has them in its subject).
  await app.searchFor('where is my order')
  const candidates = app.ticketRow(WHERE_IS_MY_ORDER)
  const count = await candidates.count()
  expect(count, 'the demo shop has "where is my order" tickets').toBeGreaterThan(0)

  // Some of these tickets quote the order id with a typo on purpose (the agent must resolve it);
  // this journey wants one that names it exactly.
  for (let i = 0; i < count; i++) {
    const row = candidates.nth(i)
    const subject = await app.open(row)
    await expect(row).toHaveAttribute('aria-selected', 'true')

    const ticket = app.ticket(subject)
    await expect(ticket.getByRole('heading', { level: 2, name: subject })).toBeVisible()
    const orderId = await app.quotedOrderOfCustomer(ticket)
    if (!orderId) continue

    const customerName = (await row.getByRole('gridcell').nth(1).innerText()).trim()
    await expect(app.customer(ticket)).toContainText(customerName)

    const order = app.order(ticket, orderId)
    await expect(order).toBeVisible()
    await expect(order).toContainText(ORDER_STATUS)
    await expect(order).toContainText(/Placed/)
    const status = (await order.locator('.badge').innerText()).trim()
    if (/Shipped|Delivered/.test(status)) {
      await expect(order.getByLabel(/^Tracking number /)).toBeVisible()
    }

    await order.scrollIntoViewIfNeeded()
    const screenshot = await app.page.screenshot({ path: testInfo.outputPath('console-ticket.png') })
    await testInfo.attach('console with a ticket open', { body: screenshot, contentType: 'image/png' })
    return
  }
  throw new Error('No "where is my order" ticket named its order id exactly')
}
