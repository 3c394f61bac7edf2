import type { Db } from '../db/connection'
import { nextTicketId } from '../db/repositories/chat-sessions'
import { findCustomerByEmail } from '../db/repositories/customers'
import {
  emailExists,
  findTicketByMessageIds,
  findOutboxBySentMessageId,
  insertAttachment,
  insertContact,
  insertEmail,
  insertEmailTicket,
  moveOutbox,
  putFolderState,
  ticketCustomerEmail,
  type Automatic
} from '../db/repositories/email'
import { appendMessage, getTicketSummary } from '../db/repositories/tickets'
import type { AttachmentStore } from './attachment-store'
import type { InboundEmail } from './parse-email'
import { ticketIdInSubject } from './ticket-token'

/** A batch read from one folder: its emails and the folder's position once they are stored. */
export interface InboundBatch {
  folder: string
  uidValidity: string
  /** The highest UID of the batch (or of the folder, when the batch skipped some). */
  lastUid: number
  emails: { uid: number; email: InboundEmail }[]
}

export interface StoredEmail {
  ticketId: string
  messageRowId: number
  newTicket: boolean
  automatic: Automatic | null
}

export interface BatchOutcome {
  stored: StoredEmail[]
  /** Emails already stored (read again after a crash or a UIDVALIDITY change). */
  duplicates: number
  /** Replies a bounce reported as undelivered: they show unsent again. */
  bounced: { ticketId: string; outboxId: string }[]
}

const AUTOMATIC_AUTHOR: Record<Automatic, string> = {
  auto_reply: 'Auto-reply',
  bounce: 'Delivery failure',
  list: 'Mailing list',
  own: 'Our own mailbox'
}

const SUBJECT_LENGTH = 200
const subjectOf = (email: InboundEmail): string => {
  const line = email.subject.replace(/\s+/g, ' ').trim() || '(no subject)'
  return line.length > SUBJECT_LENGTH ? `${line.slice(0, SUBJECT_LENGTH - 1)}…` : line
}

/** The display name of a new contact: what their mail app says, else the address's local part. */
const contactName = (from: InboundEmail['from']): string =>
  from.name || from.address.split('@')[0] || from.address

/**
 * Stores a batch in one transaction with the folder's new position: a crash before the commit
 * leaves both as they were, so the same emails are read again; one after it leaves both moved on.
 * Each email joins its thread by In-Reply-To/References, then by the ticket token in its subject
 * (only from the ticket's own customer), else it opens a ticket; an unknown sender becomes a contact.
 */
export function storeInboundBatch(
  db: Db,
  batch: InboundBatch,
  deps: { attachments: AttachmentStore; now: string }
): BatchOutcome {
  const { now } = deps
  // Files first, outside the transaction: each is named by its content, so a rerun rewrites the same.
  const kept = batch.emails.map(({ email }) => email.attachments.map((a) => deps.attachments.keep(a.content)))

  return db.transaction((): BatchOutcome => {
    const outcome: BatchOutcome = { stored: [], duplicates: 0, bounced: [] }
    batch.emails.forEach(({ uid, email }, index) => {
      if (emailExists(db, email.messageId)) {
        outcome.duplicates += 1
        return
      }
      const sender = email.from.address
      let ticketId =
        (email.bounce && findTicketByMessageIds(db, email.bounce.mentionedIds)) ||
        findTicketByMessageIds(db, email.references)
      if (!ticketId) {
        const token = ticketIdInSubject(email.subject)
        const owner = token ? ticketCustomerEmail(db, token) : undefined
        if (token && owner && owner.toLowerCase() === sender.toLowerCase()) ticketId = token
      }
      const person = email.automatic === null
      let customerId: string | null = null
      if (person && sender) {
        customerId =
          findCustomerByEmail(db, sender)?.id ??
          insertContact(db, { name: contactName(email.from), email: sender, now })
      }
      const newTicket = !ticketId || !getTicketSummary(db, ticketId)
      if (newTicket) {
        ticketId = nextTicketId(db)
        // Automatic mail is filed, not queued for an answer.
        insertEmailTicket(db, {
          ticketId,
          customerId,
          subject: subjectOf(email),
          status: person ? 'new' : 'solved',
          now
        })
      }
      const id = ticketId as string
      const messageRowId = appendMessage(db, {
        ticketId: id,
        author: person ? 'customer' : 'system',
        authorName: person
          ? email.from.name || sender
          : `${AUTOMATIC_AUTHOR[email.automatic ?? 'auto_reply']} from ${sender || 'an unknown sender'}`,
        body:
          email.automatic === 'bounce' && email.bounce
            ? `${email.bounce.reason}\n\n${email.body}`.trim()
            : email.body,
        now
      })
      insertEmail(db, {
        messageRowId,
        ticketId: id,
        direction: 'in',
        messageId: email.messageId,
        inReplyTo: email.inReplyTo,
        references: email.references,
        from: sender,
        to: email.to,
        subject: email.subject,
        automatic: email.automatic,
        quoted: email.quoted,
        folder: batch.folder,
        uid,
        createdAt: now
      })
      email.attachments.forEach((attachment, i) =>
        insertAttachment(db, {
          messageRowId,
          filename: attachment.filename,
          contentType: attachment.contentType,
          sizeBytes: attachment.size,
          storedName: kept[index]?.[i] ?? null
        })
      )
      if (email.bounce) {
        for (const bounced of bouncedReplies(db, email.bounce, now)) outcome.bounced.push(bounced)
      }
      outcome.stored.push({ ticketId: id, messageRowId, newTicket, automatic: email.automatic })
    })
    putFolderState(db, { folder: batch.folder, uidValidity: batch.uidValidity, lastUid: batch.lastUid }, now)
    return outcome
  })()
}

/** A bounce names the reply it returns: that reply is unsent again, with the server's reason. */
function bouncedReplies(
  db: Db,
  bounce: NonNullable<InboundEmail['bounce']>,
  now: string
): { ticketId: string; outboxId: string }[] {
  const found: { ticketId: string; outboxId: string }[] = []
  for (const id of bounce.mentionedIds) {
    const item = findOutboxBySentMessageId(db, id)
    if (!item) continue
    for (const from of ['sent', 'unknown'] as const) {
      if (
        moveOutbox(db, { id: item.outboxId, from, to: 'failed', error: bounce.reason, sentAt: null, now })
      ) {
        found.push({ ticketId: item.ticketId, outboxId: item.outboxId })
      }
    }
  }
  return found
}
