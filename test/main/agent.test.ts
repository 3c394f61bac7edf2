import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core, type CoreOptions } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import { insertDraft } from '../../src/main/db/repositories/drafts'
import type { ProviderProfile } from '../../src/main/llm'
import type { Draft } from '../../src/shared/domain/draft'
import { addAdaWithOrders } from '../support/ada-shop'
import { ShopBuilder } from '../support/shop-builder'
import { startMockOpenAi, type MockOpenAiServer, type Script } from '../../src/main/bench/mock-openai-server'

const NOW = '2026-11-20T12:00:00.000Z'
const KEY = 'sk-test-SECRET-0123456789abcdef'

let dir: string
let dbPath: string
let mock: MockOpenAiServer | undefined
let cores: Core[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-agent-'))
  dbPath = join(dir, 'shop.db')
  const shop = new ShopBuilder(openDb(dbPath))
  const ada = addAdaWithOrders(shop)
  const whereIs = shop.ticket({
    id: 'TKT-000001',
    customerId: ada,
    subject: 'Where is my order?',
    status: 'new'
  })
  shop.message(whereIs, {
    body: 'Hi, where is my order ORD-20261115-AB12? It should have arrived by now.',
    createdAt: '2026-11-20T09:00:00.000Z'
  })
  const damaged = shop.ticket({ id: 'TKT-000002', customerId: ada, subject: 'Broken shoe', status: 'new' })
  shop.message(damaged, {
    body: 'The shoes from order ORD-20261110-CD34 arrived damaged, the sole is torn. I want to return them.',
    createdAt: '2026-11-20T09:30:00.000Z'
  })
  shop.db.close()
})

afterEach(async () => {
  for (const core of cores) await core.close()
  cores = []
  await mock?.close()
  mock = undefined
  rmSync(dir, { recursive: true, force: true })
})

const mockProfile = (baseURL: string, overrides: Partial<ProviderProfile> = {}): ProviderProfile => ({
  id: 'mock',
  name: 'Mock provider',
  baseURL,
  models: [{ id: 'mock-model', inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 }],
  source: { url: 'https://example.com/pricing', checkedOn: '2026-11-25' },
  rateLimits: { requestsPerMinute: 10_000, tokensPerMinute: 10_000_000, maxInFlight: 100 },
  timeoutMs: 5_000,
  ...overrides
})

async function open(options: Partial<CoreOptions> = {}): Promise<Core> {
  const core = createCore({ dbPath, clock: fixedClock(NOW), env: {}, ...options })
  cores.push(core)
  return core
}

async function withMock(
  script?: Script,
  profile: Partial<ProviderProfile> = {},
  extra: Partial<CoreOptions> = {}
) {
  mock = await startMockOpenAi(script ? { script } : {})
  return open({
    ...extra,
    llm: {
      connections: [{ profile: mockProfile(mock.baseURL, profile), apiKey: KEY }],
      defaultModel: { providerId: 'mock', model: 'mock-model' },
      ...extra.llm
    }
  })
}

const draftOf = async (core: Core, ticketId: string): Promise<Draft> =>
  core.context.drafts.start(ticketId).done

describe('the draft loop', () => {
  it('drafts with the offline demo model through the SDK when no key is set', async () => {
    const core = await open()
    const info = await core.invoke('app.info', {})
    expect(info.ok && info.value.demoMode).toBe(true)

    const draft = await draftOf(core, 'TKT-000001')
    expect(draft.status).toBe('ready')
    expect(draft.provider).toBe('demo')
    expect(draft.body).toContain('1Z999AA10123456784')

    const detail = await core.invoke('drafts.forTicket', { ticketId: 'TKT-000001' })
    if (!detail.ok || !detail.value) throw new Error('no draft')
    expect(detail.value.trace.map((t) => t.tool)).toContain('get_order_status')
    expect(detail.value.trace[0]?.status).toBe('ok')
  })

  it('runs its tools on behalf of the ticket’s customer, and the trace says so', async () => {
    const core = await open()
    const draft = await draftOf(core, 'TKT-000001')
    const ada = { kind: 'customer', customerId: 'CUS-000001', via: 'email' }
    const detail = await core.invoke('drafts.get', { draftId: draft.id })
    if (!detail.ok) throw new Error(detail.error.message)
    expect(detail.value.trace.length).toBeGreaterThan(0)
    expect(detail.value.trace.every((t) => t.origin === 'agent')).toBe(true)
    expect(detail.value.trace.map((t) => t.caller)).toEqual(detail.value.trace.map(() => ada))
  })

  it('runs the fallback drafter’s tools on behalf of the ticket’s customer too', async () => {
    const ada = { kind: 'customer', customerId: 'CUS-000001', via: 'email' }
    const failing = await withMock(() => ({ kind: 'status', status: 500 }))
    const fallback = await draftOf(failing, 'TKT-000001')
    const fallbackTrace = await failing.invoke('drafts.get', { draftId: fallback.id })
    if (!fallbackTrace.ok) throw new Error(fallbackTrace.error.message)
    expect(fallback.writtenWithoutAi).toBe(true)
    expect(fallbackTrace.value.trace.length).toBeGreaterThan(0)
    expect(fallbackTrace.value.trace.map((t) => [t.origin, t.caller])).toEqual(
      fallbackTrace.value.trace.map(() => ['fallback', ada])
    )
  })

  it('runs tool rounds against a real HTTP provider, streams tokens in batches, and costs to the micro-dollar', async () => {
    const core = await withMock()
    const tokenEvents: string[] = []
    core.subscribe((event, payload) => {
      if (event === 'draft.tokens') tokenEvents.push((payload as { text: string }).text)
    })
    const draft = await draftOf(core, 'TKT-000001')
    expect(draft.status).toBe('ready')
    expect(draft.body).toContain('ORD-20261115-AB12')
    expect(draft.body).toContain('shipped')
    expect(mock!.requests).toHaveLength(2)
    expect(mock!.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(mock!.requests[0]!.body.stream).toBe(true)
    // The second request carries the tool result back to the model.
    const toolTurn = mock!.requests[1]!.body.messages?.find((m) => m.role === 'tool')
    expect(String(toolTurn?.content)).toContain('1Z999AA10123456784')

    // Tokens arrive batched: fewer events than characters, and together they spell the answer.
    expect(tokenEvents.join('')).toBe(draft.body)
    expect(tokenEvents.length).toBeLessThan(draft.body.length / 4)

    const db = core.context.db
    const calls = db.prepare('SELECT * FROM llm_calls WHERE draft_id = ? ORDER BY id').all(draft.id) as {
      tokens_in: number
      tokens_out: number
      tokens_cached: number
      cost_micro_usd: number
      outcome: string
    }[]
    expect(calls).toHaveLength(2)
    expect(calls.every((c) => c.outcome === 'ok')).toBe(true)
    const expected = calls.reduce(
      (sum, c) => sum + Math.round((c.tokens_in * 2 + c.tokens_out * 8) / 1), // $2 and $8 per M → µ$ per token
      0
    )
    expect(draft.costMicroUsd).toBe(expected)
    expect(draft.tokensIn).toBe(calls.reduce((s, c) => s + c.tokens_in, 0))
  })

  it('asks for whole answers, and sends no token events, when the caller reads no tokens', async () => {
    const core = await withMock()
    const tokenEvents: string[] = []
    core.subscribe((event, payload) => {
      if (event === 'draft.tokens') tokenEvents.push((payload as { text: string }).text)
    })
    const draft = await core.context.drafts.start('TKT-000001', undefined, { streamTokens: false }).done
    expect(draft.status).toBe('ready')
    expect(draft.body).toContain('shipped')
    expect(mock!.requests.map((r) => r.body.stream)).toEqual([false, false])
    expect(tokenEvents).toEqual([])
    const rows = core.context.db
      .prepare('SELECT outcome, usage_estimated FROM llm_calls WHERE draft_id = ?')
      .all(draft.id) as { outcome: string; usage_estimated: number }[]
    expect(rows).toEqual([
      { outcome: 'ok', usage_estimated: 0 },
      { outcome: 'ok', usage_estimated: 0 }
    ])
  })

  it('asks for a final answer in words after the tool-round bound', async () => {
    const always: Script = (req) =>
      req.body.tools
        ? {
            kind: 'stream',
            toolCalls: [{ name: 'get_order_status', arguments: '{"order_id":"ORD-20261115-AB12"}' }]
          }
        : { kind: 'stream', content: 'Final answer without tools.' }
    const core = await withMock(always)
    const draft = await draftOf(core, 'TKT-000001')
    expect(draft.status).toBe('ready')
    expect(draft.body).toBe('Final answer without tools.')
    expect(mock!.requests).toHaveLength(5)
    expect(mock!.requests.at(-1)!.body.tools).toBeUndefined()
  })

  it('tells the model when its tool arguments are not JSON, too deep or not valid, naming the field', async () => {
    const script: Script = (req, n) =>
      n === 0
        ? { kind: 'stream', toolCalls: [{ name: 'get_order_status', arguments: '{"order_id": 42' }] }
        : n === 1
          ? { kind: 'stream', toolCalls: [{ name: 'get_order_status', arguments: '{"order_id": 42}' }] }
          : n === 2
            ? {
                kind: 'stream',
                toolCalls: [
                  { name: 'get_order_status', arguments: `${'['.repeat(50_000)}${']'.repeat(50_000)}` }
                ]
              }
            : { kind: 'stream', content: 'Could you confirm your order number?' }
    const core = await withMock(script)
    const draft = await draftOf(core, 'TKT-000001')
    expect(draft.status).toBe('ready')
    const trace = (await core.invoke('drafts.get', { draftId: draft.id })) as {
      ok: true
      value: { trace: { status: string; result: { error: { field: string } } }[] }
    }
    expect(trace.value.trace.map((t) => t.status)).toEqual(['error', 'error', 'error'])
    expect(trace.value.trace[0]!.result.error.field).toBe('arguments')
    expect(trace.value.trace[1]!.result.error.field).toBe('order_id')
    // Nested 50 000 deep: refused at parse, never a stack overflow in the trace or the next request.
    expect(trace.value.trace[2]!.result.error).toMatchObject({ field: 'arguments' })
  })
})

describe('when the provider fails, the fallback drafter answers from the same tools', () => {
  const expectFallback = (draft: Draft, why: RegExp) => {
    expect(draft.status).toBe('fallback')
    expect(draft.reason).toMatch(/^Written without the AI/)
    expect(draft.reason).toMatch(why)
    // The real status and tracking, not "visit our tracking page".
    expect(draft.body).toContain('ORD-20261115-AB12')
    expect(draft.body).toContain('1Z999AA10123456784')
    expect(draft.body).not.toContain(KEY)
  }

  it('on a 500', async () => {
    const core = await withMock(() => ({
      kind: 'status',
      status: 500,
      body: { error: { message: `boom ${KEY}` } }
    }))
    expectFallback(await draftOf(core, 'TKT-000001'), /returned an error/)
    const rows = core.context.db.prepare('SELECT error FROM llm_calls').all() as { error: string | null }[]
    expect(rows.some((r) => r.error?.includes(KEY))).toBe(false)
  })

  it('on a 429 whose Retry-After is longer than Frontline waits', async () => {
    const core = await withMock(() => ({ kind: 'status', status: 429, headers: { 'retry-after': '3600' } }))
    expectFallback(await draftOf(core, 'TKT-000001'), /rate-limiting/)
  })

  it('on a hang, after the per-call timeout', async () => {
    const core = await withMock(() => ({ kind: 'hang' }), { timeoutMs: 300 })
    expectFallback(await draftOf(core, 'TKT-000001'), /did not answer in time/)
  })

  it('past the daily budget, without calling the provider at all', async () => {
    const core = await withMock(undefined, {}, { llm: { dailyBudgetMicroUsd: 0 } })
    expectFallback(await draftOf(core, 'TKT-000001'), /budget/)
    expect(mock!.requests).toHaveLength(0)
  })

  it('while the circuit breaker is open, and the breaker state is pushed as an event', async () => {
    const core = await withMock(
      () => ({ kind: 'status', status: 500 }),
      {},
      {
        llm: { gateway: { breaker: { failureThreshold: 2, coolDownMs: 60_000 } } }
      }
    )
    const health: string[] = []
    core.subscribe((event, payload) => {
      if (event === 'provider.health') health.push((payload as { state: string }).state)
    })
    await draftOf(core, 'TKT-000001')
    await draftOf(core, 'TKT-000001')
    const before = mock!.requests.length
    expectFallback(await draftOf(core, 'TKT-000001'), /circuit breaker/)
    expect(mock!.requests.length).toBe(before)
    expect(health).toContain('open')
  })

  it('proposes the return in a fallback draft for a return request', async () => {
    const core = await withMock(() => ({ kind: 'status', status: 503 }))
    const draft = await draftOf(core, 'TKT-000002')
    expect(draft.status).toBe('fallback')
    const pending = await core.invoke('actions.list', { status: 'pending_approval' })
    expect(pending.ok && pending.value).toHaveLength(1)
    expect(pending.ok && pending.value[0]!.origin).toBe('fallback')
    expect(draft.body).toMatch(/teammate will confirm/)
  })
})

describe('approvals', () => {
  async function proposeReturn(core: Core) {
    await draftOf(core, 'TKT-000002')
    const pending = await core.invoke('actions.list', { status: 'pending_approval' })
    if (!pending.ok || !pending.value[0]) throw new Error('no proposed return')
    return pending.value[0]
  }
  const counts = (core: Core) =>
    core.context.db
      .prepare('SELECT (SELECT COUNT(*) FROM returns) AS returns, (SELECT COUNT(*) FROM refunds) AS refunds')
      .get() as { returns: number; refunds: number }

  it('applies a return once however often it is approved, with the audit log and the thread updated', async () => {
    const core = await open()
    const action = await proposeReturn(core)
    expect(action.kind).toBe('return')
    const first = await core.invoke('actions.approve', { actionId: action.id, by: 'Priya' })
    const second = await core.invoke('actions.approve', { actionId: action.id, by: 'Priya' })
    expect(first.ok && first.value.status).toBe('applied')
    expect(second.ok && second.value.status).toBe('applied')
    expect(counts(core)).toEqual({ returns: 1, refunds: 1 })
    const refund = core.context.db.prepare('SELECT amount_cents FROM refunds').get() as {
      amount_cents: number
    }
    expect(refund.amount_cents).toBe(action.amount!.amount * 100)
    const audit = core.context.db
      .prepare(`SELECT actor FROM audit_log WHERE action = 'action.approved'`)
      .all()
    expect(audit).toEqual([{ actor: 'Priya' }])
    const thread = await core.invoke('tickets.get', { ticketId: 'TKT-000002' })
    expect(thread.ok && thread.value.messages.at(-1)?.body).toMatch(/approved by Priya/)
  })

  it('tells the customer the decision in the unsent reply that proposed it, once, before the sign-off', async () => {
    const core = await open()
    const changed: Draft[] = []
    core.subscribe((event, payload) => {
      if (event === 'draft.changed') changed.push(payload as Draft)
    })
    const action = await proposeReturn(core)
    const before = await core.invoke('drafts.forTicket', { ticketId: 'TKT-000002' })
    if (!before.ok || !before.value) throw new Error('no draft')
    expect(before.value.body).toMatch(/Best regards,\nThe Frontline support team$/)
    changed.length = 0

    expect(before.value.body).toMatch(/awaiting approval/)
    await core.invoke('actions.approve', { actionId: action.id, by: 'Priya' })
    await core.invoke('actions.approve', { actionId: action.id, by: 'Priya' })
    await core.context.rewrites.idle()
    const after = await core.invoke('drafts.forTicket', { ticketId: 'TKT-000002' })
    if (!after.ok || !after.value) throw new Error('no draft')
    const { returnId } = core.context.db.prepare('SELECT id AS returnId FROM returns').get() as {
      returnId: string
    }
    const note = `Your return ${returnId} for order ${action.orderId} has been approved, and a refund of $${action.amount!.amount.toFixed(2)} is on its way to your original payment method.`
    // One consistent text: the decision once, nothing left awaiting it, the sign-off last.
    expect(after.value.body.split(note)).toHaveLength(2)
    expect(after.value.body).not.toMatch(/awaiting approval|once it is approved|will be confirmed/i)
    expect(after.value.body).toMatch(/Best regards,\nThe Frontline support team$/)
    // Shown to the person as a change, and not sent until they have seen it.
    expect(after.value.rewrite).toMatchObject({ state: 'review', previousBody: before.value.body })
    const early = await core.invoke('drafts.send', { draftId: after.value.id })
    expect(early.ok || early.error.issues?.[0]?.field).toBe('draftId')
    const accepted = await core.invoke('drafts.reviewRewrite', { draftId: after.value.id, choice: 'accept' })
    expect(accepted.ok && accepted.value.rewrite).toBeNull()
    expect((await core.invoke('drafts.send', { draftId: after.value.id })).ok).toBe(true)
    expect(changed.at(-1)?.status).toBe('sent')
  })

  it('restores the text before the decision when the person asks, and keeps both in the history', async () => {
    const core = await open()
    const action = await proposeReturn(core)
    await core.invoke('actions.reject', { actionId: action.id, reason: 'Worn', by: 'Alex' })
    await core.context.rewrites.idle()
    const draft = await core.invoke('drafts.forTicket', { ticketId: 'TKT-000002' })
    if (!draft.ok || !draft.value?.rewrite) throw new Error('no rewrite')
    const before = draft.value.rewrite.previousBody
    const restored = await core.invoke('drafts.reviewRewrite', { draftId: draft.value.id, choice: 'restore' })
    expect(restored.ok && restored.value.body).toBe(before)
    const history = await core.invoke('drafts.history', { ticketId: 'TKT-000002' })
    if (!history.ok) throw new Error(history.error.message)
    expect(history.value[0]?.revisions).toMatchObject([
      { bodyBefore: before, bodyAfter: draft.value.body, review: 'restored', writtenBy: 'model' }
    ])
  })

  it('a rejected return tells the customer without the internal reason; a sent reply is never changed', async () => {
    const core = await open()
    const action = await proposeReturn(core)
    await core.invoke('actions.reject', { actionId: action.id, reason: 'Photos show wear', by: 'Alex' })
    await core.context.rewrites.idle()
    const draft = await core.invoke('drafts.forTicket', { ticketId: 'TKT-000002' })
    if (!draft.ok || !draft.value) throw new Error('no draft')
    expect(draft.value.body).toContain('not able to accept it as it stands')
    expect(draft.value.body).not.toContain('Photos show wear')

    // Sent first, decided after: what went out stays as it was.
    await draftOf(core, 'TKT-000002')
    const second = (await core.invoke('actions.list', { status: 'pending_approval' })) as {
      ok: true
      value: { id: string }[]
    }
    const latest = await core.invoke('drafts.forTicket', { ticketId: 'TKT-000002' })
    if (!latest.ok || !latest.value) throw new Error('no draft')
    const sent = await core.invoke('drafts.send', {
      draftId: latest.value.id,
      body: latest.value.body
    })
    expect(sent.ok).toBe(true)
    await core.invoke('actions.approve', { actionId: second.value[0]!.id, by: 'Priya' })
    const unchanged = await core.invoke('drafts.get', { draftId: latest.value.id })
    expect(unchanged.ok && unchanged.value.body).toBe(latest.value.body)
  })

  it('applies nothing when it crashes between applying and committing, and once on the retry', async () => {
    let crash = true
    const core = await open({
      approvalsBeforeCommit: () => {
        if (crash) throw new Error('simulated crash before commit')
      }
    })
    const action = await proposeReturn(core)
    const failed = await core.invoke('actions.approve', { actionId: action.id, by: 'Sam' })
    expect(failed.ok).toBe(false)
    expect(counts(core)).toEqual({ returns: 0, refunds: 0 })
    const still = await core.invoke('actions.list', { status: 'pending_approval' })
    expect(still.ok && still.value).toHaveLength(1)
    crash = false
    const retried = await core.invoke('actions.approve', { actionId: action.id, by: 'Sam' })
    expect(retried.ok && retried.value.status).toBe('applied')
    expect(counts(core)).toEqual({ returns: 1, refunds: 1 })
  })

  it('records who rejected and why, and refuses to approve it afterwards', async () => {
    const core = await open()
    const action = await proposeReturn(core)
    const missing = await core.invoke('actions.reject', { actionId: action.id, reason: '  ', by: 'Alex' })
    expect(!missing.ok && missing.error.issues?.[0]?.field).toBe('reason')
    const rejected = await core.invoke('actions.reject', {
      actionId: action.id,
      reason: 'Photos show wear',
      by: 'Alex'
    })
    expect(rejected.ok && rejected.value).toMatchObject({
      status: 'rejected',
      decidedBy: 'Alex',
      decisionReason: 'Photos show wear'
    })
    const approve = await core.invoke('actions.approve', { actionId: action.id, by: 'Alex' })
    expect(!approve.ok && approve.error.code).toBe('conflict')
    expect(counts(core)).toEqual({ returns: 0, refunds: 0 })
  })
})

const REFUND_CALL = {
  name: 'issue_refund',
  arguments: '{"order_id":"ORD-20261110-CD34","amount":10,"reason":"late_delivery"}'
}

/** A model that proposes with its first answer, then says `reply` to everything (a rewrite too). */
const proposingThenReplying =
  (reply: string, toolCalls: { name: string; arguments: string }[]): Script =>
  (_req, n) =>
    n === 0 ? { kind: 'stream', toolCalls } : { kind: 'stream', content: reply }

describe('a refund the model proposes', () => {
  it('waits in Approvals with its trace marked proposed, and approving tells the unsent reply', async () => {
    const reply =
      'Hi Ada,\n\nSorry the socks were late. I have asked for a refund of $10.00; a teammate will confirm it.\n\nBest regards,\nThe Frontline support team'
    const core = await withMock(proposingThenReplying(reply, [REFUND_CALL]))
    const draft = await draftOf(core, 'TKT-000002')
    expect(draft.body).toBe(reply)
    const detail = await core.invoke('drafts.get', { draftId: draft.id })
    if (!detail.ok) throw new Error(detail.error.message)
    expect(detail.value.trace.map((t) => [t.tool, t.status])).toEqual([['issue_refund', 'proposed']])

    const queue = await core.invoke('actions.list', { status: 'pending_approval' })
    if (!queue.ok) throw new Error(queue.error.message)
    const [refund] = queue.value
    if (refund?.kind !== 'refund') throw new Error('no refund in the queue')
    expect(refund).toMatchObject({ draftId: draft.id, amount: { amount: 10, currency: 'USD' } })
    expect(refund.payload).toMatchObject({ order_id: 'ORD-20261110-CD34', amount_cents: 1000 })

    const approved = await core.invoke('actions.approve', { actionId: refund.id, by: 'Priya' })
    expect(approved.ok && approved.value.status).toBe('applied')
    await core.context.rewrites.idle()
    const after = await core.invoke('drafts.get', { draftId: draft.id })
    expect(after.ok && after.value.body).toContain(
      'A refund of $10.00 for order ORD-20261110-CD34 has been approved and is on its way to your original payment method.'
    )
  })
})

describe('two decisions on one reply', () => {
  it('are both told when the second comes while the first is still being rewritten', async () => {
    const reply =
      'Hi Ada,\n\nSorry the socks were late. I have asked for a refund of $10.00 and $5.00 of store credit; a teammate will confirm them.\n\nBest regards,\nThe Frontline support team'
    const credit = {
      name: 'issue_refund',
      arguments:
        '{"order_id":"ORD-20261110-CD34","amount":5,"type":"goodwill_credit","reason":"late_delivery"}'
    }
    const core = await withMock(proposingThenReplying(reply, [REFUND_CALL, credit]))
    const draft = await draftOf(core, 'TKT-000002')
    const queue = await core.invoke('actions.list', { status: 'pending_approval' })
    if (!queue.ok || queue.value.length !== 2) throw new Error('expected two proposals')
    await Promise.all(queue.value.map((a) => core.invoke('actions.approve', { actionId: a.id, by: 'Priya' })))
    await core.context.rewrites.idle()
    const after = await core.invoke('drafts.get', { draftId: draft.id })
    if (!after.ok) throw new Error(after.error.message)
    expect(after.value.body).toContain('A refund of $10.00 for order ORD-20261110-CD34 has been approved')
    expect(after.value.body).toContain('$5.00 of store credit for order ORD-20261110-CD34 has been added')
    expect(after.value.body).not.toMatch(/a teammate will confirm/)
    expect(after.value.rewrite?.state).toBe('review')
  })
})

describe('drafts over their life', () => {
  it('edits, sends into the thread, and cannot send twice', async () => {
    const core = await open()
    const draft = await draftOf(core, 'TKT-000001')
    const edited = await core.invoke('drafts.edit', { draftId: draft.id, body: 'Edited reply.' })
    expect(edited.ok && edited.value.body).toBe('Edited reply.')
    const sent = await core.invoke('drafts.send', { draftId: draft.id })
    expect(sent.ok && sent.value.status).toBe('sent')
    const ticket = await core.invoke('tickets.get', { ticketId: 'TKT-000001' })
    expect(ticket.ok && ticket.value.messages.at(-1)).toMatchObject({
      author: 'agent',
      body: 'Edited reply.'
    })
    expect(ticket.ok && ticket.value.ticket.status).toBe('pending')
    const again = await core.invoke('drafts.send', { draftId: draft.id })
    expect(!again.ok && again.error.code).toBe('conflict')
  })

  it('regenerates with another model, replacing the unsent draft', async () => {
    const core = await withMock()
    const first = await draftOf(core, 'TKT-000001')
    expect(first.provider).toBe('mock')
    const second = await core.context.drafts.start('TKT-000001', {
      providerId: 'demo',
      model: 'frontline-demo'
    }).done
    expect(second.provider).toBe('demo')
    const old = await core.invoke('drafts.get', { draftId: first.id })
    expect(old.ok && old.value.status).toBe('discarded')
  })

  it('marks drafts a crash left generating as interrupted at the next start', async () => {
    const db = openDb(dbPath)
    insertDraft(db, {
      id: 'DRF-crashed',
      ticketId: 'TKT-000001',
      providerId: 'demo',
      model: 'frontline-demo',
      now: NOW
    })
    db.close()
    const core = await open()
    const draft = await core.invoke('drafts.get', { draftId: 'DRF-crashed' })
    expect(draft.ok && draft.value.status).toBe('interrupted')
    const regenerated = await draftOf(core, 'TKT-000001')
    expect(regenerated.status).toBe('ready')
  })

  it('refuses bad input at the boundary, naming the field', async () => {
    const core = await open()
    const bad = await core.invokeRaw('drafts.generate', { ticketId: 42 })
    expect(!bad.ok && bad.error.issues?.[0]?.field).toBe('ticketId')
    const unknown = await core.invoke('drafts.generate', { ticketId: 'TKT-404' })
    expect(!unknown.ok && unknown.error.code).toBe('not_found')
  })
})

it('never lets the API key reach a log line', async () => {
  const lines: string[] = []
  for (const method of ['log', 'warn', 'error', 'info'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '))
    })
  }
  const core = await withMock(() => ({
    kind: 'status',
    status: 401,
    body: { error: { message: `bad key ${KEY}` } }
  }))
  const draft = await draftOf(core, 'TKT-000001')
  vi.restoreAllMocks()
  expect(draft.status).toBe('fallback')
  expect(lines.join('\n')).not.toContain(KEY)
  expect(JSON.stringify(draft)).not.toContain(KEY)
})

describe("a person's draft is never lost", () => {
  const rosa = { kind: 'person', personId: 'P-rosa', name: 'Rosa Parks', role: 'agent' } as const

  it('"Draft all new" leaves an edited draft alone; Regenerate asks first and Restore brings it back', async () => {
    const core = await open()
    const first = await draftOf(core, 'TKT-000001')
    const edit = await core.invoke('drafts.edit', { draftId: first.id, body: 'Hi Ada, my own words.' }, rosa)
    expect(edit.ok && edit.value.editedBy).toBe('Rosa Parks')

    const bulk = await core.invoke('drafts.generateAll', {})
    if (!bulk.ok) throw new Error(bulk.error.message)
    expect(bulk.value.total).toBe(1) // TKT-000002 only: TKT-000001 has a person's draft
    await vi.waitFor(() => expect(core.context.drafts.inFlight()).toBe(0))
    const kept = await core.invoke('drafts.forTicket', { ticketId: 'TKT-000001' })
    expect(kept.ok && kept.value?.id).toBe(first.id)
    expect(kept.ok && kept.value?.body).toBe('Hi Ada, my own words.')

    const refused = await core.invoke('drafts.generate', { ticketId: 'TKT-000001' }, rosa)
    expect(refused.ok || [refused.error.code, refused.error.issues?.[0]?.field]).toEqual([
      'conflict',
      'confirmEdited'
    ])
    const discardRefused = await core.invoke('drafts.discard', { draftId: first.id }, rosa)
    expect(discardRefused.ok).toBe(false)

    const replaced = await core.invoke(
      'drafts.generate',
      { ticketId: 'TKT-000001', confirmEdited: true },
      rosa
    )
    if (!replaced.ok) throw new Error(replaced.error.message)
    await vi.waitFor(() => expect(core.context.drafts.inFlight()).toBe(0))
    const history = await core.invoke('drafts.history', { ticketId: 'TKT-000001' })
    if (!history.ok) throw new Error(history.error.message)
    expect(history.value.map((d) => [d.id, d.status])).toEqual([
      [replaced.value.id, 'ready'],
      [first.id, 'discarded']
    ])
    expect(history.value[1]).toMatchObject({ replacedBy: replaced.value.id, body: 'Hi Ada, my own words.' })

    const restored = await core.invoke('drafts.restore', { draftId: first.id }, rosa)
    expect(restored.ok && [restored.value.status, restored.value.body]).toEqual([
      'ready',
      'Hi Ada, my own words.'
    ])
    const live = await core.invoke('drafts.forTicket', { ticketId: 'TKT-000001' })
    expect(live.ok && live.value?.id).toBe(first.id)
  })
})

describe('a follow-up the agent promises', () => {
  it('is a task on the ticket, in the team queue with a due time, shown on the ticket and the inbox row', async () => {
    const core = await open()
    const registry = (await import('../../src/main/tools/registry')).createToolRegistry(
      (await import('../../src/main/tools/shop-tools')).shopTools
    )
    const ctx = {
      db: core.context.db,
      clock: fixedClock(NOW),
      caller: { kind: 'customer', customerId: 'CUS-000001', via: 'email' } as const,
      origin: 'agent' as const,
      ticketId: 'TKT-000001',
      customerId: 'CUS-000001'
    }
    const other = registry.run(ctx, 'create_follow_up', { task: 'Open a trace', ticket_id: 'TKT-000002' })
    expect(other.ok || other.error.field).toBe('ticket_id')
    const made = registry.run(ctx, 'create_follow_up', { task: 'Open a trace with UPS', due_in_hours: 48 })
    expect(made).toMatchObject({
      ok: true,
      value: { owner: 'Team queue', due_at: '2026-11-22T12:00:00.000Z' }
    })
    const ticket = await core.invoke('tickets.get', { ticketId: 'TKT-000001' })
    if (!ticket.ok) throw new Error(ticket.error.message)
    expect(ticket.value.followUps).toMatchObject([
      { task: 'Open a trace with UPS', createdBy: 'AI agent', owner: null }
    ])
    expect(ticket.value.ticket).toMatchObject({ openFollowUps: 1, followUpDueAt: '2026-11-22T12:00:00.000Z' })
    const withFollowUp = await core.invoke('tickets.list', { followUpOpen: true })
    expect(withFollowUp.ok && withFollowUp.value.tickets.map((t) => t.id)).toEqual(['TKT-000001'])
    const done = await core.invoke('followUps.setDone', {
      followUpId: ticket.value.followUps[0]!.id,
      done: true
    })
    expect(done.ok && done.value.doneAt).toBe(NOW)
    const none = await core.invoke('tickets.list', { followUpOpen: true })
    expect(none.ok && none.value.total).toBe(0)
  })
})
