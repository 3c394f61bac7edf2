import { createHash } from 'node:crypto'
import { ImapFlow, type MailboxObject } from 'imapflow'
import type { MailboxSettings, MailboxStatus, MailStep } from '../../shared/domain/mailbox'
import type { Clock } from '../core/clock'
import type { Db } from '../db/connection'
import { getFolderState, putFolderState } from '../db/repositories/email'
import type { AttachmentStore } from './attachment-store'
import { describeFailure, imapOptions, shopAddress } from './mail-connection'
import type { MailSecrets } from './mail-secrets'
import { parseEmail, type InboundEmail } from './parse-email'
import { storeInboundBatch, type BatchOutcome } from './store-inbound'

/**
 * Reads the shop's folder: on connecting, every UID past the stored position; then whatever the
 * server pushes (IDLE), and a check every pollSeconds besides (the only check where the server has
 * no IDLE). Each batch is stored with the folder's new position in one transaction. A new
 * UIDVALIDITY means the server renumbered the folder: it is read again from the start, and the
 * emails already stored are recognised by their Message-ID.
 */

export type SyncStatus = Pick<MailboxStatus, 'state' | 'mode' | 'lastSyncAt' | 'lastError'> & {
  ingested: number
}

export interface ImapSyncDeps {
  db: Db
  clock: Clock
  settings(): MailboxSettings
  secrets: MailSecrets
  attachments: AttachmentStore
  /** UIDs fetched and stored per transaction. */
  batchSize: number
  onBatch(outcome: BatchOutcome): void
  onStatus(status: SyncStatus): void
}

export interface ImapSync {
  start(): void
  stop(): Promise<void>
  status(): SyncStatus
}

const RECONNECT_MIN_MS = 1_000
const RECONNECT_MAX_MS = 60_000

/** An email that could not be parsed still reaches the thread, named by its content. */
function unreadable(source: Buffer, error: unknown): InboundEmail {
  return {
    messageId: `sha256-${createHash('sha256').update(source).digest('hex')}@frontline.invalid`,
    inReplyTo: null,
    references: [],
    from: { address: '', name: '' },
    to: '',
    subject: '(an email Frontline could not read)',
    date: null,
    body: `Frontline could not read this email (${(error as Error).message}). Open it in the mailbox.`,
    quoted: null,
    automatic: null,
    bounce: null,
    attachments: []
  }
}

export function createImapSync(deps: ImapSyncDeps): ImapSync {
  const { db, clock } = deps
  const now = (): string => clock.now().toISOString()
  let status: SyncStatus = { state: 'off', mode: null, lastSyncAt: null, lastError: null, ingested: 0 }
  let stopped = true
  let loop: Promise<void> | null = null
  let client: ImapFlow | null = null
  let wakeBackoff: (() => void) | null = null

  const setStatus = (patch: Partial<SyncStatus>): void => {
    status = { ...status, ...patch }
    deps.onStatus(status)
  }
  const fail = async (error: unknown, step?: MailStep): Promise<void> => {
    const failure = describeFailure(error, await deps.secrets.known())
    setStatus({ state: 'error', lastError: { step: step ?? failure.step, message: failure.message } })
  }

  /** Reads everything past the stored position, one batch per transaction. */
  async function syncFolder(imap: ImapFlow, settings: MailboxSettings): Promise<void> {
    const box = imap.mailbox as MailboxObject | false
    if (!box) return
    const folder = settings.folder
    const uidValidity = String(box.uidValidity)
    const stored = getFolderState(db, folder)
    const renumbered = stored !== undefined && stored.uidValidity !== uidValidity
    if (renumbered)
      console.warn(
        `[mail] ${folder}: UIDVALIDITY changed; reading the folder again (stored emails are kept once)`
      )
    const last = stored && !renumbered ? stored.lastUid : 0
    // The mailbox's uidNext is as of SELECT; a search asks the server what is there now.
    const found = (await imap.search({ uid: `${last + 1}:*` }, { uid: true })) || []
    const uids = found.filter((uid) => uid > last).sort((a, b) => a - b)
    if (uids.length === 0) {
      if (!stored || renumbered) putFolderState(db, { folder, uidValidity, lastUid: 0 }, now())
      setStatus({ lastSyncAt: now() })
      return
    }
    setStatus({ state: 'syncing' })
    const addresses = [shopAddress(settings), settings.user].filter(Boolean)
    for (let i = 0; i < uids.length && !stopped; i += deps.batchSize) {
      const chunk = uids.slice(i, i + deps.batchSize)
      const sources: { uid: number; source: Buffer }[] = []
      for await (const message of imap.fetch(chunk.join(','), { uid: true, source: true }, { uid: true })) {
        if (message.source) sources.push({ uid: message.uid, source: message.source })
      }
      const emails = await Promise.all(
        sources.map(async ({ uid, source }) => ({
          uid,
          email: await parseEmail(source, addresses).catch((error: unknown) => unreadable(source, error))
        }))
      )
      const outcome = storeInboundBatch(
        db,
        { folder, uidValidity, lastUid: chunk.at(-1) ?? last, emails },
        { attachments: deps.attachments, now: now() }
      )
      status = { ...status, ingested: status.ingested + outcome.stored.length }
      deps.onBatch(outcome)
    }
    setStatus({ state: 'watching', lastSyncAt: now() })
  }

  async function session(settings: MailboxSettings, password: string): Promise<void> {
    const imap = new ImapFlow({
      ...imapOptions(settings, password),
      // IDLE is restarted this often, and where the server has no IDLE this is how often it is asked.
      maxIdleTime: settings.pollSeconds * 1000,
      missingIdleCommand: 'NOOP',
      // IDLE (the server's push) starts this soon after a sync; imapflow's 15 s default left new mail waiting for the poll.
      autoIdleDelay: 500
    })
    client = imap
    const closed = new Promise<void>((resolve) => imap.once('close', () => resolve()))
    let lastError: unknown = null
    imap.on('error', (error: unknown) => (lastError = error))
    setStatus({ state: 'connecting' })
    await imap.connect()
    try {
      await imap.mailboxOpen(settings.folder)
    } catch (error) {
      throw Object.assign(
        new Error(`The folder "${settings.folder}" could not be opened: ${(error as Error).message}`),
        {
          step: 'folder'
        }
      )
    }
    setStatus({ mode: imap.capabilities.has('IDLE') ? 'idle' : 'poll', lastError: null })
    // One sync at a time; a push during a sync asks for one more after it.
    let syncing: Promise<void> | null = null
    let again = false
    const sync = (): void => {
      if (syncing) {
        again = true
        return
      }
      syncing = syncFolder(imap, settings)
        .catch(async (error: unknown) => {
          await fail(error)
          imap.close()
        })
        .finally(() => {
          syncing = null
          if (again && !stopped && imap.usable) {
            again = false
            sync()
          }
        })
    }
    imap.on('exists', sync)
    const poll = setInterval(sync, settings.pollSeconds * 1000)
    poll.unref()
    sync()
    await closed
    clearInterval(poll)
    await syncing
    if (!stopped && lastError) throw lastError
  }

  async function run(): Promise<void> {
    let backoff = RECONNECT_MIN_MS
    while (!stopped) {
      const settings = deps.settings()
      const password = await deps.secrets.password('imap')
      if (!settings.enabled) {
        setStatus({ state: 'off', mode: null })
        return
      }
      if (!settings.imapHost || !settings.user || !password) {
        setStatus({
          state: 'error',
          mode: null,
          lastError: {
            step: 'settings',
            message: 'Set the IMAP host, user and password in Settings → Mailbox.'
          }
        })
        return
      }
      const started = Date.now()
      try {
        await session(settings, password)
      } catch (error) {
        await fail(error, (error as { step?: MailStep }).step)
      } finally {
        client?.close()
        client = null
      }
      if (stopped) break
      // A session that lasted a while ends from a network hiccup: reconnect soon. One that failed
      // at once (wrong password) waits longer each time, so the server is not hammered.
      backoff =
        Date.now() - started > RECONNECT_MAX_MS ? RECONNECT_MIN_MS : Math.min(backoff * 2, RECONNECT_MAX_MS)
      if (status.state !== 'error') setStatus({ state: 'connecting' })
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff)
        timer.unref()
        wakeBackoff = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wakeBackoff = null
    }
  }

  return {
    start() {
      if (!stopped) return
      stopped = false
      loop = run().catch((error: unknown) => console.error('[mail] the mailbox reader stopped', error))
    },
    async stop() {
      stopped = true
      wakeBackoff?.()
      client?.close()
      await loop
      loop = null
      if (status.state !== 'error') setStatus({ state: 'off', mode: null })
    },
    status: () => status
  }
}
