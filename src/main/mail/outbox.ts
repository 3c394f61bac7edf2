import { randomUUID } from 'node:crypto'
import nodemailer, { type Transporter } from 'nodemailer'
import type { MailboxSettings } from '../../shared/domain/mailbox'
import { AUTOPILOT_AUTHOR } from '../agent/autopilot'
import type { Clock } from '../core/clock'
import { durableTransaction, type Db } from '../db/connection'
import {
  claimOutbox,
  getEmailByMessageRow,
  getMessageText,
  insertEmail,
  insertOutbox,
  latestInboundEmail,
  markInterruptedSendsUnknown,
  moveOutbox,
  nextDueOutbox,
  nextOutboxWake,
  type OutboxItem
} from '../db/repositories/email'
import { describeFailure, shopAddress, smtpOptions } from './mail-connection'
import type { MailSecrets } from './mail-secrets'
import { replySubject } from './ticket-token'

/**
 * Replies on their way out. A reply is queued in the transaction that sends its draft, with its
 * Message-ID made then; the sender marks it 'sending' in a committed transaction before it talks
 * to the SMTP server, and 'sent' or 'failed' after. SMTP offers no idempotency, so a reply found
 * 'sending' at start (the process died mid-send) may have left: it becomes 'unknown' for a person
 * to check, and is never sent again unless they say so.
 */

const MAX_AUTOMATIC_ATTEMPTS = 3
const RETRY_BASE_MS = 30_000
const MAX_REFERENCES = 20

export const INTERRUPTED_SEND =
  'Frontline stopped while sending this email, so it may or may not have reached the customer. Check the Sent folder of the mailbox, then Retry or mark it as sent.'

/** Queues the reply a person (or the autopilot) sent on an email ticket; runs in the caller's transaction. */
export function queueEmailReply(
  db: Db,
  reply: {
    ticketId: string
    draftId: string | null
    messageRowId: number
    settings: MailboxSettings
    now: string
  }
): string | null {
  const answered = latestInboundEmail(db, reply.ticketId)
  if (!answered) return null
  const from = shopAddress(reply.settings)
  const domain = from.split('@')[1] || 'frontline.invalid'
  insertEmail(db, {
    messageRowId: reply.messageRowId,
    ticketId: reply.ticketId,
    direction: 'out',
    messageId: `${randomUUID()}@${domain}`,
    inReplyTo: answered.messageId,
    references: [...answered.references.filter((id) => id !== answered.messageId), answered.messageId].slice(
      -MAX_REFERENCES
    ),
    from,
    to: answered.from,
    subject: replySubject(answered.subject, reply.ticketId),
    automatic: null,
    quoted: null,
    folder: null,
    uid: null,
    createdAt: reply.now
  })
  const id = `OUT-${randomUUID()}`
  insertOutbox(db, {
    id,
    draftId: reply.draftId,
    messageRowId: reply.messageRowId,
    ticketId: reply.ticketId,
    now: reply.now
  })
  return id
}

export interface OutboxSender {
  /** Sends what is due, now (after a reply is queued, a retry, or a settings change). */
  kick(): void
  close(): Promise<void>
}

type SendOutcome =
  | { to: 'sent' }
  | { to: 'failed' | 'unknown'; error: string }
  | { to: 'queued'; error: string; retryInMs: number }

/** Where a failed send leaves the reply: only a refusal or a failure before the message was handed over is certain. */
function outcomeOf(error: unknown, attempts: number, secrets: readonly string[]): SendOutcome {
  const e = (error ?? {}) as { responseCode?: number; code?: string; command?: string }
  const { message } = describeFailure(error, secrets)
  if (e.responseCode !== undefined && e.responseCode >= 500) return { to: 'failed', error: message }
  if (e.code === 'EAUTH' || e.code === 'EENVELOPE') return { to: 'failed', error: message }
  const beforeData =
    e.responseCode !== undefined ||
    (['ECONNECTION', 'EDNS', 'ETLS', 'ESOCKET', 'ETIMEDOUT'].includes(e.code ?? '') && e.command !== 'DATA')
  if (!beforeData)
    return { to: 'unknown', error: `${message} The server may have accepted it before the connection broke.` }
  if (attempts >= MAX_AUTOMATIC_ATTEMPTS) return { to: 'failed', error: message }
  return {
    to: 'queued',
    error: `${message} Trying again shortly.`,
    retryInMs: RETRY_BASE_MS * 2 ** (attempts - 1)
  }
}

export function createOutboxSender(deps: {
  db: Db
  clock: Clock
  settings(): MailboxSettings
  secrets: MailSecrets
  /** A reply changed status: the thread and the inbox show it. */
  changed(item: OutboxItem): void
}): OutboxSender {
  const { db, clock } = deps
  const now = (): string => clock.now().toISOString()
  let running: Promise<void> | null = null
  let again = false
  let closed = false
  let timer: NodeJS.Timeout | undefined

  const interrupted = markInterruptedSendsUnknown(db, INTERRUPTED_SEND, now())
  if (interrupted > 0)
    console.warn(`[mail] ${interrupted} email(s) may or may not have been sent; a person must check them`)

  const ready = (settings: MailboxSettings): boolean =>
    settings.enabled && settings.smtpHost !== '' && shopAddress(settings) !== ''

  async function sendOne(
    item: OutboxItem,
    transport: Transporter,
    settings: MailboxSettings,
    secrets: string[]
  ) {
    const email = getEmailByMessageRow(db, item.messageRowId)
    const text = getMessageText(db, item.messageRowId)
    if (!email || !text) return
    // Committed before the server hears of it: a crash from here on leaves 'sending', never a silent resend.
    if (!durableTransaction(db, () => claimOutbox(db, item.outboxId, now()))) return
    deps.changed({ ...item, status: 'sending' })
    let outcome: SendOutcome
    try {
      await transport.sendMail({
        from: { name: settings.displayName, address: email.from },
        to: email.to,
        subject: email.subject,
        text: text.body,
        messageId: `<${email.messageId}>`,
        inReplyTo: email.inReplyTo ? `<${email.inReplyTo}>` : undefined,
        references: email.references.map((id) => `<${id}>`),
        headers: {
          'X-Frontline-Ticket': item.ticketId,
          // The autopilot's answers are automatic replies: other robots must not answer them (RFC 3834).
          ...(text.authorName.startsWith(AUTOPILOT_AUTHOR) ? { 'Auto-Submitted': 'auto-replied' } : {})
        }
      })
      outcome = { to: 'sent' }
    } catch (error) {
      outcome = outcomeOf(error, item.attempts + 1, secrets)
    }
    const at = now()
    durableTransaction(db, () =>
      moveOutbox(db, {
        id: item.outboxId,
        from: 'sending',
        to: outcome.to,
        error: 'error' in outcome ? outcome.error : null,
        sentAt: outcome.to === 'sent' ? at : null,
        nextAttemptAt:
          outcome.to === 'queued' ? new Date(Date.parse(at) + outcome.retryInMs).toISOString() : at,
        now: at
      })
    )
    deps.changed({ ...item, status: outcome.to })
  }

  async function pump(): Promise<void> {
    const settings = deps.settings()
    if (!ready(settings) || !nextDueOutbox(db, now())) return
    const secrets = await deps.secrets.known()
    const transport = nodemailer.createTransport(
      smtpOptions(settings, (await deps.secrets.password('smtp')) ?? '')
    )
    try {
      for (let item = nextDueOutbox(db, now()); item && !closed; item = nextDueOutbox(db, now())) {
        await sendOne(item, transport, settings, secrets)
      }
    } finally {
      transport.close()
    }
  }

  const schedule = (): void => {
    clearTimeout(timer)
    const wake = nextOutboxWake(db)
    if (!wake || closed) return
    timer = setTimeout(kick, Math.max(0, Math.min(Date.parse(wake) - clock.now().getTime(), 2 ** 31 - 1)))
    timer.unref()
  }

  function kick(): void {
    if (closed) return
    if (running) {
      again = true
      return
    }
    running = pump()
      .catch((error: unknown) => console.error('[mail] sending failed', error))
      .finally(() => {
        running = null
        if (again) {
          again = false
          kick()
        } else schedule()
      })
  }

  return {
    kick,
    async close() {
      closed = true
      clearTimeout(timer)
      await running
    }
  }
}
