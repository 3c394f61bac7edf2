import Database from 'better-sqlite3'
import { expect, test as base } from './fixtures'

const DAY = 86_400_000
const allDay = { open: '00:00', close: '24:00' }

/**
 * The demo shop plus what these journeys need, written before the console starts: a macro, a
 * round-the-clock SLA policy (so "breached" does not depend on the hour the tests run), a ticket
 * urgent and unanswered for years, and two customers' questions.
 */
const test = base.extend({
  dbPath: async ({ dbPath }, use) => {
    // The CLI seeded and migrated it: plain SQL writes what the console will read.
    const db = new Database(dbPath)
    const now = Date.now()
    const at = (ms: number) => new Date(ms).toISOString()
    const policy = {
      calendar: {
        timeZone: 'UTC',
        hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
        holidays: []
      },
      rules: [
        { priority: 'urgent', channel: 'any', firstResponseMinutes: 60, resolutionMinutes: 480 },
        { priority: 'high', channel: 'any', firstResponseMinutes: 240, resolutionMinutes: 960 },
        { priority: 'normal', channel: 'any', firstResponseMinutes: 480, resolutionMinutes: 1440 },
        { priority: 'low', channel: 'any', firstResponseMinutes: 960, resolutionMinutes: 2400 }
      ]
    }
    db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('sla', ?)").run(JSON.stringify(policy))
    db.prepare(
      `INSERT INTO macros (name, body, add_tags, set_status, created_at, updated_at, updated_by)
       VALUES ('Thanks and tracking', ?, '["macro-sent"]', NULL, ?, ?, 'e2e')`
    ).run(
      'Hi {{customer.first_name}}, thanks for your patience: order {{order.id}} is on its way.',
      at(now),
      at(now)
    )
    const ticket = (id: string, subject: string, priority: string, created: number, body: string) => {
      db.prepare(
        `INSERT INTO tickets (id, customer_id, subject, status, priority, channel, created_at, updated_at,
           last_customer_message_at) VALUES (?, 'CUS-000001', ?, 'new', ?, 'email', ?, ?, ?)`
      ).run(id, subject, priority, at(created), at(created), at(created))
      db.prepare(
        `INSERT INTO messages (ticket_id, author, author_name, body, created_at) VALUES (?, 'customer', 'Customer', ?, ?)`
      ).run(id, body, at(created))
    }
    ticket('TKT-E2E-OVERDUE', 'Long overdue question', 'urgent', now - 1_000 * DAY, 'Is anyone there?')
    ticket('TKT-E2E-MACRO', 'Macro journey parcel', 'normal', now - 60_000, 'Where is my parcel?')
    ticket(
      'TKT-E2E-POLICY',
      'Return policy question',
      'normal',
      now - 60_000,
      'Hello, what is your return policy? How many days do I have to send shoes back?'
    )
    db.close()
    await use(dbPath)
  }
})

test.describe('help desk essentials (web host, demo shop)', () => {
  test('a macro is inserted with / and the keyboard, filled from the ticket, and tags the reply', async ({
    frontline: app
  }) => {
    await app.searchFor('Macro journey parcel')
    const subject = await app.open(app.ticketRow(/Macro journey parcel/))
    const ticket = app.ticket(subject)
    const field = app.handReply(ticket)
    await field.click()
    await field.pressSequentially('/thtrk')
    const picker = ticket.getByRole('listbox', { name: 'Macros' })
    await expect(picker.getByRole('option', { name: /Thanks and tracking/ })).toHaveAttribute(
      'aria-selected',
      'true'
    )
    await field.press('Enter')
    await expect(picker).toBeHidden()
    await expect(field).toHaveValue(
      /^Hi \p{Lu}\p{L}+, thanks for your patience: order ORD-\S+ is on its way\.$/u
    )
    await ticket.getByRole('button', { name: 'Send reply' }).click()
    await expect(field).toHaveValue('')
    await expect(ticket.getByRole('list', { name: 'Tags of this ticket' })).toContainText('macro-sent')
  })

  test('a breached SLA is marked and sorted to the top when the inbox sorts by due time', async ({
    frontline: app,
    page
  }) => {
    await page.getByLabel('Sort').selectOption('due')
    const first = app.ticketRows.first()
    await expect(first).toContainText('Long overdue question')
    await expect(first).toHaveAttribute('data-sla', 'breached')
    await expect(first).toContainText('SLA breached')
    const subject = await app.open(first)
    await expect(app.ticket(subject).getByRole('region', { name: 'Triage' })).toContainText(
      'First reply was due'
    )
  })

  test('a draft cites the help-center article it used, which a person can open', async ({
    frontline: app
  }) => {
    await app.searchFor('Return policy question')
    const subject = await app.open(app.ticketRow(/Return policy question/))
    const ticket = app.ticket(subject)
    const draft = app.draftPanel(ticket)
    await draft.getByRole('button', { name: 'Draft reply' }).click()
    const sources = draft.getByRole('region', { name: 'Sources' })
    await expect(sources).toBeVisible({ timeout: 30_000 })
    await expect(draft.getByRole('textbox', { name: 'Reply to the customer' })).toHaveValue(
      /within 30 days of delivery[\s\S]*"Returns and refunds"/
    )
    await sources.getByRole('button', { name: /Returns and refunds/ }).click()
    await expect(sources.getByRole('region', { name: 'Returns and refunds' })).toContainText(
      'Delivered orders can be returned within 30 days of delivery'
    )
  })
})
