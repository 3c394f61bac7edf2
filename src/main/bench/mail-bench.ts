import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../core/create-core'
import { mailServersProblem, startDovecot } from './dovecot-server'
import { fixtureEmails } from './mail-fixture'

/**
 * The email ingest benchmark: a dovecot on 127.0.0.1 holding `count` customer emails, and a core
 * (in this process) that reads them over IMAP into tickets with drafting off. Measures emails
 * stored per second from the moment the mailbox is enabled, and the process's peak memory.
 */
export interface MailBenchReport {
  messages: number
  seconds: number
  messagesPerSec: number
  peakRssMb: number
  tickets: number
  contacts: number
  target: { messagesPerSec: number; met: boolean }
}

export const MAIL_BENCH_TARGET_PER_SEC = 300
const SHOP = 'support@bench.test'
const PASSWORD = 'bench password'

export { mailServersProblem }

export async function runMailBench(options: {
  count: number
  log(line: string): void
}): Promise<MailBenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-mail-bench-'))
  const dovecot = await startDovecot({ [SHOP]: PASSWORD })
  try {
    options.log(`mail: writing ${options.count} emails into dovecot's Maildir…`)
    dovecot.fillMaildir(SHOP, fixtureEmails({ count: options.count, to: SHOP }))
    const core = createCore({
      dbPath: join(dir, 'shop.db'),
      env: { FRONTLINE_MAILBOX_PASSWORD: PASSWORD },
      mcpClient: { autoStart: false }
    })
    let peakRss = process.memoryUsage().rss
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)
    try {
      const done = new Promise<void>((resolve) => {
        core.subscribe((event, payload) => {
          if (event === 'mailbox.status' && (payload as { lastUid: number }).lastUid >= options.count)
            resolve()
        })
      })
      options.log('mail: reading them into tickets over IMAP (drafting off)…')
      const started = performance.now()
      const result = await core.invoke('mailbox.update', {
        enabled: true,
        imapHost: '127.0.0.1',
        imapPort: dovecot.imapPort,
        imapTls: 'none',
        user: SHOP,
        draftOnArrival: false
      })
      if (!result.ok) throw new Error(result.error.message)
      await done
      const seconds = (performance.now() - started) / 1000
      const { db } = core.context
      const tickets = (
        db.prepare(`SELECT COUNT(*) AS n FROM tickets WHERE channel = 'email'`).get() as { n: number }
      ).n
      const contacts = (db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n
      const stored = (db.prepare('SELECT COUNT(*) AS n FROM email_messages').get() as { n: number }).n
      const messagesPerSec = stored / seconds
      return {
        messages: stored,
        seconds: Math.round(seconds * 100) / 100,
        messagesPerSec: Math.round(messagesPerSec),
        peakRssMb: Math.round(peakRss / 1024 / 1024),
        tickets,
        contacts,
        target: {
          messagesPerSec: MAIL_BENCH_TARGET_PER_SEC,
          met: messagesPerSec >= MAIL_BENCH_TARGET_PER_SEC
        }
      }
    } finally {
      clearInterval(sampler)
      await core.close()
    }
  } finally {
    await dovecot.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

export function formatMailReport(report: MailBenchReport): string[] {
  return [
    '',
    `Email ingest: ${report.messages} emails from dovecot over IMAP into ${report.tickets} tickets (${report.contacts} contacts), drafting off`,
    `  ${report.messagesPerSec} emails/s (${report.seconds} s) · peak memory ${report.peakRssMb} MB RSS`,
    `  target: >= ${report.target.messagesPerSec} emails/s ${report.target.met ? 'met' : 'MISSED'}`
  ]
}
