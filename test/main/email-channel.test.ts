import { afterEach, describe, expect, it } from 'vitest'
import { mailServersProblem } from '../support/mail-servers'
import {
  ADA_EMAIL,
  ADA_ID,
  SHOP,
  SHOP_PASSWORD,
  eventually,
  startEmailHarness,
  value,
  type EmailHarness
} from './email-support'

const problem = mailServersProblem()
if (problem) console.warn(`[email tests] skipped: ${problem}`)

let h: EmailHarness | undefined
afterEach(async () => {
  await h?.cleanup()
  h = undefined
})

const ticketsOf = async (harness: EmailHarness) =>
  value(await harness.core.invoke('tickets.list', { limit: 1000 })).tickets.filter(
    (t) => t.channel === 'email'
  )

async function enable(harness: EmailHarness, extra: Record<string, unknown> = {}) {
  value(await harness.core.invoke('mailbox.setPassword', { server: 'imap', password: SHOP_PASSWORD }))
  return value(await harness.core.invoke('mailbox.update', { ...harness.settings, enabled: true, ...extra }))
}

describe.skipIf(problem !== null)('the email channel against dovecot and an SMTP server on 127.0.0.1', () => {
  it('turns a new email into a ticket with an AI draft; the reply a person sends reaches the customer threaded, and their answer joins the ticket', async () => {
    h = await startEmailHarness()
    const harness = h
    const firstId = await harness.customerWrites({
      subject: 'Where is my order?',
      body: 'Hello, where is my order ORD-20261115-AB12?\n\nAda'
    })
    await enable(harness)

    const ticket = await eventually('the email to become a ticket', async () => (await ticketsOf(harness))[0])
    expect(ticket).toMatchObject({
      subject: 'Where is my order?',
      customerId: ADA_ID,
      status: 'new',
      channel: 'email'
    })
    const draft = await eventually('an AI draft', async () => {
      const d = value(await harness.core.invoke('drafts.forTicket', { ticketId: ticket.id }))
      return d && d.status !== 'generating' ? d : undefined
    })
    expect(['ready', 'fallback']).toContain(draft.status)
    // The autopilot is off for email by default: the draft waits for a person.
    expect(
      value(await harness.core.invoke('email.thread', { ticketId: ticket.id })).filter(
        (e) => e.direction === 'out'
      )
    ).toEqual([])

    value(
      await harness.core.invoke('drafts.send', {
        draftId: draft.id,
        body: 'Hi Ada, it ships tomorrow.\n\nShop'
      })
    )
    const sent = await eventually('the reply to be sent', async () => {
      const out = value(await harness.core.invoke('email.thread', { ticketId: ticket.id })).find(
        (e) => e.direction === 'out'
      )
      return out?.delivery?.status === 'sent' ? out : undefined
    })
    expect(sent.delivery?.sentAt).toEqual(expect.any(String))
    expect(sent.to).toBe(ADA_EMAIL)

    const [reply] = await eventually('the reply in Ada’s mailbox', async () => {
      const inbox = await harness.adaInbox()
      return inbox.length > 0 ? inbox : undefined
    })
    expect(reply?.text?.trim()).toBe('Hi Ada, it ships tomorrow.\n\nShop')
    expect(reply?.inReplyTo).toBe(`<${firstId}>`)
    expect([reply?.references].flat()).toContain(`<${firstId}>`)
    expect(reply?.subject).toBe(`Re: Where is my order? [${ticket.id}]`)
    expect(reply?.from?.value[0]?.address).toBe(SHOP)
    expect(reply?.messageId).toMatch(/^<[0-9a-f-]{36}@shop\.test>$/)

    // Ada answers from her mail app: In-Reply-To names the shop's reply.
    await harness.customerWrites({
      subject: `Re: ${reply?.subject ?? ''}`,
      body: 'Thanks! One more question.\n\nOn Mon, Shop Support wrote:\n> Hi Ada, it ships tomorrow.',
      headers: { 'In-Reply-To': reply?.messageId ?? '', References: `<${firstId}> ${reply?.messageId ?? ''}` }
    })
    const thread = await eventually('the answer to join the ticket', async () => {
      const detail = value(await harness.core.invoke('tickets.get', { ticketId: ticket.id }))
      return detail.messages.length === 3 ? detail : undefined
    })
    expect(await ticketsOf(harness)).toHaveLength(1)
    expect(thread.messages.map((m) => [m.author, m.body])).toEqual([
      ['customer', 'Hello, where is my order ORD-20261115-AB12?\n\nAda'],
      ['agent', 'Hi Ada, it ships tomorrow.\n\nShop'],
      ['customer', 'Thanks! One more question.']
    ])
    expect(thread.ticket.status).toBe('open')
    const info = value(await harness.core.invoke('email.thread', { ticketId: ticket.id }))
    expect(info[2]?.quoted).toBe('On Mon, Shop Support wrote:\n> Hi Ada, it ships tomorrow.')
  })

  it('applies the autopilot to email as to chat once a person turns it on: the answer goes out as an automatic reply', async () => {
    h = await startEmailHarness()
    const harness = h
    value(
      await harness.core.invoke('channel.settings.update', {
        autopilot: {
          email: { order_status: true, product_question: true, account_history: true, general: true }
        }
      })
    )
    await harness.customerWrites({ subject: 'Opening hours', body: 'When are you open?' })
    await enable(harness)
    const ticket = await eventually('the ticket', async () => (await ticketsOf(harness))[0])
    const [reply] = await eventually('the autopilot’s answer in Ada’s mailbox', async () => {
      const inbox = await harness.adaInbox()
      return inbox.length > 0 ? inbox : undefined
    })
    expect(reply?.headers.get('auto-submitted')).toBe('auto-replied')
    expect(reply?.subject).toBe(`Re: Opening hours [${ticket.id}]`)
    const draft = value(await harness.core.invoke('drafts.forTicket', { ticketId: ticket.id }))
    expect(draft?.status).toBe('sent')
  })

  it('joins a reply without threading headers by the ticket token in its subject, only from the ticket’s customer', async () => {
    h = await startEmailHarness()
    const harness = h
    await harness.customerWrites({ subject: 'Broken zipper', body: 'The zipper broke.' })
    await enable(harness, { draftOnArrival: false })
    const ticket = await eventually('the ticket', async () => (await ticketsOf(harness))[0])
    await harness.customerWrites({
      subject: `Re: Broken zipper [${ticket.id}]`,
      body: 'Photo attached later.'
    })
    await harness.customerWrites({
      from: 'mallory@elsewhere.test',
      subject: `Re: Broken zipper [${ticket.id}]`,
      body: 'Let me in.'
    })
    const all = await eventually('both emails', async () => {
      const list = await ticketsOf(harness)
      return list.length === 2 ? list : undefined
    })
    const joined = value(await harness.core.invoke('tickets.get', { ticketId: ticket.id }))
    expect(joined.messages.map((m) => m.body)).toEqual(['The zipper broke.', 'Photo attached later.'])
    const other = all.find((t) => t.id !== ticket.id)
    // An unknown sender becomes a new contact with a ticket of their own.
    expect(other?.customerName).toBe('mallory')
    const mallory = value(await harness.core.invoke('customers.get', { customerId: other?.customerId ?? '' }))
    expect(mallory.email).toBe('mallory@elsewhere.test')
  })

  it('files auto-replies, bounces and list mail without a draft, and never answers them', async () => {
    h = await startEmailHarness()
    const harness = h
    await harness.customerWrites({
      subject: 'Out of office',
      body: 'I am away until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' }
    })
    await harness.customerWrites({
      from: 'news@brand.test',
      subject: 'Our newsletter',
      body: 'Big sale!',
      headers: { 'List-Id': '<news.brand.test>', Precedence: 'bulk' }
    })
    await harness.customerWrites({
      from: 'MAILER-DAEMON@mx.test',
      subject: 'Undelivered Mail Returned to Sender',
      body: 'This is the mail system.',
      headers: { 'Return-Path': '<>' }
    })
    await harness.customerWrites({ subject: 'A real question', body: 'Do you ship to Iceland?' })
    await enable(harness)
    const tickets = await eventually('four tickets', async () => {
      const list = await ticketsOf(harness)
      return list.length === 4 ? list : undefined
    })
    const real = tickets.find((t) => t.subject === 'A real question')
    await eventually('the real question’s draft', async () => {
      const d = value(await harness.core.invoke('drafts.forTicket', { ticketId: real?.id ?? '' }))
      return d && d.status !== 'generating'
    })
    for (const subject of ['Out of office', 'Our newsletter', 'Undelivered Mail Returned to Sender']) {
      const ticket = tickets.find((t) => t.subject === subject)
      expect(ticket?.status, subject).toBe('solved')
      expect(
        value(await harness.core.invoke('drafts.forTicket', { ticketId: ticket?.id ?? '' })),
        subject
      ).toBeNull()
      const [info] = value(await harness.core.invoke('email.thread', { ticketId: ticket?.id ?? '' }))
      expect(info?.automatic, subject).toMatch(/auto_reply|list|bounce/)
    }
    // Even with the autopilot on for every email intent, only the real question could be answered.
    expect(harness.smtp.received).toHaveLength(0)
  })

  it('shows a reply the server refused as unsent with the reason, and sends it once on Retry', async () => {
    h = await startEmailHarness()
    const harness = h
    harness.smtp.refuse.add(ADA_EMAIL)
    await harness.customerWrites({ subject: 'Refund?', body: 'Can I get a refund?' })
    await enable(harness, { draftOnArrival: false })
    const ticket = await eventually('the ticket', async () => (await ticketsOf(harness))[0])
    const draft = value(await harness.core.invoke('drafts.generate', { ticketId: ticket.id }))
    await eventually('the draft', async () => {
      const d = value(await harness.core.invoke('drafts.get', { draftId: draft.id }))
      return d.status !== 'generating'
    })
    value(
      await harness.core.invoke('drafts.send', {
        draftId: draft.id,
        body: 'Yes, reply with your order number.'
      })
    )
    const failed = await eventually('the send to fail', async () => {
      const out = value(await harness.core.invoke('email.thread', { ticketId: ticket.id })).find(
        (e) => e.direction === 'out'
      )
      return out?.delivery?.status === 'failed' ? out : undefined
    })
    expect(failed.delivery?.lastError).toMatch(/550|User unknown/)
    expect(failed.delivery?.sentAt).toBeNull()
    expect(value(await harness.core.invoke('mailbox.get', {})).status.outbox.failed).toBe(1)
    // Marking a failed email as sent is refused: only an unconfirmed one can be.
    const refused = await harness.core.invoke('email.markSent', { messageId: failed.messageId })
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } })

    harness.smtp.refuse.clear()
    value(await harness.core.invoke('email.retry', { messageId: failed.messageId }))
    await eventually('the retried send', async () => {
      const out = value(await harness.core.invoke('email.thread', { ticketId: ticket.id })).find(
        (e) => e.direction === 'out'
      )
      return out?.delivery?.status === 'sent'
    })
    expect(harness.smtp.received.filter((m) => m.to.includes(ADA_EMAIL))).toHaveLength(1)
    const again = await harness.core.invoke('email.retry', { messageId: failed.messageId })
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it('marks a reply found mid-send at start as unknown for a person, and never sends it again on its own', async () => {
    h = await startEmailHarness()
    const harness = h
    await harness.customerWrites({ subject: 'Size?', body: 'Which size fits?' })
    await enable(harness, { draftOnArrival: false })
    const ticket = await eventually('the ticket', async () => (await ticketsOf(harness))[0])
    // The SMTP server is switched off, so the reply stays queued; then the process "dies" mid-send.
    value(await harness.core.invoke('mailbox.update', { smtpPort: 1 }))
    const draft = value(await harness.core.invoke('drafts.generate', { ticketId: ticket.id }))
    await eventually(
      'the draft',
      async () =>
        value(await harness.core.invoke('drafts.get', { draftId: draft.id })).status !== 'generating'
    )
    value(await harness.core.invoke('drafts.send', { draftId: draft.id }))
    await harness.core.close()
    const { openDb } = await import('../../src/main/db/connection')
    const db = openDb(harness.dbPath)
    db.prepare(`UPDATE email_outbox SET status = 'sending', last_error = NULL`).run()
    db.prepare(`UPDATE settings SET value = json_set(value, '$.smtpPort', ?) WHERE key = 'mailbox'`).run(
      harness.smtp.port
    )
    db.close()

    const core = await harness.restartCore()
    const [out] = value(await core.invoke('email.thread', { ticketId: ticket.id })).filter(
      (e) => e.direction === 'out'
    )
    expect(out?.delivery).toMatchObject({
      status: 'unknown',
      lastError: expect.stringMatching(/may or may not/)
    })
    expect(value(await core.invoke('mailbox.get', {})).status.outbox.unknown).toBe(1)
    await new Promise((r) => setTimeout(r, 300))
    expect(harness.smtp.received).toHaveLength(0)
    const confirmed = value(await core.invoke('email.markSent', { messageId: out?.messageId ?? 0 }))
    expect(confirmed).toMatchObject({ status: 'sent' })
    expect(harness.smtp.received).toHaveLength(0)
  })

  it('re-reads the folder after a UIDVALIDITY change without storing any email twice', async () => {
    h = await startEmailHarness()
    const harness = h
    for (let i = 1; i <= 3; i++)
      await harness.customerWrites({ subject: `Question ${i}`, body: `Question number ${i}` })
    await enable(harness, { draftOnArrival: false })
    await eventually('three tickets', async () => (await ticketsOf(harness)).length === 3)
    const before = value(await harness.core.invoke('mailbox.get', {})).status.lastUid
    expect(before).toBe(3)

    value(await harness.core.invoke('mailbox.update', { enabled: false }))
    await harness.dovecot.resetUidValidity(SHOP)
    await harness.customerWrites({ subject: 'Question 4', body: 'Question number 4' })
    value(await harness.core.invoke('mailbox.update', { enabled: true }))
    await eventually('the fourth ticket', async () => (await ticketsOf(harness)).length === 4)
    await eventually(
      'the whole folder read again',
      async () => value(await harness.core.invoke('mailbox.get', {})).status.lastUid === 4
    )
    const tickets = await ticketsOf(harness)
    expect(tickets.map((t) => t.subject).sort()).toEqual([
      'Question 1',
      'Question 2',
      'Question 3',
      'Question 4'
    ])
  })

  it('shows HTML mail as plain text without remote content or scripts, lists attachments, folds the quote', async () => {
    h = await startEmailHarness()
    const harness = h
    const boundary = 'b0undary'
    const png = Buffer.alloc(2048, 7).toString('base64')
    await harness.customerWrites({
      subject: 'Photo of the damage',
      headers: { 'Content-Type': `multipart/mixed; boundary="${boundary}"` },
      mime: [
        `--${boundary}`,
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>',
        '<p>The box arrived <b>crushed</b>.</p><img src="https://tracker.example/pixel.gif">',
        '<blockquote>old</blockquote></body></html>',
        `--${boundary}`,
        'Content-Type: image/png; name="damage.png"',
        'Content-Disposition: attachment; filename="damage.png"',
        'Content-Transfer-Encoding: base64',
        '',
        png,
        `--${boundary}--`
      ].join('\r\n')
    })
    await enable(harness, { draftOnArrival: false })
    const ticket = await eventually('the ticket', async () => (await ticketsOf(harness))[0])
    const detail = value(await harness.core.invoke('tickets.get', { ticketId: ticket.id }))
    const body = detail.messages[0]?.body ?? ''
    expect(body).toContain('The box arrived crushed.')
    expect(body).not.toMatch(/<|alert|color:red|tracker\.example/)
    const [info] = value(await harness.core.invoke('email.thread', { ticketId: ticket.id }))
    expect(info?.attachments).toEqual([
      {
        id: expect.any(Number),
        filename: 'damage.png',
        contentType: 'image/png',
        sizeBytes: 2048,
        stored: true
      }
    ])
  })

  it('names the step that failed in Test connection: a wrong password, a wrong folder, a missing host, no TLS', async () => {
    h = await startEmailHarness()
    const harness = h
    value(await harness.core.invoke('mailbox.update', harness.settings))
    value(await harness.core.invoke('mailbox.setPassword', { server: 'imap', password: 'not the password' }))
    const wrong = value(await harness.core.invoke('mailbox.test', {}))
    expect(wrong.ok).toBe(false)
    expect(wrong.failed).toMatchObject({ server: 'imap', step: 'auth' })
    expect(wrong.failed?.message).toMatch(/refused the login/)
    expect(JSON.stringify(wrong)).not.toContain('not the password')

    value(await harness.core.invoke('mailbox.setPassword', { server: 'imap', password: SHOP_PASSWORD }))
    const good = value(await harness.core.invoke('mailbox.test', {}))
    expect(good).toMatchObject({ ok: true, failed: null })
    expect(good.steps.map((s) => `${s.server}:${s.step}`)).toEqual([
      'imap:settings',
      'imap:dns',
      'imap:connect',
      'imap:auth',
      'imap:folder',
      'smtp:settings',
      'smtp:dns',
      'smtp:connect',
      'smtp:auth'
    ])
    const view = value(await harness.core.invoke('mailbox.get', {}))
    expect(view.passwordSet).toBe(true)
    expect(JSON.stringify(view)).not.toContain(SHOP_PASSWORD)

    value(await harness.core.invoke('mailbox.update', { folder: 'Nowhere' }))
    expect(value(await harness.core.invoke('mailbox.test', {})).failed).toMatchObject({ step: 'folder' })
    value(await harness.core.invoke('mailbox.update', { folder: 'INBOX', imapHost: 'no-such-host.invalid' }))
    expect(value(await harness.core.invoke('mailbox.test', {})).failed).toMatchObject({ step: 'dns' })
    value(await harness.core.invoke('mailbox.update', { imapHost: '127.0.0.1', imapTls: 'tls' }))
    expect(value(await harness.core.invoke('mailbox.test', {})).failed).toMatchObject({ step: 'tls' })

    // The SMTP login is checked too.
    value(await harness.core.invoke('mailbox.update', { imapTls: 'none' }))
    value(
      await harness.core.invoke('mailbox.setPassword', { server: 'smtp', password: 'wrong smtp password' })
    )
    expect(value(await harness.core.invoke('mailbox.test', {})).failed).toMatchObject({
      server: 'smtp',
      step: 'auth'
    })

    // The reader, enabled with a wrong password, says so in its status.
    value(await harness.core.invoke('mailbox.setPassword', { server: 'imap', password: 'wrong again' }))
    value(await harness.core.invoke('mailbox.update', { enabled: true }))
    const status = await eventually('the reader’s error', async () => {
      const s = value(await harness.core.invoke('mailbox.get', {})).status
      return s.state === 'error' ? s : undefined
    })
    expect(status.lastError).toMatchObject({ step: 'auth' })
  })

  it('refuses bad mailbox input naming the field', async () => {
    h = await startEmailHarness()
    const bad = await h.core.invoke('mailbox.update', { imapPort: 70_000 } as never)
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(JSON.stringify(bad)).toContain('imapPort')
    const address = await h.core.invoke('mailbox.update', { address: 'not an address' })
    expect(JSON.stringify(address)).toContain('address')
    const empty = await h.core.invoke('mailbox.setPassword', { password: '' })
    expect(JSON.stringify(empty)).toContain('password')
    const unknown = await h.core.invoke('email.retry', { messageId: 12345 })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })
})
