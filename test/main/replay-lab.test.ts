import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMockOpenAi, type MockOpenAiServer, type Script } from '../../src/main/bench/mock-openai-server'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core, type CoreOptions } from '../../src/main/core/create-core'
import { openDb, type Db } from '../../src/main/db/connection'
import { insertLlmCall } from '../../src/main/db/repositories/llm-calls'
import type { Caller } from '../../src/shared/domain/caller'
import type { ReplayRun } from '../../src/shared/domain/replay'
import { ADA_DELIVERED, addAdaWithQuestions } from '../support/ada-shop'
import { ShopBuilder } from '../support/shop-builder'
import { openAiProfileAt } from './llm-test-profile'

const NOW = '2026-11-20T12:00:00.000Z'
const KEY = 'sk-test-SECRET-0123456789abcdef'
const LEAD: Caller = { kind: 'person', personId: 'lee', name: 'Lee Lead', role: 'lead' }
const AGENT: Caller = { kind: 'person', personId: 'ann', name: 'Ann Agent', role: 'agent' }

let dir: string
let dbPath: string
let mock: MockOpenAiServer | undefined
let cores: Core[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-replay-'))
  dbPath = join(dir, 'shop.db')
  const shop = new ShopBuilder(openDb(dbPath))
  const ada = addAdaWithQuestions(shop)
  const byHand = shop.ticket({ id: 'TKT-000003', customerId: ada, subject: 'Thanks', status: 'new' })
  shop.message(byHand, { body: 'Do you sell gift cards?', createdAt: '2026-11-20T10:00:00.000Z' })
  // Asked and never answered: not a ticket a replay can take.
  const unanswered = shop.ticket({ id: 'TKT-000004', customerId: ada, subject: 'Socks', status: 'new' })
  shop.message(unanswered, { body: 'Are the wool socks warm?', createdAt: '2026-11-20T10:30:00.000Z' })
  shop.db.close()
})

afterEach(async () => {
  for (const core of cores) await core.close()
  cores = []
  await mock?.close()
  mock = undefined
  rmSync(dir, { recursive: true, force: true })
})

function open(options: Partial<CoreOptions> = {}): Core {
  // Triage and SLA workers write to the live shop on their own; off, so what the live shop holds
  // before and after a replay differs only by what the replay wrote.
  const core = createCore({ dbPath, clock: fixedClock(NOW), env: {}, helpDeskWorkers: false, ...options })
  cores.push(core)
  return core
}

/** A core whose providers are the demo model (the default) and a mock OpenAI-compatible server. */
async function openWithMock(script?: Script, dailyBudgetMicroUsd?: number): Promise<Core> {
  mock = await startMockOpenAi(script ? { script } : {})
  return open({
    llm: {
      connections: [{ profile: openAiProfileAt(mock.baseURL), apiKey: KEY }],
      ...(dailyBudgetMicroUsd === undefined ? {} : { dailyBudgetMicroUsd })
    }
  })
}

const must = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/** The shop's history: two replies sent from AI drafts (one proposed a return) and one written by hand. */
async function answerTickets(core: Core): Promise<void> {
  for (const ticketId of ['TKT-000001', 'TKT-000002']) {
    const draft = await core.context.drafts.start(ticketId).done
    expect(draft.status).toBe('ready')
    must(await core.invoke('drafts.send', { draftId: draft.id }))
  }
  must(
    await core.invoke('tickets.reply', {
      ticketId: 'TKT-000003',
      body: 'Hi Ada, we do not sell gift cards yet. Best, the team'
    })
  )
}

/** Replies by hand to these tickets, then replays them one at a time with the mock provider's GPT-4.1. */
async function replayPaidOneByOne(core: Core, ticketIds: readonly string[]): Promise<ReplayRun> {
  for (const ticketId of ticketIds)
    must(await core.invoke('tickets.reply', { ticketId, body: 'Hi Ada, thanks for writing. Best, the team' }))
  return must(
    await core.invoke(
      'replay.start',
      {
        selection: { kind: 'latest', filter: {}, limit: ticketIds.length },
        providerId: 'openai',
        model: 'gpt-4.1',
        concurrency: 1
      },
      LEAD
    )
  )
}

/** Every row of every table, but those a replay is allowed to write. */
function liveShop(db: Db, allowed: readonly string[]): Record<string, string[]> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[]
  return Object.fromEntries(
    tables
      .filter((table) => !allowed.includes(table))
      .map((table) => [
        table,
        (db.prepare(`SELECT * FROM "${table}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort()
      ])
  )
}

const REPLAY_WRITES = ['replays', 'replay_items', 'llm_calls', 'core_instances']

describe('a replay in shadow mode', () => {
  it('drafts answered tickets again with the demo model on a scratch copy, and the live shop is untouched', async () => {
    const core = open()
    await answerTickets(core)
    const db = core.context.db
    const before = liveShop(db, REPLAY_WRITES)
    const callsBefore = db.prepare('SELECT COUNT(*) FROM llm_calls').pluck().get() as number
    const pendingBefore = db
      .prepare(`SELECT COUNT(*) FROM actions WHERE status = 'pending_approval'`)
      .pluck()
      .get()
    expect(pendingBefore).toBe(1)

    const progress: ReplayRun[] = []
    core.subscribe((event, payload) => {
      if (event === 'replay.progress') progress.push(payload as ReplayRun)
    })
    const started = must(
      await core.invoke('replay.start', { selection: { kind: 'latest', filter: {}, limit: 10 } }, LEAD)
    )
    expect(started.status).toBe('preparing')
    expect(started.total).toBe(3)
    const run = await core.context.lab.finished(started.id)
    expect(run).toMatchObject({ status: 'done', total: 3, finished: 3, completed: 3, failed: 0 })
    expect(run.startedBy).toBe('Lee Lead')

    // Progress: preparing, running, one event per ticket, then done.
    expect(progress.map((p) => p.status)).toContain('running')
    expect(progress.filter((p) => p.status === 'running').map((p) => p.finished)).toEqual(
      expect.arrayContaining([1, 2, 3])
    )
    expect(progress.at(-1)?.status).toBe('done')

    // Nothing reached the live shop: no message, no draft, no tool trace, no proposed action.
    expect(liveShop(db, REPLAY_WRITES)).toEqual(before)
    const labCalls = db
      .prepare('SELECT ticket_id, replay_id FROM llm_calls WHERE id > ?')
      .all(callsBefore) as { ticket_id: string | null; replay_id: string | null }[]
    expect(labCalls.length).toBeGreaterThan(0)
    expect(labCalls.every((c) => c.ticket_id === null && c.replay_id === started.id)).toBe(true)
    // The scratch copy is gone.
    expect(readdirSync(join(dir, 'lab-scratch')).filter((f) => f.startsWith('RPL-'))).toEqual([])

    const detail = must(await core.invoke('replay.get', { replayId: started.id }, LEAD))
    const byTicket = new Map(detail.items.map((item) => [item.ticketId, item]))
    const whereIs = byTicket.get('TKT-000001')!
    expect(whereIs.status).toBe('done')
    expect(whereIs.original.composedBy).toBe('ai_draft')
    expect(whereIs.original.tools?.map((t) => t.tool)).toContain('get_order_status')
    expect(whereIs.shadow?.tools?.map((t) => t.tool)).toContain('get_order_status')
    expect(whereIs.shadow?.body).toContain('1Z999AA10123456784')
    expect(whereIs.agreement).toMatchObject({ tools: true, orders: true, actions: true, agrees: true })

    // The sent draft proposed a return that still waits: on the rewound copy the new draft proposes it again.
    const damaged = byTicket.get('TKT-000002')!
    expect(damaged.original.actions.map((a) => [a.kind, a.orderId])).toEqual([['return', ADA_DELIVERED]])
    expect(damaged.shadow?.actions.map((a) => [a.kind, a.orderId])).toEqual([['return', ADA_DELIVERED]])
    expect(damaged.agreement?.agrees).toBe(true)

    // Written by hand: no tool calls to compare, only orders and actions.
    const byHand = byTicket.get('TKT-000003')!
    expect(byHand.original.composedBy).toBe('person')
    expect(byHand.original.tools).toBeNull()
    expect(byHand.agreement?.tools).toBeNull()

    expect(detail.summary.completed).toBe(3)
    expect(detail.summary.usage.tokensIn).toBeGreaterThan(0)
    // The demo model is free: 1,000 tickets cost nothing with it, nor with the current (demo) model.
    expect(detail.summary.costPerThousand).toMatchObject({ replay: 0, current: 0, sentDraftTickets: 2 })
  })

  it('tries another model and an edited prompt over real HTTP, with tokens and cost per 1,000 tickets', async () => {
    const core = await openWithMock()
    await answerTickets(core)
    const before = liveShop(core.context.db, REPLAY_WRITES)
    const instructions = 'You are Ada’s favourite shop assistant. Answer in two sentences.'
    const started = must(
      await core.invoke(
        'replay.start',
        {
          selection: { kind: 'tickets', ticketIds: ['TKT-000001'] },
          providerId: 'openai',
          model: 'gpt-4.1',
          instructions
        },
        LEAD
      )
    )
    expect(started.promptEdited).toBe(true)
    const run = await core.context.lab.finished(started.id)
    expect(run.status).toBe('done')
    expect(mock!.requests.length).toBeGreaterThan(0)
    const system = mock!.requests[0]!.body.messages?.find((m) => m.role === 'system')
    expect(String(system?.content).startsWith(instructions)).toBe(true)
    // The rules no prompt can take away follow the shop's instructions.
    expect(String(system?.content)).toContain('never invent order details')

    const detail = must(await core.invoke('replay.get', { replayId: started.id }, LEAD))
    const item = detail.items[0]!
    expect(item.shadow).toMatchObject({ providerId: 'openai', model: 'gpt-4.1', status: 'ready' })
    expect(item.usage.calls).toBe(mock!.requests.length)
    expect(item.usage.tokensIn).toBeGreaterThan(0)
    const expectedCost = Math.round(item.usage.tokensIn * 2 + item.usage.tokensOut * 8)
    expect(item.usage.costMicroUsd).toBe(expectedCost)
    expect(detail.summary.costPerThousand.replay).toBe(expectedCost * 1000)
    // Against the current model (the free demo): the same tokens cost nothing.
    expect(detail.run.baseline).toEqual({ providerId: 'demo', model: 'frontline-demo' })
    expect(detail.summary.costPerThousand.current).toBe(0)
    expect(run.spentMicroUsd).toBe(expectedCost)
    expect(liveShop(core.context.db, REPLAY_WRITES)).toEqual(before)

    // The CSV export: one row per ticket, side by side.
    const csv = must(await core.invoke('replay.exportCsv', { replayId: started.id }, LEAD))
    const rows = parse(csv.csv, { columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      ticket_id: 'TKT-000001',
      sent_composed_by: 'ai_draft',
      sent_model: 'demo/frontline-demo',
      new_model: 'openai/gpt-4.1',
      new_status: 'ready',
      calls: String(item.usage.calls),
      cost_usd: (expectedCost / 1_000_000).toFixed(6),
      new_draft: item.shadow?.body
    })
    expect(csv.filename).toMatch(/^frontline-replay-.*\.csv$/)
  })

  it('cancels: drafts in flight end, tickets not started are not drafted, and the run says cancelled', async () => {
    let resolveFirst: () => void = () => {}
    const firstRequest = new Promise<void>((resolve) => (resolveFirst = resolve))
    const core = await openWithMock(() => {
      resolveFirst()
      return { kind: 'hang' }
    })
    // Answered by hand, so the hanging provider only serves the replay.
    const started = await replayPaidOneByOne(core, ['TKT-000001', 'TKT-000002', 'TKT-000003'])
    await firstRequest
    const cancelled = must(await core.invoke('replay.cancel', { replayId: started.id }, LEAD))
    expect(cancelled.id).toBe(started.id)
    const run = await core.context.lab.finished(started.id)
    expect(run.status).toBe('cancelled')
    expect(run.completed).toBe(0)
    expect(run.finished).toBe(3)
    const detail = must(await core.invoke('replay.get', { replayId: started.id }, LEAD))
    expect(detail.items.map((i) => i.status)).toEqual(['cancelled', 'cancelled', 'cancelled'])
    // Only one request was made: the tickets after it were never started.
    expect(mock!.requests).toHaveLength(1)
  })

  it('samples answered tickets, and filters them by how the reply was written', async () => {
    const core = open()
    await answerTickets(core)
    const candidates = must(
      await core.invoke('replay.candidates', { filter: { composedBy: 'person' } }, LEAD)
    )
    expect(candidates.candidates.map((c) => c.ticketId)).toEqual(['TKT-000003'])
    const all = must(await core.invoke('replay.candidates', {}, LEAD))
    // The unanswered ticket is no candidate.
    expect(all.total).toBe(3)
    expect(all.candidates.map((c) => c.ticketId)).not.toContain('TKT-000004')

    const started = must(
      await core.invoke(
        'replay.start',
        { selection: { kind: 'sample', filter: { composedBy: 'ai_draft' }, size: 1 } },
        LEAD
      )
    )
    expect(started.total).toBe(1)
    const run = await core.context.lab.finished(started.id)
    const detail = must(await core.invoke('replay.get', { replayId: run.id }, LEAD))
    expect(['TKT-000001', 'TKT-000002']).toContain(detail.items[0]?.ticketId)
  })

  it('refuses bad input with the field named, and tickets that cannot be replayed', async () => {
    const core = open()
    await answerTickets(core)
    const unknown = await core.invoke(
      'replay.start',
      { selection: { kind: 'tickets', ticketIds: ['TKT-000004', 'TKT-999999'] } },
      LEAD
    )
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) {
      expect(unknown.error.code).toBe('invalid_input')
      expect(unknown.error.issues?.map((i) => i.field)).toEqual([
        'selection.ticketIds.0',
        'selection.ticketIds.1'
      ])
    }
    const badModel = await core.invoke(
      'replay.start',
      { selection: { kind: 'latest', filter: {}, limit: 1 }, providerId: 'demo', model: 'gpt-nothing' },
      LEAD
    )
    expect(!badModel.ok && badModel.error.issues?.[0]?.field).toBe('model')
    const tooMany = await core.invokeRaw(
      'replay.start',
      { selection: { kind: 'latest', limit: 100_000 } },
      LEAD
    )
    expect(!tooMany.ok && tooMany.error.code).toBe('invalid_input')
    expect(!tooMany.ok && tooMany.error.message).toMatch(/selection\.limit/)
    const noModel = await core.invokeRaw(
      'replay.start',
      { selection: { kind: 'latest', limit: 1 }, providerId: 'demo' },
      LEAD
    )
    expect(!noModel.ok && noModel.error.message).toMatch(/model/)
    const noReplay = await core.invoke(
      'replay.get',
      { replayId: `RPL-${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}` },
      LEAD
    )
    expect(!noReplay.ok && noReplay.error.code).toBe('not_found')
  })

  it('is a console operation: refused in the core to customers, guests, MCP hosts and agents', async () => {
    const core = open()
    await answerTickets(core)
    const input = { selection: { kind: 'latest' as const, filter: {}, limit: 1 } }
    const callers: Caller[] = [
      { kind: 'customer', customerId: 'CUS-000001', via: 'chat' },
      { kind: 'guest', via: 'chat', ticketId: null },
      { kind: 'mcp', client: 'claude-desktop' },
      AGENT
    ]
    for (const caller of callers) {
      for (const channel of ['replay.start', 'replay.candidates', 'replay.list'] as const) {
        const result = await core.invokeRaw(channel, channel === 'replay.start' ? input : {}, caller)
        expect(result.ok, `${channel} by ${caller.kind}`).toBe(false)
        if (!result.ok) expect(result.error.code).toBe('not_allowed')
      }
    }
    expect(core.context.db.prepare('SELECT COUNT(*) FROM replays').pluck().get()).toBe(0)
  })

  it('stops starting tickets once the paid model has spent 80% of the daily budget, keeping the rest for live drafting', async () => {
    // $0.10 a day, $0.079 of it spent by the live desk: the first ticket's calls take the day past 80%.
    const core = await openWithMock(undefined, 100_000)
    insertLlmCall(core.context.db, {
      provider: 'openai',
      model: 'gpt-4.1',
      ticketId: 'TKT-000004',
      draftId: null,
      tokensIn: 30_000,
      tokensOut: 2_375,
      tokensCached: 0,
      usageEstimated: false,
      costMicroUsd: 79_000,
      latencyMs: 900,
      outcome: 'ok',
      error: null,
      createdAt: NOW
    })
    const started = await replayPaidOneByOne(core, ['TKT-000001', 'TKT-000002', 'TKT-000003'])
    const run = await core.context.lab.finished(started.id)
    expect(run.status).toBe('stopped')
    expect(run.note).toMatch(
      /^Stopped to keep the rest of today's AI budget for live drafting: .* \(a replay stops at 80%\)\.$/
    )
    expect(run.completed).toBe(1)
    const detail = must(await core.invoke('replay.get', { replayId: started.id }, LEAD))
    const notDrafted = detail.items.filter((item) => item.status === 'cancelled')
    expect(notDrafted.length).toBe(3 - run.completed)
    expect(notDrafted.every((item) => item.error === run.note)).toBe(true)
    // The budget counts lab spend: it is real money.
    const spent = core.context.db.prepare('SELECT SUM(cost_micro_usd) FROM llm_calls').pluck().get() as number
    expect(run.spentMicroUsd).toBeGreaterThan(1_000)
    expect(spent).toBe(79_000 + run.spentMicroUsd)
  })

  it('stops when the AI failed on three tickets in a row; the fallback drafts are kept and counted', async () => {
    const core = await openWithMock(() => ({ kind: 'status', status: 401 }))
    const started = await replayPaidOneByOne(core, ['TKT-000001', 'TKT-000002', 'TKT-000003', 'TKT-000004'])
    const run = await core.context.lab.finished(started.id)
    expect(run.status).toBe('stopped')
    expect(run.note).toMatch(
      /^Stopped: the AI failed on 3 tickets in a row \(Written without the AI: .+\)\.$/
    )
    const detail = must(await core.invoke('replay.get', { replayId: started.id }, LEAD))
    expect(detail.items.map((item) => item.status)).toEqual(['done', 'done', 'done', 'cancelled'])
    expect(detail.summary.fallbacks).toBe(3)
  })

  it('marks a replay whose process died as interrupted at the next start, and deletes its scratch copy', async () => {
    const first = open()
    await answerTickets(first)
    const started = must(
      await first.invoke('replay.start', { selection: { kind: 'latest', filter: {}, limit: 1 } }, LEAD)
    )
    await first.context.lab.finished(started.id)
    await first.close()
    // As a crash leaves it: the run still says running, its core is gone, its copy is on disk.
    const db = openDb(dbPath)
    db.prepare(`UPDATE replays SET status = 'running', finished_at = NULL, owner = 'gone' WHERE id = ?`).run(
      started.id
    )
    db.close()
    const leftover = join(dir, 'lab-scratch', `${started.id}.db`)
    writeFileSync(leftover, 'a copy of the shop')

    const second = open()
    const run = must(await second.invoke('replay.get', { replayId: started.id }, LEAD)).run
    expect(run.status).toBe('interrupted')
    expect(run.note).toBe('Frontline stopped while this replay was running.')
    expect(existsSync(leftover)).toBe(false)
  })

  it('runs one replay at a time', async () => {
    const core = await openWithMock(() => ({ kind: 'hang' }))
    must(await core.invoke('tickets.reply', { ticketId: 'TKT-000001', body: 'Hi Ada. Best, the team' }))
    const first = must(
      await core.invoke(
        'replay.start',
        { selection: { kind: 'latest', filter: {}, limit: 1 }, providerId: 'openai', model: 'gpt-4.1' },
        LEAD
      )
    )
    const second = await core.invoke(
      'replay.start',
      { selection: { kind: 'latest', filter: {}, limit: 1 } },
      LEAD
    )
    expect(!second.ok && second.error.code).toBe('conflict')
    must(await core.invoke('replay.cancel', { replayId: first.id }, LEAD))
    expect((await core.context.lab.finished(first.id)).status).toBe('cancelled')
  })
})
