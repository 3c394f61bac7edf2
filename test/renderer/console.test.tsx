import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { setApi } from '../../src/renderer/src/api'
import { App } from '../../src/renderer/src/App'
import { useFrontlineStore } from '../../src/renderer/src/store'
import { invokeOk, LIST_VIEWPORT_PX, openPage, ticketRows, useConsoleHost } from './console-host'

const console_ = useConsoleHost()

/** The inbox's default view: everything not yet solved or closed. */
const coreTickets = async () =>
  (await invokeOk(console_.core, 'tickets.list', { statusNot: ['solved', 'closed'] })).tickets

describe('the console over the web bridge', () => {
  it('lists the inbox from the core: subject, customer, status, priority, time waiting', async () => {
    render(<App />)
    const grid = await screen.findByRole('grid', { name: 'Inbox' })
    const tickets = await coreTickets()
    await waitFor(() => expect(ticketRows(grid).length).toBeGreaterThan(0))
    const rows = ticketRows(grid)
    expect(grid.getAttribute('aria-rowcount')).toBe(String(tickets.length + 1))
    // Only what fits the viewport, and a few beyond it, is drawn.
    expect(rows.length).toBeLessThan(tickets.length)
    expect(rows.length).toBeGreaterThanOrEqual(Math.floor(LIST_VIEWPORT_PX / 60))
    expect(rows.map((r) => r.dataset.ticketId)).toEqual(tickets.slice(0, rows.length).map((t) => t.id))

    const first = tickets[0]!
    const cells = within(rows[0]!).getAllByRole('gridcell')
    expect(cells[0]!.textContent).toContain(first.subject)
    expect(cells[0]!.textContent).toContain(first.id)
    expect(cells.slice(1).map((cell) => cell.textContent)).toEqual([
      first.customerName ?? 'Unknown customer',
      expect.stringContaining(first.status.slice(1)),
      expect.stringContaining(first.priority.slice(1)),
      expect.stringMatching(/^(just now|\d+[mhdw])$/)
    ])
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent)
    ).toEqual(['Subject', 'Customer', 'Status', 'Priority', 'Waiting'])
    const statusBar = screen.getByRole('contentinfo', { name: 'Status bar' })
    await waitFor(() => expect(within(statusBar).getByText('Demo mode')).toBeTruthy())
  })

  it('opens a ticket: its thread, the customer card and their orders with status and tracking', async () => {
    render(<App />)
    const grid = await screen.findByRole('grid', { name: 'Inbox' })
    const tickets = await coreTickets()
    const index = tickets.findIndex((t) => t.customerId !== null)
    const ticket = tickets[index]!
    await waitFor(() => expect(ticketRows(grid).length).toBeGreaterThan(index))
    fireEvent.click(ticketRows(grid)[index]!)

    const view = await screen.findByRole('region', { name: ticket.subject })
    const detail = await invokeOk(console_.core, 'tickets.get', { ticketId: ticket.id })

    const thread = within(view).getByRole('region', { name: /^Conversation/ })
    const messages = within(thread).getAllByRole('article')
    expect(messages).toHaveLength(detail.messages.length)
    expect(messages[0]!.textContent).toContain(detail.messages[0]!.body.slice(0, 40))

    const customer = within(view).getByRole('region', { name: 'Customer' })
    expect(customer.textContent).toContain(detail.customer!.name)
    expect(customer.textContent).toContain(detail.customer!.email)

    const orders = within(within(view).getByRole('region', { name: /^Orders/ })).getAllByRole('article')
    expect(orders.map((o) => o.getAttribute('aria-label'))).toEqual(detail.orders.map((o) => `Order ${o.id}`))
    const tracked = detail.orders.find((o) => o.trackingNumber)
    if (tracked) {
      const card = within(view).getByRole('article', { name: `Order ${tracked.id}` })
      expect(within(card).getByLabelText(`Tracking number ${tracked.trackingNumber}`)).toBeTruthy()
    }
    expect(ticketRows(grid)[index]!.getAttribute('aria-selected')).toBe('true')
  })

  it('says in words when a ticket cannot be loaded, and Retry asks again', async () => {
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' })
    await act(() => useFrontlineStore.getState().openTicket('TKT-999999'))

    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load ticket TKT-999999.')
    expect(alert.textContent).toContain('No ticket TKT-999999')
    const before = console_.count('tickets.get')
    await act(async () => fireEvent.click(within(alert).getByRole('button', { name: 'Retry' })))
    await screen.findByRole('alert')
    expect(console_.count('tickets.get')).toBe(before + 1)
  })

  it('names the offending field when the core refuses a query', async () => {
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' })
    await act(() => useFrontlineStore.getState().setInboxQuery({ search: 'x'.repeat(201) }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load the inbox.')
    expect(within(alert).getByText('search')).toBeTruthy()
    // The last good list stays on screen while the error is shown.
    expect(screen.getByRole('grid', { name: 'Inbox' })).toBeTruthy()
  })

  it('moves through the inbox with j/k and the arrow keys, and opens with Enter', async () => {
    render(<App />)
    const grid = await screen.findByRole('grid', { name: 'Inbox' })
    await waitFor(() => expect(ticketRows(grid).length).toBeGreaterThan(3))
    const rows = () => ticketRows(grid)
    expect(rows()[0]!.tabIndex).toBe(0)
    expect(rows()[1]!.tabIndex).toBe(-1)
    rows()[0]!.focus()
    fireEvent.keyDown(rows()[0]!, { key: 'j' })
    await waitFor(() => expect(document.activeElement).toBe(rows()[1]))
    fireEvent.keyDown(rows()[1]!, { key: 'ArrowDown' })
    await waitFor(() => expect(document.activeElement).toBe(rows()[2]))
    fireEvent.keyDown(rows()[2]!, { key: 'k' })
    await waitFor(() => expect(document.activeElement).toBe(rows()[1]))
    expect(rows()[1]!.tabIndex).toBe(0)
    fireEvent.keyDown(rows()[1]!, { key: 'Enter' })
    const subject = rows()[1]!.querySelector('.inbox-row__title')!.textContent!
    expect(await screen.findByRole('region', { name: subject })).toBeTruthy()
  })

  it('filters by status, priority, draft and approval, and searches, through the core', async () => {
    render(<App />)
    const grid = await screen.findByRole('grid', { name: 'Inbox' })
    const lastQuery = () => console_.calls.filter((c) => c.channel === 'tickets.list').at(-1)?.input

    fireEvent.click(
      within(screen.getByRole('group', { name: 'Status' })).getByRole('button', { name: 'New' })
    )
    await waitFor(() => expect(lastQuery()).toMatchObject({ status: ['new'] }))
    const fresh = (await invokeOk(console_.core, 'tickets.list', { status: ['new'], limit: 1 })).total
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe(String(fresh + 1)))
    await waitFor(() => expect(ticketRows(grid).every((r) => r.textContent?.includes('New'))).toBe(true))

    fireEvent.click(
      within(screen.getByRole('group', { name: 'Priority' })).getByRole('button', { name: 'Urgent' })
    )
    await waitFor(() => expect(lastQuery()).toMatchObject({ status: ['new'], priority: ['urgent'] }))

    const draftChip = (name: string) =>
      within(screen.getByRole('group', { name: 'Draft' })).getByRole('button', { name })
    fireEvent.click(draftChip('Fallback'))
    await waitFor(() =>
      expect(lastQuery()).toMatchObject({ draftWrittenWithoutAi: true, draftStatus: undefined })
    )
    // One draft chip at a time: "Has draft" replaces "Fallback", and back.
    fireEvent.click(draftChip('Has draft'))
    await waitFor(() =>
      expect(lastQuery()).toMatchObject({
        draftStatus: ['ready', 'fallback'],
        draftWrittenWithoutAi: undefined
      })
    )
    expect(draftChip('Fallback').getAttribute('aria-pressed')).toBe('false')
    fireEvent.click(draftChip('Fallback'))
    await waitFor(() => expect(lastQuery()).toMatchObject({ draftWrittenWithoutAi: true }))
    expect(draftChip('Fallback').getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(screen.getByRole('button', { name: 'Awaiting approval' }))
    await waitFor(() => expect(lastQuery()).toMatchObject({ awaitingApproval: true }))
    expect(await screen.findByText('No tickets match')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() =>
      expect(lastQuery()).toEqual({ sort: 'age', statusNot: ['solved', 'closed'], limit: 100, offset: 0 })
    )

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search tickets' }), {
      target: { value: 'TKT-000007' }
    })
    await waitFor(() => expect(lastQuery()).toMatchObject({ search: 'TKT-000007' }))
    const found = await screen.findByRole('grid', { name: 'Inbox' })
    await waitFor(() => expect(ticketRows(found).map((r) => r.dataset.ticketId)).toEqual(['TKT-000007']))

    fireEvent.change(screen.getByRole('combobox', { name: 'Sort' }), { target: { value: 'priority' } })
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: 'priority', search: 'TKT-000007' }))
  })

  it('reloads the inbox and the open ticket once per burst of changes the core reports', async () => {
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' })
    await act(() => useFrontlineStore.getState().openTicket('TKT-000002'))
    const before = console_.count('tickets.list')
    const ticketLoads = console_.count('tickets.get')
    act(() => {
      // A burst, as while a draft streams: one reload answers it.
      for (const id of ['TKT-000001', 'TKT-000002', 'TKT-000001']) {
        console_.core.context.events.emit('tickets.changed', { ticketIds: [id] })
      }
    })
    await waitFor(() => expect(console_.count('tickets.list')).toBe(before + 1))
    // The open ticket was among the changed ones, so it is fetched again too.
    await waitFor(() => expect(console_.count('tickets.get')).toBe(ticketLoads + 1))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(console_.count('tickets.list')).toBe(before + 1)
  })

  it('switches views from the navigation, with the approvals count visible from all of them', async () => {
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' })
    const nav = screen.getByRole('navigation', { name: 'Views' })
    expect(
      within(nav)
        .getByRole('button', { name: /^Inbox/ })
        .getAttribute('aria-current')
    ).toBe('page')
    fireEvent.click(within(nav).getByRole('button', { name: /^Costs/ }))
    expect(
      within(nav)
        .getByRole('button', { name: /^Costs/ })
        .getAttribute('aria-current')
    ).toBe('page')
    // The inbox keeps its place behind the other view.
    expect(screen.queryByRole('grid', { name: 'Inbox' })).toBeNull()
    fireEvent.click(within(nav).getByRole('button', { name: /^Inbox/ }))
    expect(await screen.findByRole('grid', { name: 'Inbox' })).toBeTruthy()

    act(() => console_.core.context.events.emit('actions.changed', { actionIds: ['ACT-x'], pending: 3 }))
    await waitFor(() =>
      expect(within(nav).getByRole('button', { name: /^Approvals/ }).textContent).toContain('3 waiting')
    )
    expect(screen.getByRole('contentinfo', { name: 'Status bar' }).textContent).toContain(
      '3 actions awaiting approval'
    )
  })

  it('follows the chosen theme', async () => {
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' })
    fireEvent.change(screen.getByRole('combobox', { name: 'Theme' }), { target: { value: 'dark' } })
    expect(document.documentElement.dataset.theme).toBe('dark')
    fireEvent.change(screen.getByRole('combobox', { name: 'Theme' }), { target: { value: 'system' } })
    expect(document.documentElement.dataset.theme).toBeUndefined()
  })
})

describe('the console opened without its token', () => {
  it('explains how to open it properly, with a Retry button', async () => {
    openPage(`http://127.0.0.1:${console_.host.port}/`)
    setApi(null)
    render(<App />)
    const alerts = await screen.findAllByRole('alert')
    const inboxAlert = alerts.find((a) => a.textContent?.includes('Could not load the inbox.'))!
    expect(inboxAlert.textContent).toContain('opened without its access token')
    expect(within(inboxAlert).getByRole('button', { name: 'Retry' })).toBeTruthy()
  })
})
