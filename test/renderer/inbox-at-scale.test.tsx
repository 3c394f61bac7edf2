import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { insertOrderStatusTickets } from '../../src/main/db/fixtures/bench-tickets'
import { App } from '../../src/renderer/src/App'
import { INBOX_ROW_HEIGHT } from '../../src/renderer/src/features/inbox/InboxRow'
import { INBOX_PAGE_SIZE } from '../../src/renderer/src/store/inbox-slice'
import {
  giveTheInboxAViewport,
  invokeOk,
  LIST_VIEWPORT_PX,
  startConsoleHost,
  ticketRows,
  type ConsoleHost
} from './console-host'

const TOTAL = 50_000
const DEMO_TICKETS = 200

let console_: ConsoleHost
let restoreViewport: () => void

beforeAll(async () => {
  console_ = await startConsoleHost({
    // The demo shop's 200 tickets and 49,800 more: a busy shop's backlog.
    prepare: (db) =>
      insertOrderStatusTickets(db, {
        prefix: 'TKT-B',
        count: TOTAL - DEMO_TICKETS,
        now: '2026-01-01T00:00:00.000Z'
      })
  })
  restoreViewport = giveTheInboxAViewport()
}, 60_000)

afterAll(async () => {
  restoreViewport()
  await console_.close()
})

afterEach(() => cleanup())

const unresolved = async (): Promise<number> =>
  (await invokeOk(console_.core, 'tickets.list', { statusNot: ['solved', 'closed'], limit: 1 })).total

/** Scrolls the inbox's scroll box as a wheel would, and lets the list catch up. */
function scrollInboxTo(top: number): void {
  const body = document.querySelector<HTMLElement>('.inbox-grid__body')!
  body.scrollTop = top
  fireEvent.scroll(body)
}

describe('the inbox with 50,000 tickets', () => {
  it('draws only the rows in view and fetches only their pages', async () => {
    console_.openConsole()
    render(<App />)
    const grid = await screen.findByRole('grid', { name: 'Inbox' })
    // Solved and closed tickets of the demo shop are out of the default view.
    expect(grid.getAttribute('aria-rowcount')).toBe(String((await unresolved()) + 1))
    await waitFor(() => expect(ticketRows(grid).length).toBeGreaterThan(0))

    const drawn = grid.querySelectorAll('[role="row"][data-index]')
    const inView = Math.ceil(LIST_VIEWPORT_PX / INBOX_ROW_HEIGHT)
    expect(drawn.length).toBeGreaterThanOrEqual(inView)
    expect(drawn.length).toBeLessThan(inView + 20)
    // The scroll box is as tall as all 50,000 rows would be, so the scrollbar tells the truth.
    const canvas = grid.querySelector<HTMLElement>('.inbox-grid__canvas')!
    expect(canvas.style.height).toBe(`${(await unresolved()) * INBOX_ROW_HEIGHT}px`)

    const lists = console_.calls.filter((c) => c.channel === 'tickets.list')
    expect(lists.length).toBeGreaterThan(0)
    expect(lists.every((c) => (c.input as { limit: number }).limit === INBOX_PAGE_SIZE)).toBe(true)
    expect(lists.map((c) => (c.input as { offset: number }).offset)).toEqual(lists.map(() => 0))
  })

  it('scrolled far down, draws the rows there from the page they are on', async () => {
    console_.openConsole()
    render(<App />)
    const grid = await screen.findByRole('grid', { name: 'Inbox' })
    await waitFor(() => expect(ticketRows(grid).length).toBeGreaterThan(0))

    const target = 31_337
    act(() => scrollInboxTo(target * INBOX_ROW_HEIGHT))
    await waitFor(() =>
      expect(ticketRows(grid).some((row) => row.getAttribute('aria-rowindex') === String(target + 2))).toBe(
        true
      )
    )
    const rows = ticketRows(grid)
    expect(grid.querySelectorAll('[role="row"][data-index]').length).toBeLessThan(40)
    const row = rows.find((r) => r.getAttribute('aria-rowindex') === String(target + 2))!
    const expected = await invokeOk(console_.core, 'tickets.list', {
      statusNot: ['solved', 'closed'],
      limit: 1,
      offset: target
    })
    expect(row.dataset.ticketId).toBe(expected.tickets[0]!.id)

    const offsets = console_.calls
      .filter((c) => c.channel === 'tickets.list')
      .map((c) => (c.input as { offset: number }).offset)
    // The first page, then the page (or two) around row 31,337; nothing in between.
    expect(offsets).toContain(Math.floor(target / INBOX_PAGE_SIZE) * INBOX_PAGE_SIZE)
    expect(offsets.length).toBeLessThanOrEqual(4)
  })
})
