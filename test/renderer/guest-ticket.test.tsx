import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { App } from '../../src/renderer/src/App'
import { useFrontlineStore } from '../../src/renderer/src/store'
import { channelRuntimeOf } from '../../src/main/core/channel-handlers'
import { giveTheInboxAViewport, startConsoleHost, ticketRows, type ConsoleHost } from './console-host'

let host: ConsoleHost
let restoreViewport: () => void
let guestTicket: string

beforeAll(async () => {
  host = await startConsoleHost()
  restoreViewport = giveTheInboxAViewport()
  // A visitor without an account writes in the chat, as the shop's website would send it.
  const chat = channelRuntimeOf(host.core.context).service.start({
    claimedCustomerId: 'guest',
    text: 'Hello, where is my parcel zebrafish?',
    history: []
  })
  guestTicket = (await chat.turn).session.ticketId
})

afterAll(async () => {
  restoreViewport()
  await host.close()
})

afterEach(() => cleanup())

it('shows a chat with no account linked as "Guest", in the inbox row and the ticket header', async () => {
  host.openConsole()
  render(<App />)
  const grid = await screen.findByRole('grid', { name: 'Inbox' })
  await act(() => useFrontlineStore.getState().setInboxQuery({ search: 'zebrafish' }))
  await waitFor(() => expect(ticketRows(grid).map((r) => r.dataset.ticketId)).toEqual([guestTicket]))
  const cells = within(ticketRows(grid)[0]!).getAllByRole('gridcell')
  expect(cells[1]!.textContent).toBe('Guest')

  await act(() => useFrontlineStore.getState().openTicket(guestTicket))
  const view = await screen.findByRole('region', { name: 'Chat: Hello, where is my parcel zebrafish?' })
  const header = view.querySelector('.ticket__header') as HTMLElement
  expect(within(header).getByText('Guest').getAttribute('title')).toBe(
    'No customer account is linked to this conversation'
  )
  const customer = within(view).getByRole('region', { name: 'Customer' })
  expect(customer.textContent).toContain('Guest')
  expect(customer.textContent).toContain('the email address it was placed with')
})
