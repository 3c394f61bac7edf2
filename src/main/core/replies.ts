import type { Message } from '../../shared/domain/ticket'
import { AppFailure } from '../../shared/result'
import type { Db } from '../db/connection'
import type { MailService } from '../mail/mail-service'
import { appendMessage, latestReplyAfter, setTicketStatus } from '../db/repositories/tickets'

/** The name a customer sees on the shop's replies, whoever on the team sent them. */
export const REPLY_AUTHOR_NAME = 'Support team'

/**
 * Asks before a reply that crossed someone else's: when a reply went to the customer after the last
 * message the sender had seen (`seenMessageId`), the send is refused as a conflict on that field,
 * naming who replied and when, unless the sender saw it and sends anyway. A caller that says
 * nothing of what it saw (the CLI, an older console) is not asked.
 */
export function refuseCrossedReply(
  db: Db,
  ticketId: string,
  seen: { seenMessageId?: number | undefined; sendAnyway?: boolean | undefined }
): void {
  if (seen.seenMessageId === undefined || seen.sendAnyway) return
  const since = latestReplyAfter(db, ticketId, seen.seenMessageId)
  if (!since) return
  throw new AppFailure(
    'conflict',
    `${since.sentBy ?? 'Someone'} replied to this customer at ${since.createdAt.slice(11, 16)} UTC, after you opened the ticket. Send yours anyway?`,
    [{ field: 'seenMessageId', message: 'someone replied since' }]
  )
}

/**
 * A reply a person sends to the customer, from the AI's draft or written by hand: a turn of the
 * thread that says how it was written and who sent it, and the ticket now waits on the customer
 * (their next message reopens it). Run it inside the caller's transaction, beside its audit row.
 */
export function recordReply(
  db: Db,
  mail: Pick<MailService, 'queueReply'>,
  reply: {
    ticketId: string
    /** The draft it was sent from; null when written by hand. */
    draftId: string | null
    body: string
    composedBy: NonNullable<Message['composedBy']>
    sentBy: string
    now: string
  }
): number {
  const messageId = appendMessage(db, {
    ticketId: reply.ticketId,
    author: 'agent',
    authorName: REPLY_AUTHOR_NAME,
    body: reply.body,
    now: reply.now,
    composedBy: reply.composedBy,
    sentBy: reply.sentBy
  })
  // On a ticket that came by email the reply goes out as one, queued in this same write; the
  // caller flushes the outbox once its transaction has committed.
  mail.queueReply({
    ticketId: reply.ticketId,
    draftId: reply.draftId,
    messageRowId: messageId,
    now: reply.now
  })
  setTicketStatus(db, reply.ticketId, 'pending', reply.now)
  return messageId
}
