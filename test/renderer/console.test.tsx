import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src/main/core/create-core'
import { ensureShopOnFirstRun } from '../../src/main/first-run'
import { serveConsole, type WebHost } from '../../src/main/web/web-host'
import { getApi, setApi } from '../../src/renderer/src/api'
import { App } from '../../src/renderer/src/App'
import { resetFrontlineStore, useFrontlineStore } from '../../src/renderer/src/store'
import type { Channel, FrontlineApi } from '../../src/shared/contract'
import type { TicketSummary } from '../../src/shared/domain/ticket'

/** Vitest's jsdom environment exposes its JSDOM instance. */
declare const jsdom: { reconfigure(options: { url: string }): void; window: { _origin: string } }

/**
 * "Opens" a URL in the test's page. jsdom's reconfigure moves the document but not the origin its
 * WebSocket sends (it reads the window's), and the host rightly refuses a foreign Origin.
 */
function openPage(url: string): void {
  jsdom.reconfigure({ url })
  jsdom.window._origin = new URL(url).origin
}

/**
 * The renderer against the real thing: a seeded SQLite shop, the core, and the web host's
 * WebSocket bridge. The page "opens" the host's URL, so api.ts takes the token from location.hash
 * exactly as it does in a browser.
 */
let dataDir: string
let core: Core
let host: WebHost
const calls: Channel[] = []

/** The real api, counting what the console asks for. */
function countingApi(real: FrontlineApi): FrontlineApi {
  return {
    invoke: (channel, input) => {
      calls.push(channel)
      return real.invoke(channel, input)
    },
    on: (event, listener) => real.on(event, listener)
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'frontline-renderer-'))
  const dbPath = join(dataDir, 'frontline.db')
  ensureShopOnFirstRun(dbPath)
  core = createCore({ dbPath, host: 'web' })
  host = await serveConsole(
    {
      invoke: (channel, input) => core.invokeRaw(channel, input),
      subscribe: (listener) => core.subscribe(listener),
      close: () => core.close()
    },
    { rendererDir: dataDir }
  )
})

afterAll(async () => {
  await host.close()
  rmSync(dataDir, { recursive: true, force: true })
})

beforeEach(() => {
  openPage(host.url)
  setApi(null)
  setApi(countingApi(getApi()))
  resetFrontlineStore()
  calls.length = 0
})

afterEach(() => cleanup())

async function coreTickets(): Promise<TicketSummary[]> {
  const page = await core.invoke('tickets.list', {})
  if (!page.ok) throw new Error(page.error.message)
  return page.value.tickets
}

const ticketRows = (grid: HTMLElement): HTMLElement[] =>
  within(grid)
    .getAllByRole('row')
    .filter((row) => within(row).queryAllByRole('gridcell').length > 0)

describe('the console over the web bridge', () => {
  it('lists the inbox from the core: subject, customer, status, priority, age', async () => {
    render(<App />)
    const grid = await screen.findByRole('grid', { name: 'Inbox' })
    const tickets = await coreTickets()
    const rows = ticketRows(grid)
    expect(rows).toHaveLength(tickets.length)

    const first = tickets[0]!
    const cells = within(rows[0]!).getAllByRole('gridcell')
    expect(cells.map((cell) => cell.textContent)).toEqual([
      `${first.subject}${first.id}`,
      first.customerName ?? 'Unknown customer',
      expect.stringContaining(first.status.slice(1)),
      expect.stringContaining(first.priority.slice(1)),
      expect.stringMatching(/^(just now|\d+[mhdw])$/)
    ])
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent)
    ).toEqual(['Subject', 'Customer', 'Status', 'Priority', 'Age'])
    expect(await screen.findByText('Demo mode')).toBeTruthy()
  })

  it('opens a ticket: its thread, the customer card and their orders with status and tracking', async () => {
    render(<App />)
    const grid = await screen.findByRole('grid', { name: 'Inbox' })
    const tickets = await coreTickets()
    const index = tickets.findIndex((t) => t.customerId !== null)
    const ticket = tickets[index]!
    fireEvent.click(ticketRows(grid)[index]!)

    const view = await screen.findByRole('region', { name: ticket.subject })
    const detail = await core.invoke('tickets.get', { ticketId: ticket.id })
    if (!detail.ok) throw new Error(detail.error.message)

    const thread = within(view).getByRole('region', { name: /^Conversation/ })
    const messages = within(thread).getAllByRole('article')
    expect(messages).toHaveLength(detail.value.messages.length)
    expect(messages[0]!.textContent).toContain(detail.value.messages[0]!.body.slice(0, 40))

    const customer = within(view).getByRole('region', { name: 'Customer' })
    expect(customer.textContent).toContain(detail.value.customer!.name)
    expect(customer.textContent).toContain(detail.value.customer!.email)

    const orders = within(within(view).getByRole('region', { name: /^Orders/ })).getAllByRole('article')
    expect(orders.map((o) => o.getAttribute('aria-label'))).toEqual(
      detail.value.orders.map((o) => `Order ${o.id}`)
    )
    const tracked = detail.value.orders.find((o) => o.trackingNumber)
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
    const before = calls.filter((c) => c === 'tickets.get').length
    await act(async () => fireEvent.click(within(alert).getByRole('button', { name: 'Retry' })))
    await screen.findByRole('alert')
    expect(calls.filter((c) => c === 'tickets.get').length).toBe(before + 1)
  })

  it('names the offending field when the core refuses a query', async () => {
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' })
    await act(() => useFrontlineStore.getState().setInboxQuery({ limit: 0 }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load the inbox.')
    expect(within(alert).getByText('limit')).toBeTruthy()
    // The last good list stays on screen while the error is shown.
    expect(screen.getByRole('grid', { name: 'Inbox' })).toBeTruthy()
  })

  it('moves through the inbox with the arrow keys and opens with Enter', async () => {
    render(<App />)
    const grid = await screen.findByRole('grid', { name: 'Inbox' })
    const rows = ticketRows(grid)
    expect(rows[0]!.tabIndex).toBe(0)
    expect(rows[1]!.tabIndex).toBe(-1)
    rows[0]!.focus()
    fireEvent.keyDown(rows[0]!, { key: 'ArrowDown' })
    expect(document.activeElement).toBe(rows[1])
    fireEvent.keyDown(rows[1]!, { key: 'Enter' })
    const subject = rows[1]!.querySelector('.inbox-row__title')!.textContent!
    expect(await screen.findByRole('region', { name: subject })).toBeTruthy()
  })

  it('reloads the inbox and the open ticket once per burst of changes the core reports', async () => {
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' })
    await act(() => useFrontlineStore.getState().openTicket('TKT-000002'))
    const count = (channel: Channel): number => calls.filter((c) => c === channel).length
    const before = count('tickets.list')
    const ticketLoads = count('tickets.get')
    act(() => {
      // A burst, as while a draft streams: one reload answers it.
      for (const id of ['TKT-000001', 'TKT-000002', 'TKT-000001']) {
        core.context.events.emit('tickets.changed', { ticketIds: [id] })
      }
    })
    await waitFor(() => expect(count('tickets.list')).toBe(before + 1))
    // The open ticket was among the changed ones, so it is fetched again too.
    await waitFor(() => expect(count('tickets.get')).toBe(ticketLoads + 1))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(count('tickets.list')).toBe(before + 1)
  })
})

describe('the console opened without its token', () => {
  it('explains how to open it properly, with a Retry button', async () => {
    openPage(`http://127.0.0.1:${host.port}/`)
    setApi(null)
    render(<App />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('opened without its access token')
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy()
  })
})
