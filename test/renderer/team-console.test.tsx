import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket as NodeWebSocket } from 'ws'
import { ensureShopOnFirstRun } from '../../src/main/first-run'
import type { TeamServer } from '../../src/main/team-server/team-server'
import { App } from '../../src/renderer/src/App'
import { setApi } from '../../src/renderer/src/api'
import { resetFrontlineStore } from '../../src/renderer/src/store'
import { createContractClient } from '../../src/shared/contract-client'
import type { FrontlineApi } from '../../src/shared/contract'
import { createWebSocketTransport } from '../../src/shared/web-bridge-transport'
import { addPeople, PASSWORD, startTestTeamServer } from '../support/team'
import { giveTheInboxAViewport, openPage } from './console-host'

/** The server and the page share this machine's cores with other tests: allow for a slow moment. */
const LIVE = { timeout: 10_000 }

let dir: string
let server: TeamServer
let root: FrontlineApi
let restoreViewport: () => void

/** A teammate's console outside the page (Node's WebSocket): what another person does meanwhile. */
async function teammate(email: string): Promise<FrontlineApi> {
  const connect = (token: string | null) =>
    createContractClient(
      createWebSocketTransport({
        origin: `ws://127.0.0.1:${server.port}`,
        token,
        createSocket: (url, protocols) => new NodeWebSocket(url, protocols) as never
      })
    )
  const door = connect(null)
  const signedIn = await door.invoke('auth.signIn', { email, password: PASSWORD })
  door.close?.()
  if (!signedIn.ok) throw new Error(signedIn.error.message)
  return connect(signedIn.value.session.token)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-team-console-'))
  const dbPath = join(dir, 'frontline.db')
  ensureShopOnFirstRun(dbPath)
  await addPeople(dbPath, [
    ['Root', 'admin'],
    ['Ada', 'agent']
  ])
  server = await startTestTeamServer(dbPath, { rendererDir: dir, sessionCheckMs: 200 })
  root = await teammate('root@shop.example')
  restoreViewport = giveTheInboxAViewport()
})

afterAll(async () => {
  restoreViewport()
  root.close?.()
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(() => {
  localStorage.clear()
  openPage(`http://127.0.0.1:${server.port}/`)
  setApi(null)
  resetFrontlineStore()
})
afterEach(() => cleanup())

/** A person's id, as an admin's console lists them. */
async function personId(email: string): Promise<string | undefined> {
  const people = await root.invoke('people.list', {})
  if (!people.ok) throw new Error(people.error.message)
  return people.value.find((p) => p.email === email)?.id
}

/** The first ticket row once the inbox's rows have landed. */
async function firstTicketRow(): Promise<HTMLElement> {
  const grid = screen.getByRole('grid', { name: 'Inbox' })
  return waitFor(() => {
    const row = within(grid)
      .getAllByRole('row')
      .find((r) => r.dataset.ticketId)
    if (!row) throw new Error('no ticket rows yet')
    return row
  }, LIVE)
}

async function signInAs(email: string): Promise<void> {
  render(<App />)
  const form = await screen.findByRole('form', { name: 'Sign in to Frontline' })
  fireEvent.change(within(form).getByLabelText('Email'), { target: { value: email } })
  fireEvent.change(within(form).getByLabelText('Password'), { target: { value: PASSWORD } })
  fireEvent.click(within(form).getByRole('button', { name: 'Sign in' }))
  await screen.findByRole('grid', { name: 'Inbox' }, { timeout: 10_000 })
}

describe('the team server’s console', () => {
  it('asks for a sign-in, says what went wrong, and opens the inbox as the person', async () => {
    render(<App />)
    const form = await screen.findByRole('form', { name: 'Sign in to Frontline' })
    fireEvent.change(within(form).getByLabelText('Email'), { target: { value: 'ada@shop.example' } })
    fireEvent.change(within(form).getByLabelText('Password'), { target: { value: 'not my password' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Sign in' }))
    expect((await within(form).findByRole('alert')).textContent).toBe('Email or password is wrong.')
    cleanup()
    resetFrontlineStore()

    await signInAs('ada@shop.example')
    const account = screen.getByRole('region', { name: 'Signed in' })
    expect(account.textContent).toContain('Ada')
    expect(account.textContent).toContain('agent')
    // A reload keeps the session (this browser profile keeps its token).
    expect(localStorage.getItem('frontline.session')).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('shows Mine / Unassigned / All, and assigns picked rows to the person who takes them', async () => {
    await signInAs('ada@shop.example')
    const queues = screen.getByRole('group', { name: 'Whose tickets' })
    fireEvent.click(within(queues).getByRole('button', { name: 'Unassigned' }))
    await waitFor(
      () =>
        expect(within(queues).getByRole('button', { name: 'Unassigned' }).getAttribute('aria-pressed')).toBe(
          'true'
        ),
      LIVE
    )
    const firstRow = await firstTicketRow()
    const ticketId = firstRow.dataset.ticketId!
    fireEvent.click(within(firstRow).getByRole('checkbox', { name: `Pick ${ticketId}` }))
    const bulk = await screen.findByRole('group', { name: 'Assign the selected tickets' })
    fireEvent.click(within(bulk).getByRole('button', { name: 'Take' }))

    fireEvent.click(within(queues).getByRole('button', { name: 'Mine' }))
    await waitFor(() => {
      const rows = within(screen.getByRole('grid', { name: 'Inbox' }))
        .getAllByRole('row')
        .filter((r) => r.dataset.ticketId)
      expect(rows.map((r) => r.dataset.ticketId)).toEqual([ticketId])
      expect(rows[0]!.textContent).toContain('→ Ada')
    }, LIVE)
  })

  it('takes the row in focus with m (t stays the tag’s), and lists the team’s keys with ?', async () => {
    await signInAs('ada@shop.example')
    const queues = screen.getByRole('group', { name: 'Whose tickets' })
    fireEvent.click(within(queues).getByRole('button', { name: 'Unassigned' }))
    // The unassigned queue's first row (not the row of the list before it).
    const row = await waitFor(async () => {
      const first = await firstTicketRow()
      if (first.textContent?.includes('→')) throw new Error('still the list of all tickets')
      return first
    }, LIVE)
    const ticketId = row.dataset.ticketId!
    fireEvent.keyDown(row, { key: 't' })
    fireEvent.keyDown(row, { key: 'm' })
    await waitFor(async () => {
      const detail = await root.invoke('tickets.get', { ticketId })
      expect(detail.ok && detail.value.ticket.assigneeName).toBe('Ada')
    }, LIVE)
    fireEvent.keyDown(document.body, { key: '?' })
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })
    expect(within(help).getByText('Make the picked tickets (or the one in focus) mine')).toBeTruthy()
    expect(within(help).getByText('Add a tag')).toBeTruthy()
  })

  it('filters the decision history by who proposed', async () => {
    await signInAs('ada@shop.example')
    const all = await root.invoke('actions.history', {})
    if (!all.ok) throw new Error(all.error.message)
    // The demo shop's past decisions were proposed by no person of the team.
    expect(all.value.total).toBeGreaterThan(0)
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: /Approvals/ })
    )
    fireEvent.click(await screen.findByRole('tab', { name: 'Decision history' }, LIVE))
    const history = await screen.findByRole('region', { name: /^Decision history/ }, LIVE)
    await within(history).findByRole('list', { name: 'Decisions' }, LIVE)
    const proposer = within(history).getByLabelText('Proposed by')
    expect(
      within(proposer)
        .getAllByRole('option')
        .map((o) => o.textContent)
    ).toEqual(expect.arrayContaining(['Anyone', 'The AI', 'Ada', 'Root']))
    fireEvent.change(proposer, { target: { value: (await personId('ada@shop.example'))! } })
    expect(await within(history).findByText('No decisions match', undefined, LIVE)).toBeTruthy()
  })

  it('shows who else has the ticket open, live', async () => {
    await signInAs('ada@shop.example')
    const row = await firstTicketRow()
    const ticketId = row.dataset.ticketId!
    fireEvent.click(row)
    await screen.findByRole('heading', { level: 2 })
    await root.invoke('presence.set', { viewId: 'root-console-1', ticketId, editing: true })
    const here = await screen.findByLabelText('Who else is here')
    await waitFor(() => expect(here.textContent).toContain('Root is editing the reply'), LIVE)
    await root.invoke('presence.set', { viewId: 'root-console-1', ticketId: null, editing: false })
    await waitFor(() => expect(here.textContent).toBe(''), LIVE)
  })

  it('asks before a reply written by hand that crossed a colleague’s, and sends it when told to', async () => {
    await signInAs('ada@shop.example')
    const row = await firstTicketRow()
    const ticketId = row.dataset.ticketId!
    fireEvent.click(row)
    const draft = await screen.findByRole('region', { name: 'AI draft' }, { timeout: 10_000 })
    const field = await within(draft).findByRole('textbox', { name: 'Write a reply' }, { timeout: 10_000 })
    // Root answers the customer while Ada writes hers.
    const theirs = await root.invoke('tickets.reply', { ticketId, body: 'Root here: refunded today.' })
    expect(theirs.ok).toBe(true)
    fireEvent.change(field, { target: { value: 'Ada here: looking into it.' } })
    fireEvent.click(within(draft).getByRole('button', { name: 'Send reply' }))
    const ask = await within(draft).findByRole('alert', undefined, { timeout: 10_000 })
    expect(ask.textContent).toMatch(/^Root replied to this customer at \d\d:\d\d UTC, after you opened/)
    expect((field as HTMLTextAreaElement).value).toBe('Ada here: looking into it.')
    fireEvent.click(within(ask).getByRole('button', { name: 'Send anyway' }))
    await waitFor(() => expect((field as HTMLTextAreaElement).value).toBe(''), LIVE)
    const detail = await root.invoke('tickets.get', { ticketId })
    expect(detail.ok && detail.value.messages.slice(-2).map((m) => [m.body, m.sentBy])).toEqual([
      ['Root here: refunded today.', 'Root'],
      ['Ada here: looking into it.', 'Ada']
    ])
  })

  it('sends a person whose session an admin ended back to the sign-in screen, saying why', async () => {
    await signInAs('ada@shop.example')
    await root.invoke('people.signOut', { personId: (await personId('ada@shop.example'))! })
    const form = await screen.findByRole('form', { name: 'Sign in to Frontline' }, { timeout: 10_000 })
    expect(within(form).getByRole('status').textContent).toBe('An admin signed you out.')
    expect(localStorage.getItem('frontline.session')).toBeNull()
  })

  it('opens an invite link: the person sets a password and is signed in', async () => {
    const invite = await root.invoke('people.invite', {
      name: 'Linus',
      email: 'linus@shop.example',
      role: 'lead'
    })
    if (!invite.ok) throw new Error(invite.error.message)
    openPage(`http://127.0.0.1:${server.port}/#invite=${invite.value.token}`)
    render(<App />)
    const form = await screen.findByRole('form', { name: 'Join your team on Frontline' })
    await waitFor(() => expect(form.textContent).toContain('Linus · linus@shop.example · lead'), LIVE)
    fireEvent.change(within(form).getByLabelText('New password'), { target: { value: 'a long password' } })
    fireEvent.change(within(form).getByLabelText('The same password again'), {
      target: { value: 'a long passwore' }
    })
    fireEvent.click(within(form).getByRole('button', { name: 'Set password and sign in' }))
    expect(within(form).getByRole('alert').textContent).toBe('The two passwords differ.')
    fireEvent.change(within(form).getByLabelText('The same password again'), {
      target: { value: 'a long password' }
    })
    fireEvent.click(within(form).getByRole('button', { name: 'Set password and sign in' }))
    await screen.findByRole('grid', { name: 'Inbox' }, { timeout: 10_000 })
    expect(screen.getByRole('region', { name: 'Signed in' }).textContent).toContain('Linus')
    // The link's secret is gone from the address bar.
    expect(window.location.hash).toBe('')
  })
})
