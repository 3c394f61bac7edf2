import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mailServersProblem, startDovecot, type Dovecot } from '../../src/main/bench/dovecot-server'
import { SettingsView } from '../../src/renderer/src/features/settings'
import { TicketPane } from '../../src/renderer/src/features/ticket/TicketPane'
import { useFrontlineStore } from '../../src/renderer/src/store'
import { useLiveCore } from './live-core'

const SHOP = 'support@shop.test'
const PASSWORD = 'the right password'
const problem = mailServersProblem()

const live = useLiveCore()
let dovecot: Dovecot | undefined

beforeAll(async () => {
  if (!problem) dovecot = await startDovecot({ [SHOP]: PASSWORD })
})
afterAll(async () => {
  await dovecot?.stop()
})

const ok = <T,>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe.skipIf(problem !== null)('the mailbox in the console', { timeout: 30_000 }, () => {
  it('saves the mailbox without ever showing the password, and Test connection names a wrong password', async () => {
    render(<SettingsView />)
    const card = await screen.findByRole('region', { name: 'Mailbox' }, { timeout: 5_000 })
    const type = (label: string, value: string) =>
      fireEvent.change(within(card).getByLabelText(label), { target: { value } })
    type('IMAP host', '127.0.0.1')
    type('IMAP port', String(dovecot?.imapPort))
    fireEvent.change(within(card).getByLabelText('IMAP security'), { target: { value: 'none' } })
    type('User', SHOP)
    type('Password', 'a wrong password')
    fireEvent.click(within(card).getByRole('button', { name: 'Save mailbox' }))
    await within(card).findByText('A password is stored (never shown). Type a new one to replace it.')
    expect((within(card).getByLabelText('Password') as HTMLInputElement).value).toBe('')
    expect(card.textContent).not.toContain('a wrong password')

    fireEvent.click(within(card).getByRole('button', { name: 'Test connection' }))
    // dovecot answers a refused login after a deliberate pause.
    const alert = await within(card).findByRole('alert', {}, { timeout: 10_000 })
    expect(alert.textContent).toMatch(
      /^IMAP auth failed: The server refused the login \(wrong user or password\?\)/
    )
  })

  it('shows an email reply whose send is unconfirmed as unsent, until a person says it was sent', async () => {
    dovecot?.fillMaildir(SHOP, [
      'From: Ada <ada@customer.test>\r\nTo: support@shop.test\r\nSubject: Lost parcel\r\nMessage-ID: <lost-1@customer.test>\r\n' +
        'Content-Type: text/plain\r\n\r\nMy parcel is lost.\r\n\r\nOn Mon, Support wrote:\r\n> Shipped today.\r\n'
    ])
    const { core } = live
    ok(await core.invoke('mailbox.setPassword', { password: PASSWORD }))
    ok(
      await core.invoke('mailbox.update', {
        enabled: true,
        imapHost: '127.0.0.1',
        imapPort: dovecot?.imapPort,
        imapTls: 'none',
        user: SHOP,
        draftOnArrival: false,
        smtpHost: '127.0.0.1',
        // Nothing listens there: the reply stays queued.
        smtpPort: 1,
        smtpTls: 'none'
      })
    )
    const ticket = await waitFor(
      async () => {
        const list = ok(await core.invoke('tickets.list', { search: 'Lost parcel' }))
        expect(list.tickets).toHaveLength(1)
        return list.tickets[0]!
      },
      { timeout: 10_000 }
    )
    const draft = ok(await core.invoke('drafts.generate', { ticketId: ticket.id }))
    await waitFor(async () =>
      expect(ok(await core.invoke('drafts.get', { draftId: draft.id })).status).not.toBe('generating')
    )
    ok(await core.invoke('drafts.send', { draftId: draft.id, body: 'We are on it.' }))
    ok(await core.invoke('mailbox.update', { enabled: false }))
    // As a crash mid-send leaves it.
    core.context.db
      .prepare(
        `UPDATE email_outbox SET status = 'unknown', last_error = 'Frontline stopped while sending this email'`
      )
      .run()

    render(<TicketPane />)
    await useFrontlineStore.getState().openTicket(ticket.id)
    await screen.findByText('Unsent? Check the mailbox')
    expect(screen.getByText('Quoted history')).toBeTruthy()
    expect(screen.getByText('My parcel is lost.')).toBeTruthy()
    expect(screen.getByText('Frontline stopped while sending this email')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'It was sent' }))
    await waitFor(() => expect(screen.queryByText('Unsent? Check the mailbox')).toBeNull())
    expect(screen.getByLabelText('Email delivery').textContent).toMatch(/^Sent to ada@customer\.test at /)
  })
})
