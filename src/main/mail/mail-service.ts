import { requesterOf } from '../../shared/domain/caller'
import type { Decider } from '../agent/decider'
import { dataScopeOf, outsideScope } from '../policy/data-scope'
import { dirname, join } from 'node:path'
import {
  MailboxSettings,
  type EmailDelivery,
  type EmailMessageInfo,
  type MailboxSettingsPatch,
  type MailboxStatus,
  type MailboxTestResult,
  type MailboxView
} from '../../shared/domain/mailbox'
import type { Draft } from '../../shared/domain/draft'
import { AppFailure } from '../../shared/result'
import { AUTOPILOT_AUTHOR, decideDelivery, readAutopilotSettings } from '../agent/autopilot'
import type { DraftEngine } from '../agent/draft-engine'
import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import type { Db } from '../db/connection'
import { writeAudit } from '../db/repositories/audit-log'
import { getLatestDraftForTicket, markDraftSent } from '../db/repositories/drafts'
import {
  getFolderState,
  getOutboxByMessage,
  listEmailInfo,
  moveOutbox,
  outboxCounts,
  ticketHasEmailThread
} from '../db/repositories/email'
import { readSetting, writeSetting } from '../db/repositories/settings'
import { appendMessage, getTicketSummary, setTicketStatus } from '../db/repositories/tickets'
import { listToolCallsForDraft } from '../db/repositories/tool-calls'
import type { KeyStore } from '../llm'
import { createAttachmentStore } from './attachment-store'
import { createImapSync, type ImapSync, type SyncStatus } from './imap-sync'
import { testMailbox } from './mail-connection'
import { createMailSecrets, type MailServerKind } from './mail-secrets'
import { createOutboxSender, queueEmailReply } from './outbox'
import type { BatchOutcome } from './store-inbound'

/**
 * The email channel of a core: reads the shop's mailbox into tickets, drafts answers, sends replies
 * through the outbox. Started with the core when the mailbox is enabled, stopped with it.
 */
export const MAILBOX_SETTINGS_KEY = 'mailbox'

export interface MailServiceDeps {
  db: Db
  clock: Clock
  events: CoreEvents
  drafts: DraftEngine
  keys: KeyStore
  env: NodeJS.ProcessEnv
  dbPath: string
  /** UIDs per ingest transaction (FRONTLINE_MAIL_BATCH_SIZE); 200 by default. */
  batchSize?: number
}

export interface MailService {
  view(): Promise<MailboxView>
  update(patch: MailboxSettingsPatch): Promise<MailboxView>
  setPassword(kind: MailServerKind, password: string): Promise<MailboxView>
  test(): Promise<MailboxTestResult>
  status(): MailboxStatus
  thread(ticketId: string): EmailMessageInfo[]
  retry(messageId: number): EmailDelivery
  /** `by`: the person who checked it went out (their team account, when signed in). */
  markSent(messageId: number, by: Decider): EmailDelivery
  /**
   * A reply was added to an email ticket's thread: queue it as an email. Runs inside the caller's
   * transaction, so the reply and its place in the outbox are one write; false when the ticket did
   * not come from the mailbox.
   */
  queueReply(reply: { ticketId: string; draftId: string | null; messageRowId: number; now: string }): boolean
  /** After the caller's transaction: send what was queued. */
  flush(): void
  /** Reads the mailbox when it is enabled and complete (the core calls it once it is built). */
  start(): void
  close(): Promise<void>
}

const CONNECTION_FIELDS: readonly (keyof MailboxSettings)[] = [
  'enabled',
  'imapHost',
  'imapPort',
  'imapTls',
  'user',
  'folder',
  'pollSeconds'
]

export function createMailService(deps: MailServiceDeps): MailService {
  const { db, clock, events } = deps
  const now = (): string => clock.now().toISOString()
  const settings = (): MailboxSettings =>
    readSetting(db, MAILBOX_SETTINGS_KEY, MailboxSettings, MailboxSettings.parse({}))
  const secrets = createMailSecrets(deps.keys, deps.env)
  const attachments = createAttachmentStore(
    deps.dbPath === ':memory:' ? null : join(dirname(deps.dbPath), 'attachments')
  )
  let closed = false

  const status = (): MailboxStatus => {
    const current = settings()
    const sync: SyncStatus = reader.status()
    return {
      ...sync,
      folder: current.folder,
      lastUid: getFolderState(db, current.folder)?.lastUid ?? 0,
      outbox: outboxCounts(db)
    }
  }
  const announce = (): void => {
    if (!closed && db.open) events.emit('mailbox.status', status())
  }

  const outbox = createOutboxSender({
    db,
    clock,
    settings,
    secrets,
    changed(item) {
      events.emit('tickets.changed', { ticketIds: [item.ticketId] })
      announce()
    }
  })

  /** The autopilot's rules apply to email as to chat (off by default for email). */
  function autopilot(draft: Draft): void {
    if (closed || !db.open) return
    const ticket = getTicketSummary(db, draft.ticketId)
    if (!ticket) return
    const scope = dataScopeOf(requesterOf(ticket))
    const delivery = decideDelivery(readAutopilotSettings(db), {
      channel: 'email',
      draftStatus: draft.status,
      body: draft.body,
      trace: listToolCallsForDraft(db, draft.id),
      outsideScope: (call) => outsideScope(db, scope, call.result, call.arguments)
    })
    if (!delivery.send) return
    const at = now()
    const queued = db.transaction(() => {
      // A person may have sent or replaced the draft while it was written.
      if (getLatestDraftForTicket(db, draft.ticketId)?.id !== draft.id) return false
      markDraftSent(db, draft.id, draft.body, at)
      const messageRowId = appendMessage(db, {
        ticketId: draft.ticketId,
        author: 'agent',
        authorName: draft.writtenWithoutAi ? `${AUTOPILOT_AUTHOR} (fallback)` : AUTOPILOT_AUTHOR,
        body: draft.body,
        now: at
      })
      setTicketStatus(db, draft.ticketId, 'pending', at)
      queueEmailReply(db, {
        ticketId: draft.ticketId,
        draftId: draft.id,
        messageRowId,
        settings: settings(),
        now: at
      })
      writeAudit(db, {
        at,
        actor: AUTOPILOT_AUTHOR,
        action: 'draft.autosent',
        subjectType: 'draft',
        subjectId: draft.id,
        detail: { ticketId: draft.ticketId, channel: 'email', intents: delivery.intents }
      })
      return true
    })()
    if (!queued) return
    events.emit('draft.changed', { ...draft, status: 'sent', sentAt: at, updatedAt: at })
    events.emit('tickets.changed', { ticketIds: [draft.ticketId] })
    outbox.kick()
  }

  /** New customer email wants a draft, unless a draft not yet sent is there (a person's work is kept). */
  function draftFor(ticketId: string): void {
    const latest = getLatestDraftForTicket(db, ticketId)
    if (latest && latest.status !== 'sent') return
    try {
      deps.drafts
        .start(ticketId)
        .done.then(autopilot, (error: unknown) => console.error('[mail] draft failed', error))
    } catch (error) {
      console.error(`[mail] could not start a draft for ${ticketId}`, error)
    }
  }

  function onBatch(outcome: BatchOutcome): void {
    const ticketIds = [
      ...new Set([...outcome.stored.map((s) => s.ticketId), ...outcome.bounced.map((b) => b.ticketId)])
    ]
    if (ticketIds.length > 0) events.emit('tickets.changed', { ticketIds })
    announce()
    if (!settings().draftOnArrival) return
    const wanting = new Set(outcome.stored.filter((s) => s.automatic === null).map((s) => s.ticketId))
    for (const ticketId of wanting) draftFor(ticketId)
  }

  const batchSize = deps.batchSize ?? (Number(deps.env.FRONTLINE_MAIL_BATCH_SIZE) || 200)
  const reader: ImapSync = createImapSync({
    db,
    clock,
    settings,
    secrets,
    attachments,
    batchSize: Math.max(1, Math.min(batchSize, 5_000)),
    onBatch,
    onStatus: announce
  })

  const restart = async (): Promise<void> => {
    await reader.stop()
    if (!closed && settings().enabled) reader.start()
    announce()
  }

  const view = async (): Promise<MailboxView> => ({
    settings: settings(),
    passwordSet: await secrets.has('imap'),
    smtpPasswordSet: await secrets.has('smtp'),
    status: status()
  })

  const outboxItem = (messageId: number) => {
    const item = getOutboxByMessage(db, messageId)
    if (!item) {
      throw new AppFailure('not_found', `Message ${messageId} is not an email reply.`, [
        { field: 'messageId', message: 'not an outgoing email' }
      ])
    }
    return item
  }

  return {
    view,

    async update(patch) {
      const before = settings()
      const next = MailboxSettings.parse({ ...before, ...patch })
      writeSetting(db, MAILBOX_SETTINGS_KEY, next)
      if (CONNECTION_FIELDS.some((field) => before[field] !== next[field])) await restart()
      outbox.kick()
      return view()
    },

    async setPassword(kind, password) {
      await secrets.set(kind, password)
      if (kind === 'imap') await restart()
      outbox.kick()
      return view()
    },

    test: () => testMailbox(settings(), secrets),

    status,

    thread: (ticketId) => listEmailInfo(db, ticketId),

    retry(messageId) {
      const item = outboxItem(messageId)
      const at = now()
      const moved = (['failed', 'unknown'] as const).some((from) =>
        moveOutbox(db, { id: item.outboxId, from, to: 'queued', error: item.lastError, now: at })
      )
      if (!moved) {
        throw new AppFailure(
          'conflict',
          `This email is ${item.status}; only a failed or unconfirmed one can be retried.`,
          [{ field: 'messageId', message: `email is ${item.status}` }]
        )
      }
      events.emit('tickets.changed', { ticketIds: [item.ticketId] })
      outbox.kick()
      return { ...outboxItem(messageId) }
    },

    markSent(messageId, by) {
      const item = outboxItem(messageId)
      const at = now()
      const moved = db.transaction(() => {
        if (
          !moveOutbox(db, {
            id: item.outboxId,
            from: 'unknown',
            to: 'sent',
            sentAt: at,
            error: null,
            now: at
          })
        )
          return false
        writeAudit(db, {
          at,
          actor: by.name,
          actorId: by.id,
          action: 'email.confirmed_sent',
          subjectType: 'email',
          subjectId: item.outboxId,
          detail: { ticketId: item.ticketId, messageId }
        })
        return true
      })()
      if (!moved) {
        throw new AppFailure(
          'conflict',
          `This email is ${item.status}; only an unconfirmed one can be marked as sent.`,
          [{ field: 'messageId', message: `email is ${item.status}` }]
        )
      }
      events.emit('tickets.changed', { ticketIds: [item.ticketId] })
      announce()
      return { ...outboxItem(messageId) }
    },

    queueReply(reply) {
      if (!ticketHasEmailThread(db, reply.ticketId)) return false
      return queueEmailReply(db, { ...reply, settings: settings() }) !== null
    },

    flush: () => outbox.kick(),

    start() {
      if (settings().enabled) reader.start()
      outbox.kick()
    },

    async close() {
      closed = true
      await reader.stop()
      await outbox.close()
    }
  }
}
