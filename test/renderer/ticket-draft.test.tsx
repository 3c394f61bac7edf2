import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { App } from '../../src/renderer/src/App'
import { useFrontlineStore } from '../../src/renderer/src/store'
import { ask, connectConsole, giveTheInboxAViewport, ticketRows, type CallLog } from './console-host'

const ORDER_ID = /ORD-\d{8}-[A-Z0-9]{4}/

// The consoles of these tests draft: their cores run in vitest's Node process (drafting-hosts.global.ts).
let log: CallLog
let restoreViewport: () => void

beforeAll(() => {
  restoreViewport = giveTheInboxAViewport()
})

afterAll(() => restoreViewport())

afterEach(() => cleanup())

/** New tickets whose subject matches `search`, oldest waiting first. */
async function newTickets(search: string) {
  return (await ask('tickets.list', { status: ['new'], search })).tickets
}

/** Opens the ticket in the console and returns its view and its draft panel. */
async function openInConsole(ticketId: string) {
  render(<App />)
  await screen.findByRole('grid', { name: 'Inbox' })
  const { ticket } = await ask('tickets.get', { ticketId })
  await act(() => useFrontlineStore.getState().openTicket(ticketId))
  const view = await screen.findByRole('region', { name: ticket.subject })
  const draft = within(view).getByRole('region', { name: 'AI draft' })
  await within(draft).findByText(/No draft yet/)
  return { view, draft }
}

/** Watches the store: every length the streamed text of a draft had while it was being written. */
function recordStreaming(): { lengths: number[]; stop(): void } {
  const lengths: number[] = []
  const stop = useFrontlineStore.subscribe((state) => {
    const draft = state.draft.data
    const text = draft ? state.streamedText[draft.id] : undefined
    if (draft?.status === 'generating' && text && lengths.at(-1) !== text.length) lengths.push(text.length)
  })
  return { lengths, stop }
}

describe('the AI draft of a ticket', () => {
  beforeEach(() => {
    log = connectConsole(inject('demoConsoleUrl'))
  })

  it('streams in as it is written, shows model, tokens, cost and the trace, and sends the edited reply', async () => {
    let ticketId = ''
    for (const t of await newTickets('where is my order')) {
      const detail = await ask('tickets.get', { ticketId: t.id })
      if (detail.messages.some((m) => ORDER_ID.test(m.body))) {
        ticketId = t.id
        break
      }
    }
    expect(ticketId).not.toBe('')
    const { view, draft } = await openInConsole(ticketId)
    const streaming = recordStreaming()

    fireEvent.click(within(draft).getByRole('button', { name: 'Draft reply' }))
    await within(draft).findByLabelText('Draft so far')
    const reply = await within(draft).findByRole(
      'textbox',
      { name: 'Reply to the customer' },
      { timeout: 15_000 }
    )
    streaming.stop()
    // The core sends the text in batches (64 characters at most); each one added to what was shown.
    expect(streaming.lengths.length).toBeGreaterThan(1)
    expect([...streaming.lengths].sort((a, b) => a - b)).toEqual(streaming.lengths)

    const saved = await ask('drafts.forTicket', { ticketId })
    expect(saved?.status).toBe('ready')
    expect((reply as HTMLTextAreaElement).value).toBe(saved!.body)
    expect(streaming.lengths.at(-1)).toBeLessThanOrEqual(saved!.body.length + 2)
    expect(draft.textContent).toContain('frontline-demo')
    expect(draft.textContent).toMatch(
      new RegExp(
        `Tokens ${saved!.tokensIn.toLocaleString('en-US')} in · ${saved!.tokensOut.toLocaleString('en-US')} out`
      )
    )
    expect(draft.textContent).toContain('Cost $0.00')

    fireEvent.click(within(draft).getByRole('button', { name: /^Show trace \(\d+ tool calls?\)$/ }))
    const trace = within(draft).getByRole('region', { name: 'Trace' })
    const calls = within(trace).getAllByRole('article')
    expect(calls.map((c) => c.getAttribute('aria-label'))).toEqual(
      saved!.trace.map((call, i) => `Tool call ${i + 1}: ${call.tool}`)
    )
    // The look-up, and after it perhaps the follow-up a late parcel's reply promises.
    expect(calls.map((c) => c.textContent).join('\n')).toContain('get_order_status')
    if (/trace with/.test(saved!.body)) expect(calls.at(-1)!.textContent).toContain('create_follow_up')

    const edited = `${saved!.body}\n\nP.S. Written with care.`
    fireEvent.change(reply, { target: { value: edited } })
    fireEvent.keyDown(reply, { key: 'Enter', ctrlKey: true })
    await within(draft).findByText(/^Reply sent/)

    const after = await ask('tickets.get', { ticketId })
    expect(after.ticket.status).toBe('pending')
    expect(after.messages.at(-1)).toMatchObject({ author: 'agent', body: edited })
    await waitFor(() =>
      expect(within(view).getByRole('region', { name: /^Conversation/ }).textContent).toContain(
        'P.S. Written with care.'
      )
    )
    // The header's status badge reads "Status Pending" to a screen reader.
    await waitFor(() => expect(view.querySelector('header')!.textContent).toContain('Status Pending'))
  })

  it('shows a proposed return inline with its eligibility facts; Approve applies it and the thread says so', async () => {
    const [ticket] = await newTickets('return')
    const { view, draft } = await openInConsole(ticket!.id)
    fireEvent.click(within(draft).getByRole('button', { name: 'Draft reply' }))

    const proposals = await within(view).findByRole(
      'region',
      { name: /^Proposed actions/ },
      { timeout: 15_000 }
    )
    const proposal = within(proposals).getByRole('article', { name: /^Return for ORD-/ })
    const [action] = await ask('actions.list', { ticketId: ticket!.id })
    expect(proposal.textContent).toContain(`Refund $${action!.amount!.amount.toFixed(2)}`)
    const facts = within(proposal).getByLabelText('Eligibility facts')
    expect(facts.textContent).toMatch(/Return window\d+ of 30 days used/)

    fireEvent.click(within(proposal).getByRole('button', { name: 'Approve' }))
    await within(proposal).findByText('Approved')
    const decided = await ask('actions.list', { ticketId: ticket!.id })
    expect(decided[0]).toMatchObject({ status: 'applied', decidedBy: 'support agent' })
    expect(proposal.textContent).toContain((decided[0]!.result as { returnId: string }).returnId)
    await waitFor(() =>
      expect(within(view).getByRole('region', { name: /^Conversation/ }).textContent).toMatch(
        /Return RET-\S+ approved by support agent/
      )
    )
    // The reply is rewritten to tell the decision, shown as a change (before and after) that the
    // person accepts before it can be sent, and then it is in the field the person edits.
    const review = await within(draft).findByRole(
      'group',
      { name: 'Rewritten after the decision' },
      { timeout: 10_000 }
    )
    expect(within(review).getByLabelText('Text before').textContent).toMatch(/awaiting approval/)
    expect(within(review).getByLabelText('Text after').textContent).toMatch(
      /Your return RET-\S+ for order ORD-\S+ has been approved/
    )
    expect(within(review).getByLabelText('Text after').textContent).not.toMatch(/awaiting approval/)
    expect(within(draft).getByRole('button', { name: 'Approve & send' })).toHaveProperty('disabled', true)
    fireEvent.click(within(review).getByRole('button', { name: 'Use the new text' }))
    const reply = within(draft).getByRole('textbox', { name: 'Reply to the customer' })
    await waitFor(() =>
      expect((reply as HTMLTextAreaElement).value).toMatch(
        /Your return RET-\S+ for order ORD-\S+ has been approved/
      )
    )
    await waitFor(() =>
      expect(within(draft).getByRole('button', { name: 'Approve & send' })).toHaveProperty('disabled', false)
    )
    // The navigation's count and the status bar follow the core.
    const pending = (await ask('status.get', {})).pendingActions
    const nav = screen.getByRole('navigation', { name: 'Views' })
    await waitFor(() =>
      expect(within(nav).getByRole('button', { name: /^Approvals/ }).textContent).toBe(
        pending > 0 ? `Approvals${pending}${pending} waiting` : 'Approvals'
      )
    )
  }, 30_000) // a real core writes, decides and rewrites the reply; main gives every renderer test 20 s

  it('asks for a reason before it rejects a proposed return', async () => {
    const tickets = await newTickets('return')
    const { view, draft } = await openInConsole(tickets[1]!.id)
    fireEvent.click(within(draft).getByRole('button', { name: 'Draft reply' }))
    const proposals = await within(view).findByRole(
      'region',
      { name: /^Proposed actions/ },
      { timeout: 15_000 }
    )
    const proposal = within(proposals).getByRole('article', { name: /^Return for ORD-/ })

    fireEvent.click(within(proposal).getByRole('button', { name: 'Reject' }))
    const reason = within(proposal).getByRole('textbox', { name: 'Reason for rejecting' })
    fireEvent.click(within(proposal).getByRole('button', { name: 'Reject' }))
    expect(within(proposal).getByRole('alert').textContent).toContain('Say why the return is rejected')
    expect(reason.getAttribute('aria-invalid')).toBe('true')

    fireEvent.change(reason, { target: { value: 'The customer already kept a replacement.' } })
    fireEvent.click(within(proposal).getByRole('button', { name: 'Reject' }))
    await within(proposal).findByText('Rejected')
    expect(proposal.textContent).toContain('“The customer already kept a replacement.”')
    const [action] = await ask('actions.list', { ticketId: tickets[1]!.id })
    expect(action).toMatchObject({
      status: 'rejected',
      decisionReason: 'The customer already kept a replacement.'
    })
  })

  it('regenerates with the model picked, and discards', async () => {
    const [ticket] = await newTickets('stock question')
    const { draft } = await openInConsole(ticket!.id)
    const picker = within(draft).getByRole('combobox', { name: 'Model' }) as HTMLSelectElement
    const options = [...picker.options]
    // Only providers with a key can draft: here that is the demo model alone.
    expect(options.filter((o) => !o.disabled).map((o) => o.textContent)).toEqual(['frontline-demo (default)'])
    expect(options.some((o) => o.disabled && o.textContent === 'gpt-4.1')).toBe(true)

    fireEvent.click(within(draft).getByRole('button', { name: 'Draft reply' }))
    await within(draft).findByRole('textbox', { name: 'Reply to the customer' }, { timeout: 15_000 })
    const first = useFrontlineStore.getState().draft.data!.id

    fireEvent.click(within(draft).getByRole('button', { name: 'Regenerate' }))
    await waitFor(() => expect(useFrontlineStore.getState().draft.data?.id).not.toBe(first))
    await within(draft).findByRole('textbox', { name: 'Reply to the customer' }, { timeout: 15_000 })
    const generate = log.calls.filter((c) => c.channel === 'drafts.generate').at(-1)
    expect(generate?.input).toEqual({ ticketId: ticket!.id })
    expect((await ask('drafts.get', { draftId: first })).status).toBe('discarded')

    fireEvent.click(within(draft).getByRole('button', { name: 'Discard' }))
    await within(draft).findByText(/No draft yet/)
    expect(await ask('drafts.forTicket', { ticketId: ticket!.id })).toBeNull()
  })

  it('"Draft all new" shows done of total and can be cancelled', async () => {
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' })
    // Only new tickets without a live draft are drafted: earlier tests drafted some already.
    const fresh = await ask('tickets.list', { status: ['new'], limit: 100_000 })
    const waiting = fresh.tickets.filter(
      (t) =>
        t.draftStatus === null ||
        t.draftStatus === 'failed' ||
        t.draftStatus === 'interrupted' ||
        t.draftStatus === 'sent'
    ).length
    fireEvent.click(screen.getByRole('button', { name: 'Draft all new' }))
    const progress = await screen.findByRole('progressbar', { name: 'Drafting new tickets' })
    expect(progress.getAttribute('aria-valuemax')).toBe(String(waiting))
    await waitFor(() => expect(Number(progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0), {
      timeout: 10_000
    })
    expect(screen.getByRole('button', { name: 'Draft all new' })).toHaveProperty('disabled', true)

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    const region = screen.getByRole('region', { name: 'Draft all new' })
    await within(region).findByText(/^Stopped after \d+ of \d+$/, undefined, { timeout: 15_000 })
    const stoppedAt = Number(progress.getAttribute('aria-valuenow'))
    expect(stoppedAt).toBeLessThan(waiting)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(Number(progress.getAttribute('aria-valuenow'))).toBe(stoppedAt)

    fireEvent.click(within(region).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('progressbar')).toBeNull()
    expect(screen.getByRole('button', { name: 'Draft all new' })).toHaveProperty('disabled', false)
  })
})

describe('when the AI provider fails', () => {
  it('the draft says plainly it was written without the AI and why, before and after it is sent; the status bar shows the errors', async () => {
    connectConsole(inject('failingConsoleUrl'))
    const [ticket] = (await ask('tickets.list', { status: ['new'], search: 'where is my order' })).tickets
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' })
    const bar = screen.getByRole('contentinfo', { name: 'Status bar' })
    await waitFor(() => expect(bar.textContent).toMatch(/Custom endpoint.*Healthy/))
    expect(bar.textContent).not.toContain('Demo mode')

    await act(() => useFrontlineStore.getState().openTicket(ticket!.id))
    const draft = await screen.findByRole('region', { name: 'AI draft' })
    fireEvent.click(await within(draft).findByRole('button', { name: 'Draft reply' }))
    const notice = await within(draft).findByRole(
      'note',
      { name: 'Written without the AI' },
      { timeout: 15_000 }
    )
    expect(notice.textContent).toContain('because the AI provider returned an error')
    const reply = await within(draft).findByRole('textbox', { name: 'Reply to the customer' })
    expect((reply as HTMLTextAreaElement).value).toContain('Hi ')
    await waitFor(() => expect(bar.textContent).toMatch(/Custom endpoint.*Errors/))

    // Once sent, the draft still says it went out without the AI and why, and the inbox finds it.
    fireEvent.keyDown(reply, { key: 'Enter', ctrlKey: true })
    await within(draft).findByText(/^Reply sent/)
    const sent = await within(draft).findByRole('note', { name: 'Sent without the AI' })
    expect(sent.textContent).toContain('went out written without the AI')
    expect(sent.textContent).toContain('because the AI provider returned an error')

    fireEvent.click(
      within(screen.getByRole('group', { name: 'Draft' })).getByRole('button', { name: 'Fallback' })
    )
    const grid = screen.getByRole('grid', { name: 'Inbox' })
    await waitFor(() => expect(ticketRows(grid).map((r) => r.dataset.ticketId)).toEqual([ticket!.id]))
    const badge = within(ticketRows(grid)[0]!).getByTitle('The reply sent was written without the AI')
    expect(badge.textContent).toBe('Fallback sent')
  })
})
