import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ApprovalsView } from '../../src/renderer/src/features/approvals'
import { useFrontlineStore } from '../../src/renderer/src/store'
import type { Action } from '../../src/shared/domain/action'
import { formatMoney } from '../../src/shared/domain/money'
import { proposeRefund, proposeReturns, useLiveCore } from './live-core'

const live = useLiveCore()

async function action(id: string): Promise<Action> {
  const all = await live.core.invoke('actions.list', {})
  if (!all.ok) throw new Error(all.error.message)
  const found = all.value.find((a) => a.id === id)
  if (!found) throw new Error(`no action ${id}`)
  return found
}

const card = (a: Action): Promise<HTMLElement> =>
  screen.findByRole('article', { name: `Return for order ${a.orderId}` })

const count = (channel: string): number => live.calls.filter((c) => c === channel).length

describe('the approvals queue', () => {
  it('shows each proposed return with its order, items, refund, eligibility facts, origin and ticket', async () => {
    const [id] = await proposeReturns(live.core, 1)
    const proposed = await action(id!)
    render(<ApprovalsView />)

    const entry = await card(proposed)
    expect(within(entry).getAllByText(formatMoney(proposed.amount!)).length).toBeGreaterThan(0)
    const payload = proposed.payload as { items: { name: string; quantity: number }[]; reason: string }
    for (const item of payload.items) expect(entry.textContent).toContain(item.name)
    const facts = proposed.eligibility as {
      delivered_at: string
      window_days: number
      days_since_delivery: number
    }
    expect(entry.textContent).toContain(`${facts.window_days} days`)
    expect(entry.textContent).toContain(`${facts.days_since_delivery} days before the request`)
    expect(within(entry).getByText('Delivered', { selector: 'dt' })).toBeTruthy()
    expect(entry.textContent).toContain('Proposed by Command line')
    expect(entry.textContent).toContain('Reason: Damaged')
    expect(entry.textContent).toContain('Customer wrote: it arrived broken.')
    expect(within(entry).getByRole('button', { name: `ticket ${proposed.ticketId}` })).toBeTruthy()
    expect(within(entry).getByRole('button', { name: 'Approve' })).toBeTruthy()
    expect(within(entry).getByRole('button', { name: 'Reject' })).toBeTruthy()
  })

  it('lists the queue oldest first, as the core orders it', async () => {
    await proposeReturns(live.core, 2)
    render(<ApprovalsView />)
    const queue = await screen.findByRole('list', { name: 'Approvals queue' })
    const pending = await live.core.invoke('actions.list', { status: 'pending_approval' })
    if (!pending.ok) throw new Error(pending.error.message)
    await waitFor(() => expect(within(queue).getAllByRole('article')).toHaveLength(pending.value.length))
    const cards = within(queue).getAllByRole('article')
    pending.value.forEach((a, i) => expect(cards[i]!.textContent).toContain(a.orderId!))
    expect(screen.getByText(new RegExp(`^${pending.value.length} awaiting a decision`))).toBeTruthy()
  })

  it('follows the core: an action decided elsewhere leaves the queue at once, with one reload', async () => {
    const [kept, decidedElsewhere] = await proposeReturns(live.core, 2)
    render(<ApprovalsView />)
    const gone = await action(decidedElsewhere!)
    await card(gone)
    await card(await action(kept!))
    const loadsBefore = count('actions.list')

    const rejected = await live.core.invoke('actions.reject', {
      actionId: decidedElsewhere!,
      reason: 'By phone'
    })
    expect(rejected.ok).toBe(true)
    await waitFor(() =>
      expect(screen.queryByRole('article', { name: `Return for order ${gone.orderId}` })).toBeNull()
    )
    expect(
      screen.getByRole('article', { name: `Return for order ${(await action(kept!)).orderId}` })
    ).toBeTruthy()
    expect(count('actions.list')).toBe(loadsBefore + 1)
    const pending = await live.core.invoke('actions.list', { status: 'pending_approval' })
    expect(useFrontlineStore.getState().pendingApprovals).toBe(pending.ok && pending.value.length)
  })

  it('approves: the return and refund are recorded once, the thread says so, the entry leaves the queue', async () => {
    const [id] = await proposeReturns(live.core, 1)
    const proposed = await action(id!)
    render(<ApprovalsView />)
    const entry = await card(proposed)
    const pendingBefore = useFrontlineStore.getState().pendingApprovals!

    await act(async () => fireEvent.click(within(entry).getByRole('button', { name: 'Approve' })))
    await waitFor(() =>
      expect(screen.queryByRole('article', { name: `Return for order ${proposed.orderId}` })).toBeNull()
    )

    const decided = await action(id!)
    expect(decided.status).toBe('applied')
    const result = decided.result as { returnId: string; refundId: string }
    const recent = screen.getByRole('region', { name: /^Decided just now/ })
    expect(recent.textContent).toContain(`Return ${result.returnId} recorded`)
    expect(recent.textContent).toContain(`refund ${result.refundId} issued`)
    await waitFor(() => expect(useFrontlineStore.getState().pendingApprovals).toBe(pendingBefore - 1))

    const ticket = await live.core.invoke('tickets.get', { ticketId: proposed.ticketId! })
    if (!ticket.ok) throw new Error(ticket.error.message)
    const system = ticket.value.messages.filter((m) => m.author === 'system').at(-1)
    expect(system?.body).toContain(`Return ${result.returnId} approved`)
  })

  it('rejects only with a reason, and records the reason', async () => {
    const [id] = await proposeReturns(live.core, 1)
    const proposed = await action(id!)
    render(<ApprovalsView />)
    const entry = await card(proposed)

    fireEvent.click(within(entry).getByRole('button', { name: 'Reject' }))
    const form = within(entry).getByRole('form', { name: `Reject the return for order ${proposed.orderId}` })
    const rejectsBefore = count('actions.reject')
    fireEvent.click(within(form).getByRole('button', { name: 'Confirm rejection' }))
    expect(within(form).getByRole('alert').textContent).toContain('Say why')
    expect(count('actions.reject')).toBe(rejectsBefore)

    fireEvent.change(within(form).getByLabelText('Reason for rejecting'), {
      target: { value: 'Photos show wear, not transit damage' }
    })
    await act(async () => fireEvent.click(within(form).getByRole('button', { name: 'Confirm rejection' })))
    await waitFor(() =>
      expect(screen.queryByRole('article', { name: `Return for order ${proposed.orderId}` })).toBeNull()
    )
    const decided = await action(id!)
    expect(decided.status).toBe('rejected')
    expect(decided.decisionReason).toBe('Photos show wear, not transit damage')
    expect(screen.getByRole('region', { name: /^Decided just now/ }).textContent).toContain(
      'Reason: Photos show wear, not transit damage'
    )
  })

  it('says in words why an approval failed, keeps the entry, and offers Retry', async () => {
    const [id] = await proposeReturns(live.core, 1)
    const proposed = await action(id!)
    render(<ApprovalsView />)
    const entry = await card(proposed)
    // Someone else decides first, behind this screen's back.
    const elsewhere = await live.core.invoke('actions.reject', { actionId: id!, reason: 'Handled by phone' })
    expect(elsewhere.ok).toBe(true)

    await act(async () => fireEvent.click(within(entry).getByRole('button', { name: 'Approve' })))
    const alert = await within(entry).findByRole('alert')
    expect(alert.textContent).toContain('Could not approve this return.')
    expect(alert.textContent).toContain('already rejected')
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy()
  })

  it('opens the ticket a proposal came from in the inbox', async () => {
    const [id] = await proposeReturns(live.core, 1)
    const proposed = await action(id!)
    act(() => useFrontlineStore.getState().setView('approvals'))
    render(<ApprovalsView />)
    const entry = await card(proposed)
    await act(async () =>
      fireEvent.click(within(entry).getByRole('button', { name: `ticket ${proposed.ticketId}` }))
    )
    expect(useFrontlineStore.getState().view).toBe('inbox')
    expect(useFrontlineStore.getState().openTicketId).toBe(proposed.ticketId)
  })

  it('shows a refund and a goodwill credit each in its own words, and approves a refund once', async () => {
    const refundId = await proposeRefund(live.core, {
      amount: 12.5,
      reason: 'late_delivery',
      note: 'Customer wrote: it came a week late.'
    })
    const creditId = await proposeRefund(live.core, {
      amount: 5,
      type: 'goodwill_credit',
      reason: 'service_issue'
    })
    const refund = await action(refundId)
    const credit = await action(creditId)
    render(<ApprovalsView />)

    const refundCard = await screen.findByRole('article', { name: `Refund for order ${refund.orderId}` })
    expect(refundCard.textContent).toContain('Refund$12.50')
    expect(refundCard.textContent).toContain('Reason: Late delivery')
    expect(refundCard.textContent).toContain('Customer wrote: it came a week late.')
    const money = within(refundCard).getByLabelText('The order’s money')
    expect(money.textContent).toContain('Cap for one refund$500.00')
    expect(money.textContent).toMatch(/Paid for the order\$\d+\.\d\d/)

    const creditCard = await screen.findByRole('article', {
      name: `Goodwill credit for order ${credit.orderId}`
    })
    expect(creditCard.textContent).toContain('Credit$5.00')
    expect(creditCard.textContent).toContain('Store credit before$0.00')
    expect(creditCard.textContent).toContain('Cap for one credit$50.00')
    expect(creditCard.textContent).toContain('Reason: Service issue')
    expect(screen.getByText(/awaiting a decision/).textContent).toMatch(
      / · \$[\d,.]+ in refunds · \$5\.00 in credits · oldest first$/
    )

    await act(async () => fireEvent.click(within(refundCard).getByRole('button', { name: 'Approve' })))
    await waitFor(() =>
      expect(screen.queryByRole('article', { name: `Refund for order ${refund.orderId}` })).toBeNull()
    )
    const decided = await action(refundId)
    if (decided.kind !== 'refund' || !decided.result) throw new Error('the refund was not applied')
    expect(screen.getByRole('region', { name: /^Decided just now/ }).textContent).toContain(
      `Refund ${decided.result.refundId} issued`
    )
    const refunds = live.core.context.db
      .prepare('SELECT COUNT(*) FROM refunds WHERE action_id = ?')
      .pluck()
      .get(refundId)
    expect(refunds).toBe(1)
  })
})

describe('the approvals queue, for changes to an order', () => {
  it('shows a proposed cancellation with what goes back to which method, and approving applies it', async () => {
    const order = live.core.context.db
      .prepare(
        `SELECT o.id, MIN(t.id) AS ticketId FROM orders o JOIN tickets t ON t.customer_id = o.customer_id
         WHERE o.status = 'paid' GROUP BY o.id ORDER BY o.id LIMIT 1`
      )
      .get() as { id: string; ticketId: string }
    const proposed = await live.core.invoke('tools.run', {
      name: 'cancel_order',
      arguments: { order_id: order.id, reason: 'ordered_by_mistake' },
      ticketId: order.ticketId
    })
    if (!proposed.ok || !proposed.value.ok) throw new Error('cancel_order was refused')
    render(<ApprovalsView />)
    const entry = await screen.findByRole('article', { name: `Cancel order ${order.id}` })
    expect(entry.textContent).toContain('Cancellation')
    expect(entry.textContent).toContain('ordered by mistake')
    expect(within(entry).getByText(/^Back to /, { selector: 'dt' })).toBeTruthy()
    fireEvent.click(within(entry).getByRole('button', { name: 'Approve' }))
    await waitFor(() =>
      expect(
        live.core.context.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(order.id)
      ).toBe('cancelled')
    )
  })
})
