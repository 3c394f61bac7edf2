import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMockOpenAi } from '../../src/main/bench/mock-openai-server'
import { openDb } from '../../src/main/db/connection'
import { centsToMoney, formatMoney } from '../../src/shared/domain/money'
import { seedDemoShop, type SeedSummary } from '../../src/main/db/fixtures/seed-demo-shop'
import { listTicketIdsByStatus } from '../../src/main/db/repositories/tickets'
import { cli } from '../support/cli-runner'

let dir: string
let dbPath: string
let shop: SeedSummary

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-cli-draft-'))
  dbPath = join(dir, 'shop.db')
  const db = openDb(dbPath)
  shop = seedDemoShop(db, { seed: 7, anchor: new Date().toISOString() })
  db.close()
})
afterEach(() => {
  delete process.env.FRONTLINE_API_KEY
  rmSync(dir, { recursive: true, force: true })
})

const pendingActionIds = (): string[] => {
  const db = openDb(dbPath)
  try {
    return db
      .prepare(`SELECT id FROM actions WHERE status = 'pending_approval' ORDER BY created_at`)
      .pluck()
      .all() as string[]
  } finally {
    db.close()
  }
}

describe('frontline draft', () => {
  it('drafts one ticket with the demo model and prints the draft, trace, usage and cost', async () => {
    const { code, stdout } = await cli(
      'draft',
      '--ticket',
      shop.exampleTickets.where_is_order,
      '--db',
      dbPath
    )
    expect(code).toBe(0)
    expect(stdout).toMatch(/: ready \(demo\/frontline-demo\)/)
    expect(stdout).toMatch(/Usage: \d+ model calls, \d+ tokens in, \d+ out; cost \$0\.000000/)
    expect(stdout).toMatch(/1\. get_order_status \{"order_id":"ORD-\d{8}-[A-Z0-9]{4}"\} → ok/)
  })

  it("never replaces a person's edited draft unasked: --all-new leaves it, --ticket needs --replace-edited", async () => {
    const ticket = shop.exampleTickets.where_is_order
    expect((await cli('draft', '--ticket', ticket, '--db', dbPath)).code).toBe(0)
    const db = openDb(dbPath)
    const edited = db
      .prepare(
        `UPDATE drafts SET body = 'My own words.', edited_by = 'Rosa Parks', edited_at = updated_at
         WHERE ticket_id = ? RETURNING id`
      )
      .pluck()
      .get(ticket) as string
    db.close()

    const all = await cli('draft', '--all-new', '--db', dbPath, '--json')
    expect(all.code).toBe(0)
    const refused = await cli('draft', '--ticket', ticket, '--db', dbPath)
    expect(refused.code).toBe(1)
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'conflict', field: 'replace-edited' } })
    const kept = openDb(dbPath)
    expect(kept.prepare('SELECT status, body FROM drafts WHERE id = ?').get(edited)).toEqual({
      status: 'ready',
      body: 'My own words.'
    })
    kept.close()

    expect((await cli('draft', '--ticket', ticket, '--replace-edited', '--db', dbPath)).code).toBe(0)
    const after = openDb(dbPath)
    expect(after.prepare('SELECT status, body FROM drafts WHERE id = ?').get(edited)).toEqual({
      status: 'discarded',
      body: 'My own words.'
    })
    after.close()
  })

  it('prints one JSON object with --json', async () => {
    const { code, stdout } = await cli(
      'draft',
      '--ticket',
      shop.exampleTickets.typo_wrong_char,
      '--db',
      dbPath,
      '--json'
    )
    expect(code).toBe(0)
    const parsed = JSON.parse(stdout) as {
      draft: { status: string; body: string }
      trace: { tool: string; status: string }[]
    }
    expect(parsed.draft.status).toBe('ready')
    // The mistyped id fails first, then the suggested one is looked up.
    expect(parsed.trace.map((t) => t.status).slice(0, 2)).toEqual(['error', 'ok'])
  })

  it('uses any OpenAI-compatible endpoint with --base-url and the key from the environment', async () => {
    const mock = await startMockOpenAi()
    try {
      process.env.FRONTLINE_API_KEY = 'sk-cli-test-0123456789'
      const { code, stdout } = await cli(
        'draft',
        '--ticket',
        shop.exampleTickets.where_is_order,
        '--db',
        dbPath,
        '--base-url',
        mock.baseURL,
        '--model',
        'gpt-4.1',
        '--json'
      )
      expect(code).toBe(0)
      const parsed = JSON.parse(stdout) as {
        draft: { provider: string; model: string; costMicroUsd: number }
      }
      expect(parsed.draft).toMatchObject({ provider: 'custom', model: 'gpt-4.1' })
      // Priced at GPT-4.1's list prices since the model id is known.
      expect(parsed.draft.costMicroUsd).toBeGreaterThan(0)
      expect(mock.requests[0]?.headers.authorization).toBe('Bearer sk-cli-test-0123456789')
      expect(stdout).not.toContain('sk-cli-test')
    } finally {
      await mock.close()
    }
  })

  it('drafts every new ticket, one progress line on stderr each, and the summary on stdout', async () => {
    const db = openDb(dbPath)
    const newTickets = listTicketIdsByStatus(db, 'new')
    db.close()
    expect(newTickets.length).toBeGreaterThan(10)

    const { code, stdout, stderr } = await cli('draft', '--all-new', '--db', dbPath)
    expect(code).toBe(0)
    const lines = stderr.split('\n').slice(0, -1)
    expect(lines).toHaveLength(newTickets.length)
    const progress = lines.map((line) => {
      const match =
        /^Drafted (\d+)\/(\d+) \((\d+) fallback, (\d+) failed\) (TKT-\S+): (ready|fallback)$/.exec(line)
      expect(match, line).not.toBeNull()
      const [, done, total, fallback, failed, ticketId, status] = match!
      return {
        done: Number(done),
        total: Number(total),
        fallback: Number(fallback),
        failed: Number(failed),
        ticketId,
        status
      }
    })
    // Counted up one ticket at a time, each new ticket once, the running tallies as they stood.
    expect(progress.map((p) => p.done)).toEqual(newTickets.map((_, i) => i + 1))
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([newTickets.length]))
    expect(progress.map((p) => p.ticketId).sort()).toEqual([...newTickets].sort())
    progress.forEach((p, i) => {
      expect(p.fallback).toBe(progress.slice(0, i + 1).filter((q) => q.status === 'fallback').length)
      expect(p.failed).toBe(0)
    })
    const ready = progress.filter((p) => p.status === 'ready').length
    expect(stdout).toMatch(
      new RegExp(
        `^Drafted ${newTickets.length} tickets in \\d+(\\.\\d)? s: ${ready} ready, ${newTickets.length - ready} fallback, 0 failed\\.\n$`
      )
    )
  })

  it('prints only the JSON summary with --all-new --json', async () => {
    const { code, stdout, stderr } = await cli('draft', '--all-new', '--db', dbPath, '--json')
    expect(code).toBe(0)
    const summary = JSON.parse(stdout) as { total: number; ready: number; fallback: number; failed: number }
    expect(summary.total).toBeGreaterThan(10)
    expect(summary.ready + summary.fallback).toBe(summary.total)
    expect(summary.failed).toBe(0)
    expect(stderr).toBe('')
  })

  it('refuses ambiguous or incomplete options as usage errors', async () => {
    expect((await cli('draft', '--db', dbPath)).code).toBe(2)
    expect((await cli('draft', '--ticket', 'X', '--all-new', '--db', dbPath)).code).toBe(2)
    const noModel = await cli('draft', '--ticket', 'X', '--base-url', 'http://127.0.0.1:9/v1', '--db', dbPath)
    expect(noModel.code).toBe(2)
    expect(noModel.stderr).toContain('--model')
    const badUrl = await cli(
      'draft',
      '--ticket',
      'X',
      '--base-url',
      'not a url',
      '--model',
      'm',
      '--db',
      dbPath
    )
    expect(badUrl.code).toBe(2)
    expect(badUrl.stderr).toContain('base-url')
    // The key would follow the URL: plain http only to this machine.
    const plain = await cli(
      'draft',
      '--ticket',
      'X',
      '--base-url',
      'http://llm.example.com/v1',
      '--model',
      'm',
      '--db',
      dbPath
    )
    expect(plain.code).toBe(2)
    expect(plain.stderr).toContain('Use https://')
    const unknown = await cli('draft', '--ticket', 'TKT-NOPE', '--db', dbPath)
    expect(unknown.code).toBe(1)
  })
})

describe('frontline approve / reject', () => {
  it('approves a proposed return once, and rejects another with a reason', async () => {
    await cli('draft', '--ticket', shop.exampleTickets.return_request, '--db', dbPath)
    const [actionId] = pendingActionIds()
    expect(actionId).toBeDefined()
    const first = await cli('approve', actionId!, '--db', dbPath, '--by', 'Priya')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/: applied/)
    const again = await cli('approve', actionId!, '--db', dbPath)
    expect(again.code).toBe(0)
    const db = openDb(dbPath)
    expect(db.prepare('SELECT COUNT(*) FROM refunds WHERE action_id = ?').pluck().get(actionId)).toBe(1)
    db.close()

    const rejectApplied = await cli('reject', actionId!, '--why', 'changed my mind', '--db', dbPath)
    expect(rejectApplied.code).toBe(1)
    expect(rejectApplied.stdout).toContain('conflict')
  })
  it('rejects a proposed return with the reason and who decided, and applies nothing', async () => {
    await cli('draft', '--ticket', shop.exampleTickets.return_request, '--db', dbPath)
    const [actionId] = pendingActionIds()
    expect(actionId).toBeDefined()

    const rejected = await cli(
      'reject',
      actionId!,
      '--why',
      '  Worn, not damaged ',
      '--db',
      dbPath,
      '--by',
      'Priya'
    )
    expect(rejected.stderr).toBe('')
    expect(rejected.code).toBe(0)
    const db = openDb(dbPath)
    try {
      const row = db
        .prepare(
          'SELECT kind, order_id, amount_cents, currency, status, decided_by, decided_at, decision_reason, result FROM actions WHERE id = ?'
        )
        .get(actionId) as Record<string, unknown>
      expect(row).toMatchObject({
        kind: 'return',
        status: 'rejected',
        decided_by: 'Priya',
        decision_reason: 'Worn, not damaged'
      })
      expect(row.result).toBeNull()
      expect(row.decided_at).toEqual(expect.any(String))
      const amount = formatMoney(centsToMoney(row.amount_cents as number, row.currency as string))
      expect(amount).toMatch(/^\$\d[\d,]*\.\d\d$/)
      expect(rejected.stdout).toBe(
        `${actionId} (return ${amount}, order ${row.order_id as string}): rejected\nReason: Worn, not damaged\n`
      )
      const count = (table: string) =>
        db.prepare(`SELECT COUNT(*) FROM ${table} WHERE action_id = ?`).pluck().get(actionId)
      expect([count('returns'), count('refunds')]).toEqual([0, 0])
      expect(
        db
          .prepare(`SELECT actor FROM audit_log WHERE action = 'action.rejected' AND subject_id = ?`)
          .pluck()
          .all(actionId)
      ).toEqual(['Priya'])
    } finally {
      db.close()
    }

    // Too late to approve it; rejecting it again changes nothing.
    const approveRejected = await cli('approve', actionId!, '--db', dbPath)
    expect(approveRejected.code).toBe(1)
    expect(approveRejected.stdout).toContain('conflict')
    const again = await cli('reject', actionId!, '--why', 'second thoughts', '--db', dbPath, '--by', 'Sam')
    expect(again.code).toBe(0)
    // It says so, and shows the first decision (Priya's reason), not this one.
    expect(again.stdout).toMatch(
      /: already rejected \(by Priya at \S+\); nothing was changed\nReason: Worn, not damaged\n$/
    )
  })

  it('refuses reject without --why (or with a blank one) as a usage error, deciding nothing', async () => {
    await cli('draft', '--ticket', shop.exampleTickets.return_request, '--db', dbPath)
    const [actionId] = pendingActionIds()
    expect(actionId).toBeDefined()
    for (const argv of [[], ['--why', '   ']]) {
      const refused = await cli('reject', actionId!, ...argv, '--db', dbPath)
      expect(refused.code, argv.join(' ')).toBe(2)
      expect(refused.stdout).toBe('')
      expect(refused.stderr).toMatch(/^frontline reject: --why: required: say why the action is rejected\n/)
      expect(refused.stderr).toContain('Usage: frontline reject ACTION_ID --why TEXT')
    }
    expect(pendingActionIds()).toEqual([actionId])
  })
})
