import type {
  EmailAttachment,
  EmailDelivery,
  EmailDeliveryStatus,
  EmailMessageInfo
} from '../../../shared/domain/mailbox'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/** The email channel's rows: each folder's position, the emails of threads, attachments, the outbox. */

export interface FolderState {
  folder: string
  uidValidity: string
  lastUid: number
}

export type Automatic = NonNullable<EmailMessageInfo['automatic']>

export interface EmailRow {
  messageRowId: number
  ticketId: string
  direction: 'in' | 'out'
  messageId: string
  inReplyTo: string | null
  references: readonly string[]
  from: string
  to: string
  subject: string
  automatic: Automatic | null
  quoted: string | null
  folder: string | null
  uid: number | null
  createdAt: string
}

interface OutboxRow {
  id: string
  draft_id: string | null
  message_row_id: number
  ticket_id: string
  status: EmailDeliveryStatus
  attempts: number
  last_error: string | null
  queued_at: string
  next_attempt_at: string
  sent_at: string | null
  updated_at: string
}

const rowToDelivery = (row: OutboxRow): EmailDelivery => ({
  outboxId: row.id,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  queuedAt: row.queued_at,
  sentAt: row.sent_at
})

/** The hot queries, exported so their plans are tested. */
export const emailSql = {
  byMessageIds: `SELECT ticket_id FROM email_messages WHERE message_id IN (SELECT value FROM json_each(?))
     ORDER BY message_row_id DESC LIMIT 1`,
  nextDue: `SELECT * FROM email_outbox WHERE status = 'queued' AND next_attempt_at <= ?
     ORDER BY next_attempt_at, id LIMIT 1`
} as const

const statements = statementCache((db) => ({
  folder: db.prepare('SELECT * FROM mail_folders WHERE folder = ?'),
  putFolder: db.prepare(
    `INSERT INTO mail_folders (folder, uid_validity, last_uid, synced_at) VALUES (@folder, @uidValidity, @lastUid, @now)
     ON CONFLICT(folder) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid,
       synced_at = excluded.synced_at`
  ),
  exists: db.prepare('SELECT 1 FROM email_messages WHERE message_id = ?'),
  byMessageIds: db.prepare(emailSql.byMessageIds),
  insertEmail: db.prepare(
    `INSERT INTO email_messages (message_row_id, ticket_id, direction, message_id, in_reply_to, refs,
       from_address, to_address, subject, automatic, quoted, folder, uid, created_at)
     VALUES (@messageRowId, @ticketId, @direction, @messageId, @inReplyTo, @refs, @from, @to, @subject,
       @automatic, @quoted, @folder, @uid, @createdAt)`
  ),
  insertAttachment: db.prepare(
    `INSERT INTO email_attachments (message_row_id, filename, content_type, size_bytes, stored_name)
     VALUES (@messageRowId, @filename, @contentType, @sizeBytes, @storedName)`
  ),
  latestInbound: db.prepare(
    `SELECT * FROM email_messages WHERE ticket_id = ? AND direction = 'in' AND automatic IS NULL
     ORDER BY message_row_id DESC LIMIT 1`
  ),
  byRow: db.prepare('SELECT * FROM email_messages WHERE message_row_id = ?'),
  hasThread: db.prepare(`SELECT 1 FROM email_messages WHERE ticket_id = ? AND direction = 'in' LIMIT 1`),
  ofTicket: db.prepare('SELECT * FROM email_messages WHERE ticket_id = ? ORDER BY message_row_id'),
  attachmentsOfTicket: db.prepare(
    `SELECT a.* FROM email_attachments a JOIN email_messages e ON e.message_row_id = a.message_row_id
     WHERE e.ticket_id = ? ORDER BY a.id`
  ),
  outboxOfTicket: db.prepare('SELECT * FROM email_outbox WHERE ticket_id = ?'),
  outboxByMessage: db.prepare('SELECT * FROM email_outbox WHERE message_row_id = ?'),
  outboxById: db.prepare('SELECT * FROM email_outbox WHERE id = ?'),
  outboxBySentId: db.prepare(
    `SELECT o.* FROM email_outbox o JOIN email_messages e ON e.message_row_id = o.message_row_id
     WHERE e.message_id = ? AND e.direction = 'out'`
  ),
  insertOutbox: db.prepare(
    `INSERT INTO email_outbox (id, draft_id, message_row_id, ticket_id, status, queued_at, next_attempt_at, updated_at)
     VALUES (@id, @draftId, @messageRowId, @ticketId, 'queued', @now, @now, @now)`
  ),
  nextDue: db.prepare(emailSql.nextDue),
  nextWake: db.prepare(`SELECT MIN(next_attempt_at) AS at FROM email_outbox WHERE status = 'queued'`),
  claim: db.prepare(
    `UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, updated_at = @now
     WHERE id = @id AND status = 'queued'`
  ),
  finish: db.prepare(
    `UPDATE email_outbox SET status = @status, last_error = @error, sent_at = @sentAt,
       next_attempt_at = @nextAttemptAt, updated_at = @now
     WHERE id = @id AND status = @from`
  ),
  orphaned: db.prepare(
    `UPDATE email_outbox SET status = 'unknown', last_error = @error, updated_at = @now WHERE status = 'sending'`
  ),
  counts: db.prepare(
    `SELECT status, COUNT(*) AS n FROM email_outbox WHERE status IN ('queued', 'sending', 'failed', 'unknown') GROUP BY status`
  )
}))

interface EmailDbRow {
  message_row_id: number
  ticket_id: string
  direction: 'in' | 'out'
  message_id: string
  in_reply_to: string | null
  refs: string
  from_address: string
  to_address: string
  subject: string
  automatic: Automatic | null
  quoted: string | null
  folder: string | null
  uid: number | null
  created_at: string
}

const parseRefs = (text: string): string[] => {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

const rowToEmail = (row: EmailDbRow): EmailRow => ({
  messageRowId: row.message_row_id,
  ticketId: row.ticket_id,
  direction: row.direction,
  messageId: row.message_id,
  inReplyTo: row.in_reply_to,
  references: parseRefs(row.refs),
  from: row.from_address,
  to: row.to_address,
  subject: row.subject,
  automatic: row.automatic,
  quoted: row.quoted,
  folder: row.folder,
  uid: row.uid,
  createdAt: row.created_at
})

export function getFolderState(db: Db, folder: string): FolderState | undefined {
  const row = statements(db).folder.get(folder) as
    { folder: string; uid_validity: string; last_uid: number } | undefined
  return row && { folder: row.folder, uidValidity: row.uid_validity, lastUid: row.last_uid }
}

export function putFolderState(db: Db, state: FolderState, now: string): void {
  statements(db).putFolder.run({ ...state, now })
}

export function emailExists(db: Db, messageId: string): boolean {
  return statements(db).exists.get(messageId) !== undefined
}

/** The ticket of the most recent of these emails that Frontline knows, if any. */
export function findTicketByMessageIds(db: Db, messageIds: readonly string[]): string | undefined {
  if (messageIds.length === 0) return undefined
  const row = statements(db).byMessageIds.get(JSON.stringify(messageIds)) as { ticket_id: string } | undefined
  return row?.ticket_id
}

export function insertEmail(db: Db, email: EmailRow): void {
  statements(db).insertEmail.run({
    ...email,
    refs: JSON.stringify(email.references)
  })
}

export function insertAttachment(
  db: Db,
  attachment: {
    messageRowId: number
    filename: string
    contentType: string
    sizeBytes: number
    storedName: string | null
  }
): void {
  statements(db).insertAttachment.run(attachment)
}

/** The customer's latest email in a ticket (auto-replies and bounces aside): what a reply answers. */
export function latestInboundEmail(db: Db, ticketId: string): EmailRow | undefined {
  const row = statements(db).latestInbound.get(ticketId) as EmailDbRow | undefined
  return row && rowToEmail(row)
}

export function getEmailByMessageRow(db: Db, messageRowId: number): EmailRow | undefined {
  const row = statements(db).byRow.get(messageRowId) as EmailDbRow | undefined
  return row && rowToEmail(row)
}

/** Whether the ticket came from the mailbox: only then does a sent reply go out as an email. */
export function ticketHasEmailThread(db: Db, ticketId: string): boolean {
  return statements(db).hasThread.get(ticketId) !== undefined
}

/** Every email of a ticket with its attachments and, for replies, their delivery. */
export function listEmailInfo(db: Db, ticketId: string): EmailMessageInfo[] {
  const s = statements(db)
  const attachments = new Map<number, EmailAttachment[]>()
  for (const row of s.attachmentsOfTicket.all(ticketId) as {
    id: number
    message_row_id: number
    filename: string
    content_type: string
    size_bytes: number
    stored_name: string | null
  }[]) {
    const list = attachments.get(row.message_row_id) ?? []
    list.push({
      id: row.id,
      filename: row.filename,
      contentType: row.content_type,
      sizeBytes: row.size_bytes,
      stored: row.stored_name !== null
    })
    attachments.set(row.message_row_id, list)
  }
  const deliveries = new Map(
    (s.outboxOfTicket.all(ticketId) as OutboxRow[]).map((row) => [row.message_row_id, rowToDelivery(row)])
  )
  return (s.ofTicket.all(ticketId) as EmailDbRow[]).map((row) => ({
    messageId: row.message_row_id,
    direction: row.direction,
    from: row.from_address,
    to: row.to_address,
    subject: row.subject,
    automatic: row.automatic,
    quoted: row.quoted,
    attachments: attachments.get(row.message_row_id) ?? [],
    delivery: deliveries.get(row.message_row_id) ?? null
  }))
}

export interface OutboxItem extends EmailDelivery {
  draftId: string | null
  messageRowId: number
  ticketId: string
}

const rowToOutboxItem = (row: OutboxRow): OutboxItem => ({
  ...rowToDelivery(row),
  draftId: row.draft_id,
  messageRowId: row.message_row_id,
  ticketId: row.ticket_id
})

export function insertOutbox(
  db: Db,
  item: { id: string; draftId: string | null; messageRowId: number; ticketId: string; now: string }
): void {
  statements(db).insertOutbox.run(item)
}

export function getOutboxByMessage(db: Db, messageRowId: number): OutboxItem | undefined {
  const row = statements(db).outboxByMessage.get(messageRowId) as OutboxRow | undefined
  return row && rowToOutboxItem(row)
}

export function getOutbox(db: Db, id: string): OutboxItem | undefined {
  const row = statements(db).outboxById.get(id) as OutboxRow | undefined
  return row && rowToOutboxItem(row)
}

/** The reply that went out with this Message-ID (a bounce names it). */
export function findOutboxBySentMessageId(db: Db, messageId: string): OutboxItem | undefined {
  const row = statements(db).outboxBySentId.get(messageId) as OutboxRow | undefined
  return row && rowToOutboxItem(row)
}

/** The oldest reply due to be sent now. */
export function nextDueOutbox(db: Db, now: string): OutboxItem | undefined {
  const row = statements(db).nextDue.get(now) as OutboxRow | undefined
  return row && rowToOutboxItem(row)
}

/** When the next queued reply is due (a temporary failure waits), or null when none is queued. */
export function nextOutboxWake(db: Db): string | null {
  return (statements(db).nextWake.get() as { at: string | null }).at
}

/** queued → sending; false when another worker (or process) claimed it first. */
export function claimOutbox(db: Db, id: string, now: string): boolean {
  return statements(db).claim.run({ id, now }).changes === 1
}

/** Moves a reply from one status to the next; false when it was not in `from`. */
export function moveOutbox(
  db: Db,
  change: {
    id: string
    from: EmailDeliveryStatus
    to: EmailDeliveryStatus
    error?: string | null
    sentAt?: string | null
    nextAttemptAt?: string
    now: string
  }
): boolean {
  return (
    statements(db).finish.run({
      id: change.id,
      from: change.from,
      status: change.to,
      error: change.error ?? null,
      sentAt: change.sentAt ?? null,
      nextAttemptAt: change.nextAttemptAt ?? change.now,
      now: change.now
    }).changes === 1
  )
}

/** Replies a stopped process left mid-send: they may have left, so a person decides. */
export function markInterruptedSendsUnknown(db: Db, error: string, now: string): number {
  return statements(db).orphaned.run({ error, now }).changes
}

export function outboxCounts(db: Db): { queued: number; failed: number; unknown: number } {
  const counts = { queued: 0, failed: 0, unknown: 0 }
  for (const row of statements(db).counts.all() as { status: EmailDeliveryStatus; n: number }[]) {
    if (row.status === 'queued' || row.status === 'sending') counts.queued += row.n
    else if (row.status === 'failed' || row.status === 'unknown') counts[row.status] += row.n
  }
  return counts
}

const creation = statementCache((db) => ({
  lastCustomerRowid: db.prepare('SELECT COALESCE(MAX(rowid), 0) AS n FROM customers'),
  customerExists: db.prepare('SELECT 1 FROM customers WHERE id = ?'),
  insertCustomer: db.prepare(
    `INSERT INTO customers (id, name, email, created_at) VALUES (@id, @name, @email, @now)`
  ),
  insertTicket: db.prepare(
    `INSERT INTO tickets (id, customer_id, subject, status, priority, channel, created_at, updated_at,
       last_customer_message_at)
     VALUES (@ticketId, @customerId, @subject, @status, 'normal', 'email', @now, @now, @now)`
  ),
  ticketCustomerEmail: db.prepare(
    'SELECT c.email FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ?'
  )
}))

/** A contact for an unknown sender, in the shop's CUS-000123 form; run it inside the write transaction. */
export function insertContact(db: Db, contact: { name: string; email: string; now: string }): string {
  const s = creation(db)
  let n = (s.lastCustomerRowid.get() as { n: number }).n + 1
  let id = `CUS-${String(n).padStart(6, '0')}`
  while (s.customerExists.get(id)) {
    n += 1
    id = `CUS-${String(n).padStart(6, '0')}`
  }
  s.insertCustomer.run({ id, ...contact })
  return id
}

export function insertEmailTicket(
  db: Db,
  ticket: {
    ticketId: string
    customerId: string | null
    subject: string
    status: 'new' | 'solved'
    now: string
  }
): void {
  creation(db).insertTicket.run(ticket)
}

/** The email address of the ticket's customer, if it has one. */
export function ticketCustomerEmail(db: Db, ticketId: string): string | undefined {
  return (creation(db).ticketCustomerEmail.get(ticketId) as { email: string } | undefined)?.email
}

const messageText = statementCache((db) => ({
  get: db.prepare('SELECT body, author_name FROM messages WHERE id = ?')
}))

/** The text of a thread message and who wrote it (what an outgoing email says). */
export function getMessageText(
  db: Db,
  messageRowId: number
): { body: string; authorName: string } | undefined {
  const row = messageText(db).get.get(messageRowId) as { body: string; author_name: string } | undefined
  return row && { body: row.body, authorName: row.author_name }
}
