import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listCustomerVisibleMessages } from '../../src/main/db/repositories/chat-sessions'
import { appendMessage } from '../../src/main/db/repositories/tickets'
import { App } from '../../src/renderer/src/App'
import { useFrontlineStore } from '../../src/renderer/src/store'
import { invokeOk, ticketRows, useConsoleHost } from './console-host'

/** Each wait below is for the core's answer and the view it brings, which a busy machine can slow. */
const SLOW = { timeout: 5_000 }

const console_ = useConsoleHost()

/** A new ticket nobody has drafted for yet, different for each test that asks. */
const taken = new Set<string>()
async function freshTicket() {
  const page = await invokeOk(console_.core, 'tickets.list', { status: ['new'], limit: 200 })
  for (const ticket of page.tickets) {
    if (taken.has(ticket.id)) continue
    const draft = await invokeOk(console_.core, 'drafts.forTicket', { ticketId: ticket.id })
    if (draft) continue
    taken.add(ticket.id)
    return ticket
  }
  throw new Error('the demo shop ran out of new tickets without a draft')
}

async function openInConsole(ticketId: string) {
  render(<App />)
  await screen.findByRole('grid', { name: 'Inbox' }, SLOW)
  await act(() => useFrontlineStore.getState().openTicket(ticketId))
  const { ticket } = await invokeOk(console_.core, 'tickets.get', { ticketId })
  return screen.findByRole('region', { name: ticket.subject }, SLOW)
}

const press = (key: string, target: Element = document.body): void => {
  fireEvent.keyDown(target, { key })
}

describe('working a ticket by hand', () => {
  it('sends a reply written without any draft, as the person, counted as hand-written', async () => {
    const ticket = await freshTicket()
    const view = await openInConsole(ticket.id)
    const draft = within(view).getByRole('region', { name: 'AI draft' })
    await within(draft).findByText(/No draft yet/, undefined, SLOW)
    const field = within(draft).getByRole('textbox', { name: 'Write a reply' })
    const send = within(draft).getByRole('button', { name: 'Send reply' })
    expect(send).toHaveProperty('disabled', true)

    fireEvent.change(field, { target: { value: 'Hello! Your parcel left our warehouse this morning.' } })
    // The AI is not asked to draft over what the person is writing.
    expect(within(draft).getByRole('button', { name: 'Draft reply' }).getAttribute('title')).toMatch(
      /writing a reply yourself/
    )
    fireEvent.click(send)

    const thread = within(view).getByRole('region', { name: /^Conversation/ })
    const sent = await within(thread).findByText(
      'Hello! Your parcel left our warehouse this morning.',
      undefined,
      SLOW
    )
    expect(sent.closest('article')?.textContent).toContain('sent by support agent, written by hand')
    await waitFor(() => expect((field as HTMLTextAreaElement).value).toBe(''), SLOW)
    const detail = await invokeOk(console_.core, 'tickets.get', { ticketId: ticket.id })
    expect(detail.ticket.status).toBe('pending')
    expect(detail.messages.at(-1)).toMatchObject({ composedBy: 'person', sentBy: 'support agent' })
    expect(
      within(within(view).getByRole('group', { name: 'Ticket status' }))
        .getByRole('button', { name: 'Pending' })
        .getAttribute('aria-pressed')
    ).toBe('true')
  })

  it('keeps what was written, unsent, while the person looks at another ticket', async () => {
    const first = await freshTicket()
    const second = await freshTicket()
    const view = await openInConsole(first.id)
    fireEvent.change(within(view).getByRole('textbox', { name: 'Internal note' }), {
      target: { value: 'Half a thought' }
    })
    await act(() => useFrontlineStore.getState().openTicket(second.id))
    await screen.findByRole('region', { name: second.subject }, SLOW)
    await act(() => useFrontlineStore.getState().openTicket(first.id))
    const back = await screen.findByRole('region', { name: first.subject }, SLOW)
    expect(within(back).getByRole('textbox', { name: 'Internal note' })).toHaveProperty(
      'value',
      'Half a thought'
    )
  })

  it('adds an internal note the team sees and the customer never does', async () => {
    const ticket = await freshTicket()
    const view = await openInConsole(ticket.id)
    fireEvent.change(within(view).getByRole('textbox', { name: 'Internal note' }), {
      target: { value: 'Called the warehouse: the parcel is lost.' }
    })
    fireEvent.click(within(view).getByRole('button', { name: 'Add note' }))
    const note = await within(view).findByRole('article', { name: /^Internal note by support agent/ }, SLOW)
    expect(note.textContent).toContain('Only the team sees this note.')
    const body = within(note).getByText('Called the warehouse: the parcel is lost.')
    expect(body.getAttribute('dir')).toBe('auto')
    expect(listCustomerVisibleMessages(console_.core.context.db, ticket.id).map((m) => m.body)).not.toContain(
      'Called the warehouse: the parcel is lost.'
    )
    // The status is the customer's business: a note leaves it as it was.
    expect((await invokeOk(console_.core, 'tickets.get', { ticketId: ticket.id })).ticket.status).toBe('new')
  })

  it('sets the status by keyboard, records it in the history, and a solved ticket leaves the inbox', async () => {
    const ticket = await freshTicket()
    const view = await openInConsole(ticket.id)
    const grid = screen.getByRole('grid', { name: 'Inbox' })
    await waitFor(
      () => expect(ticketRows(grid).some((r) => r.dataset.ticketId === ticket.id)).toBe(true),
      SLOW
    )

    press('s')
    const status = within(view).getByRole('group', { name: 'Ticket status' })
    expect(document.activeElement).toBe(within(status).getByRole('button', { name: 'Open' }))
    // Moving along the choices changes nothing; Enter or Space (the button's click) picks one.
    for (let i = 0; i < 3; i++) press('ArrowRight', document.activeElement!)
    expect(document.activeElement).toBe(within(status).getByRole('button', { name: 'Solved' }))
    expect((await invokeOk(console_.core, 'tickets.get', { ticketId: ticket.id })).history).toEqual([])
    fireEvent.click(document.activeElement!)

    await waitFor(
      () =>
        expect(within(status).getByRole('button', { name: 'Solved' }).getAttribute('aria-pressed')).toBe(
          'true'
        ),
      SLOW
    )
    await waitFor(
      () => expect(ticketRows(grid).some((r) => r.dataset.ticketId === ticket.id)).toBe(false),
      SLOW
    )
    fireEvent.click(within(view).getByRole('button', { name: 'History' }))
    expect(
      await within(view).findByText(/changed the status from New to Solved/, undefined, SLOW)
    ).toBeTruthy()
  })

  it('sets the priority and tags by hand, each saying who set it', async () => {
    const ticket = await freshTicket()
    const view = await openInConsole(ticket.id)
    fireEvent.click(
      within(within(view).getByRole('group', { name: 'Ticket priority' })).getByRole('button', {
        name: 'Urgent'
      })
    )
    press('t')
    const tagField = within(view).getByRole('textbox', { name: 'Add a tag' })
    expect(document.activeElement).toBe(tagField)
    fireEvent.change(tagField, { target: { value: 'Damaged' } })
    fireEvent.submit(tagField.closest('form')!)
    const tags = within(view).getByRole('list', { name: 'Tags of this ticket' })
    const tag = await within(tags).findByText('damaged', undefined, SLOW)
    expect(tag.closest('li')?.getAttribute('title')).toBe('Set by support agent')
    await waitFor(
      () =>
        expect(
          within(within(view).getByRole('group', { name: 'Ticket priority' }))
            .getByRole('button', { name: 'Urgent' })
            .getAttribute('aria-pressed')
        ).toBe('true'),
      SLOW
    )
    fireEvent.click(within(tags).getByRole('button', { name: 'Remove tag damaged' }))
    await waitFor(() => expect(within(tags).queryByText('damaged')).toBeNull(), SLOW)
    const { history } = await invokeOk(console_.core, 'tickets.get', { ticketId: ticket.id })
    expect(history.map((h) => h.action)).toEqual([
      'ticket.priority_changed',
      'ticket.tag_added',
      'ticket.tag_removed'
    ])
  })

  it("names a customer's own turns after them, never 'you' or blank", async () => {
    const ticket = await freshTicket()
    // The chat channel stores a customer's turns without a name: the chat calls them "you".
    appendMessage(console_.core.context.db, {
      ticketId: ticket.id,
      author: 'customer',
      authorName: '',
      body: 'مرحبا، أين طلبي؟',
      now: new Date().toISOString()
    })
    const view = await openInConsole(ticket.id)
    const thread = within(view).getByRole('region', { name: /^Conversation/ })
    const last = within(thread).getAllByRole('article').at(-1)!
    expect(last.getAttribute('aria-label')).toMatch(new RegExp(`^${ticket.customerName}, `))
    // Arabic reads right to left: the browser takes the direction from the text itself.
    expect(within(last).getByText('مرحبا، أين طلبي؟').getAttribute('dir')).toBe('auto')
  })
})

describe('search and shortcuts', () => {
  it('finds a ticket by a word only its messages hold; / focuses the search and ? lists the shortcuts', async () => {
    const ticket = await freshTicket()
    await invokeOk(console_.core, 'tickets.addNote', {
      ticketId: ticket.id,
      body: 'Zanzibar courier swapped'
    })
    render(<App />)
    const grid = await screen.findByRole('grid', { name: 'Inbox' }, SLOW)
    press('/')
    const search = screen.getByRole('searchbox', { name: 'Search tickets' })
    await waitFor(() => expect(document.activeElement).toBe(search), SLOW)
    fireEvent.change(search, { target: { value: 'zanzibar' } })
    // Until the list is the one asked for, the inbox says it is busy (a test, or a screen reader, waits).
    const pane = screen.getByRole('region', { name: 'Inbox' })
    expect(pane.getAttribute('aria-busy')).toBe('true')
    await waitFor(() => expect(pane.getAttribute('aria-busy')).toBe('false'), SLOW)
    await waitFor(() => expect(ticketRows(grid).map((r) => r.dataset.ticketId)).toEqual([ticket.id]), SLOW)
    // Typed into the box, "?" is a character, not a shortcut.
    press('?', search)
    expect(screen.queryByRole('dialog')).toBeNull()

    search.blur()
    press('?')
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })
    expect(help.textContent).toContain('Set the status')
    fireEvent.keyDown(help, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('Esc closes the open ticket, but not while the person is typing', async () => {
    const ticket = await freshTicket()
    const view = await openInConsole(ticket.id)
    press('Escape', within(view).getByRole('textbox', { name: 'Internal note' }))
    expect(useFrontlineStore.getState().openTicketId).toBe(ticket.id)
    press('Escape')
    await waitFor(() => expect(useFrontlineStore.getState().openTicketId).toBeNull(), SLOW)
    expect(await screen.findByText('No ticket open')).toBeTruthy()
  })
})
