import { approvalsNav, draftAReturnRequest, goTo, queuedReturn, snapshot } from './console-views'
import { expect, test } from './fixtures'

const RETURN_ID = /RET-[0-9a-f-]{36}/

test.describe('approvals in the browser (web host, demo shop, demo model)', () => {
  test('a return request: the proposed return waits in Approvals, is approved, and is recorded', async ({
    frontline: app
  }, testInfo) => {
    await expect(app.inbox).toBeVisible()
    await expect(approvalsNav(app)).toHaveAccessibleName('Approvals')

    const drafted = await draftAReturnRequest(app)
    expect(drafted.orderId).not.toBeNull()
    // The count is visible from everywhere, the inbox included.
    await expect(approvalsNav(app)).toHaveAccessibleName('Approvals 1 waiting')

    await goTo(app, 'Approvals')
    const entry = queuedReturn(app, drafted.orderId)
    await expect(entry).toBeVisible()
    await expect(entry).toContainText('Proposed by AI agent')
    await expect(entry).toContainText('Items to return')
    await expect(entry).toContainText(/Refund total\s*\$\d+\.\d\d/)
    await expect(entry).toContainText(/Delivered/)
    await expect(entry).toContainText(/Return window\s*30 days/)
    await expect(entry.getByRole('button', { name: `ticket ${drafted.ticketId}` })).toBeVisible()
    await snapshot(app, testInfo, 'approvals-queue')

    await entry.getByRole('button', { name: 'Approve' }).click()
    await expect(entry).toHaveCount(0)
    await expect(app.page.getByText('Nothing awaits a decision')).toBeVisible()
    await expect(approvalsNav(app)).toHaveAccessibleName('Approvals')
    const decided = app.page.getByRole('region', { name: /^Decided just now/ })
    await expect(decided).toContainText('Approved')
    await expect(decided).toContainText(RETURN_ID)
    await expect(decided).toContainText(/refund REF-[0-9a-f-]{36} issued/)
    await snapshot(app, testInfo, 'approvals-approved')

    // The ticket it came from: the thread records the return and refund, the proposal shows the decision.
    await decided.getByRole('button', { name: `ticket ${drafted.ticketId}` }).click()
    await expect(app.navigation.getByRole('button', { name: /^Inbox/ })).toHaveAttribute(
      'aria-current',
      'page'
    )
    const ticket = app.ticket(drafted.subject)
    const system = app.conversation(ticket).getByRole('article').last()
    await expect(system).toContainText(
      new RegExp(
        `Return RET-[0-9a-f-]{36} approved by support agent for order ${drafted.orderId}; refund of \\$\\d+\\.\\d\\d issued\\.`
      )
    )
    const proposal = ticket.getByRole('article', { name: `Return for ${drafted.orderId}` })
    await expect(proposal).toContainText('Approved by support agent')
    await expect(proposal).toContainText(RETURN_ID)
    await snapshot(app, testInfo, 'ticket-after-approval')
  })

  test('another return is rejected with a reason, which is required', async ({
    frontline: app
  }, testInfo) => {
    const drafted = await draftAReturnRequest(app)
    await goTo(app, 'Approvals')
    const entry = queuedReturn(app, drafted.orderId)
    await entry.getByRole('button', { name: 'Reject' }).click()
    const form = entry.getByRole('form', { name: `Reject the return for order ${drafted.orderId}` })
    await form.getByRole('button', { name: 'Confirm rejection' }).click()
    await expect(form.getByRole('alert')).toContainText('Say why')
    await form.getByLabel('Reason for rejecting').fill('Customer already kept the item as a goodwill gesture')
    await snapshot(app, testInfo, 'approvals-rejecting')
    await form.getByRole('button', { name: 'Confirm rejection' }).click()

    await expect(entry).toHaveCount(0)
    await expect(approvalsNav(app)).toHaveAccessibleName('Approvals')
    const decided = app.page.getByRole('region', { name: /^Decided just now/ })
    await expect(decided).toContainText('Rejected')
    await expect(decided).toContainText('Reason: Customer already kept the item as a goodwill gesture')

    await decided.getByRole('button', { name: `ticket ${drafted.ticketId}` }).click()
    const proposal = app
      .ticket(drafted.subject)
      .getByRole('article', { name: `Return for ${drafted.orderId}` })
    await expect(proposal).toContainText('Rejected')
    await expect(proposal).toContainText('Customer already kept the item as a goodwill gesture')
  })
})
