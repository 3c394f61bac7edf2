import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'
import { simpleParser, type ParsedMail } from 'mailparser'
import { createCore, type Core } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import type { MailboxSettingsPatch } from '../../src/shared/domain/mailbox'
import { startDovecot, startSmtpRelay, type Dovecot, type SmtpRelay } from '../support/mail-servers'
import { ShopBuilder } from '../support/shop-builder'

export const SHOP = 'support@shop.test'
export const SHOP_PASSWORD = 'correct horse battery'
export const ADA_EMAIL = 'ada@customer.test'
export const ADA_PASSWORD = 'ada-secret'
export const ADA_ID = 'CUS-000001'

/** Dovecot with the shop's and Ada's mailboxes, the SMTP relay into it, and a core over a small shop. */
export interface EmailHarness {
  dir: string
  dbPath: string
  dovecot: Dovecot
  smtp: SmtpRelay
  core: Core
  /** The settings that reach both test servers (mailbox still disabled). */
  settings: MailboxSettingsPatch
  /** A message as a customer's mail app sends it, delivered into the shop's INBOX. */
  customerWrites(message: RawEmail): Promise<string>
  /** Ada's INBOX, parsed. */
  adaInbox(): Promise<ParsedMail[]>
  /** Starts the core again over the same database (a restart). */
  restartCore(env?: NodeJS.ProcessEnv): Promise<Core>
  cleanup(): Promise<void>
}

export interface RawEmail {
  from?: string
  fromName?: string
  to?: string
  subject: string
  body?: string
  messageId?: string
  headers?: Record<string, string>
  /** A whole MIME body (with its Content-Type in headers) instead of a text body. */
  mime?: string
}

let sequence = 0

export function rawEmail(message: RawEmail): { raw: string; messageId: string } {
  sequence += 1
  const messageId = message.messageId ?? `m${Date.now()}.${sequence}@customer.test`
  const headers: Record<string, string> = {
    From: message.fromName
      ? `"${message.fromName}" <${message.from ?? ADA_EMAIL}>`
      : (message.from ?? ADA_EMAIL),
    To: message.to ?? SHOP,
    Subject: message.subject,
    Date: new Date().toUTCString(),
    'Message-ID': `<${messageId}>`,
    'MIME-Version': '1.0',
    ...(message.mime ? {} : { 'Content-Type': 'text/plain; charset=utf-8' }),
    ...message.headers
  }
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')
  return {
    raw: `${head}\r\n\r\n${(message.mime ?? message.body ?? '').replace(/\r?\n/g, '\r\n')}\r\n`,
    messageId
  }
}

export async function startEmailHarness(
  options: { shop?: (shop: ShopBuilder) => void } = {}
): Promise<EmailHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-email-'))
  const dbPath = join(dir, 'shop.db')
  const shop = new ShopBuilder(openDb(dbPath))
  shop.customer({ id: ADA_ID, name: 'Ada Lovelace', email: ADA_EMAIL })
  options.shop?.(shop)
  shop.db.close()
  const dovecot = await startDovecot({ [SHOP]: SHOP_PASSWORD, [ADA_EMAIL]: ADA_PASSWORD })
  const smtp = await startSmtpRelay({ dovecot, user: SHOP, password: SHOP_PASSWORD })
  const open = (env: NodeJS.ProcessEnv = {}) =>
    createCore({ dbPath, env, checkpointWorkerFile: null, mcpClient: { autoStart: false } })
  const harness: EmailHarness = {
    dir,
    dbPath,
    dovecot,
    smtp,
    core: open(),
    settings: {
      imapHost: '127.0.0.1',
      imapPort: dovecot.imapPort,
      imapTls: 'none',
      user: SHOP,
      folder: 'INBOX',
      smtpHost: '127.0.0.1',
      smtpPort: smtp.port,
      smtpTls: 'none',
      address: SHOP,
      displayName: 'Shop Support',
      pollSeconds: 5
    },
    async customerWrites(message) {
      const { raw, messageId } = rawEmail(message)
      await dovecot.deliver(message.to ?? SHOP, raw, message.from ?? ADA_EMAIL)
      return messageId
    },
    async adaInbox() {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port: dovecot.imapPort,
        secure: false,
        auth: { user: ADA_EMAIL, pass: ADA_PASSWORD },
        logger: false
      })
      await client.connect()
      try {
        await client.mailboxOpen('INBOX')
        const out: ParsedMail[] = []
        for await (const m of client.fetch('1:*', { source: true }))
          if (m.source) out.push(await simpleParser(m.source))
        return out
      } catch {
        return []
      } finally {
        await client.logout()
      }
    },
    async restartCore(env) {
      await harness.core.close()
      harness.core = open(env)
      return harness.core
    },
    async cleanup() {
      await harness.core.close()
      await smtp.stop()
      await dovecot.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return harness
}

/** Polls until `check` returns a value (not undefined/false); fails after `timeoutMs` with `what`. */
export async function eventually<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 15_000
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The value of an ok result, or a thrown error naming the failure. */
export function value<T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}
