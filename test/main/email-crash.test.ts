import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { fixtureEmails } from '../../src/main/bench/mail-fixture'
import { openDb } from '../../src/main/db/connection'
import { builtAppProblem, builtMain } from '../support/built-app'
import { mailServersProblem } from '../support/mail-servers'
import { SHOP, SHOP_PASSWORD, eventually, startEmailHarness, value, type EmailHarness } from './email-support'

const problem = mailServersProblem() ?? builtAppProblem(['cli.js', 'core-worker.js'])
if (problem) console.warn(`[email crash test] skipped: ${problem}`)

let h: EmailHarness | undefined
const children: ChildProcess[] = []
afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await h?.cleanup()
  h = undefined
})

const COUNT = 500

/** `frontline web` over the shop's database: its core reads the mailbox as the desktop app's would. */
function startFrontline(dbPath: string): ChildProcess {
  const child = spawn(process.execPath, [builtMain('cli.js'), 'web', '--db', dbPath], {
    env: {
      PATH: process.env.PATH,
      FRONTLINE_MAILBOX_PASSWORD: SHOP_PASSWORD,
      // Small batches, so a kill lands between many commits and inside some.
      FRONTLINE_MAIL_BATCH_SIZE: '10'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child.stderr?.resume()
  child.stdout?.resume()
  children.push(child)
  return child
}

function counts(dbPath: string): {
  emails: number
  distinct: number
  messages: number
  tickets: number
  lastUid: number
} {
  const db = openDb(dbPath, { readonly: true })
  try {
    return db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM email_messages) AS emails,
           (SELECT COUNT(DISTINCT message_id) FROM email_messages) AS distinct_ids,
           (SELECT COUNT(*) FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.channel = 'email') AS messages,
           (SELECT COUNT(*) FROM tickets WHERE channel = 'email') AS tickets,
           (SELECT COALESCE(MAX(last_uid), 0) FROM mail_folders) AS last_uid`
      )
      .all()
      .map((r) => {
        const row = r as {
          emails: number
          distinct_ids: number
          messages: number
          tickets: number
          last_uid: number
        }
        return {
          emails: row.emails,
          distinct: row.distinct_ids,
          messages: row.messages,
          tickets: row.tickets,
          lastUid: row.last_uid
        }
      })[0] as { emails: number; distinct: number; messages: number; tickets: number; lastUid: number }
  } finally {
    db.close()
  }
}

describe.skipIf(problem !== null)('a crash while reading the mailbox', () => {
  it(`stores every one of ${COUNT} emails exactly once after kill -9 mid-ingest and a restart`, async () => {
    h = await startEmailHarness()
    const harness = h
    harness.dovecot.fillMaildir(SHOP, fixtureEmails({ count: COUNT, to: SHOP }))
    value(await harness.core.invoke('mailbox.update', { ...harness.settings, draftOnArrival: false }))
    await harness.core.close()
    const db = openDb(harness.dbPath)
    db.prepare(
      `UPDATE settings SET value = json_set(value, '$.enabled', json('true')) WHERE key = 'mailbox'`
    ).run()
    db.close()

    const first = startFrontline(harness.dbPath)
    const atKill = await eventually(
      'ingest to be under way',
      () => {
        const now = counts(harness.dbPath)
        return now.emails >= 60 ? now : undefined
      },
      60_000
    )
    first.kill('SIGKILL')
    await new Promise((resolve) => first.once('exit', resolve))
    const afterKill = counts(harness.dbPath)
    expect(afterKill.emails).toBeLessThan(COUNT)

    const second = startFrontline(harness.dbPath)
    const done = await eventually(
      'every email stored',
      () => {
        const now = counts(harness.dbPath)
        return now.lastUid === COUNT ? now : undefined
      },
      120_000
    )
    second.kill('SIGTERM')
    await new Promise((resolve) => second.once('exit', resolve))

    expect(atKill.emails).toBeGreaterThan(0)
    expect(done.emails).toBe(COUNT)
    expect(done.distinct).toBe(COUNT)
    expect(done.messages).toBe(COUNT)
    // Every email of the fixture is in the database once, by its Message-ID.
    const check = openDb(harness.dbPath, { readonly: true })
    const ids = check.prepare(`SELECT message_id FROM email_messages`).all() as { message_id: string }[]
    check.close()
    const expected = fixtureEmails({ count: COUNT, to: SHOP }).map(
      (raw) => /Message-ID: <([^>]+)>/.exec(raw)?.[1]
    )
    expect(ids.map((r) => r.message_id).sort()).toEqual(expected.sort())
  })
})
