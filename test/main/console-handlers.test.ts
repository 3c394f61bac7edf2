import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import { insertLlmCall } from '../../src/main/db/repositories/llm-calls'
import type { BulkProgress } from '../../src/shared/domain/settings'
import { ShopBuilder } from '../support/shop-builder'

const NOW = '2026-11-20T12:00:00.000Z'
let dir: string
let core: Core

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-console-'))
  const dbPath = join(dir, 'shop.db')
  const shop = new ShopBuilder(openDb(dbPath))
  const customer = shop.customer({ name: 'Grace Hopper' })
  shop.product({ id: 'PRD-0001', name: 'Lamp' })
  shop.order({
    id: 'ORD-20261115-AB12',
    customerId: customer,
    status: 'shipped',
    items: [{ productId: 'PRD-0001', quantity: 1 }]
  })
  for (let i = 1; i <= 5; i++) {
    const id = shop.ticket({ customerId: customer, status: 'new', subject: `Order ${i}` })
    shop.message(id, {
      body: 'Where is my order ORD-20261115-AB12?',
      createdAt: `2026-11-19T0${i}:00:00.000Z`
    })
  }
  shop.ticket({ customerId: customer, status: 'solved', subject: 'Old one' })
  const ledger = (day: string, ticketId: string, model: string, cost: number) =>
    insertLlmCall(shop.db, {
      provider: 'openai',
      model,
      ticketId,
      draftId: null,
      tokensIn: 1000,
      tokensOut: 200,
      tokensCached: 0,
      usageEstimated: false,
      costMicroUsd: cost,
      latencyMs: 500,
      outcome: 'ok',
      error: null,
      createdAt: `${day}T10:00:00.000Z`
    })
  ledger('2026-11-20', 'TKT-000001', 'gpt-4.1', 3600)
  ledger('2026-11-20', 'TKT-000002', 'gpt-4.1-mini', 720)
  ledger('2026-11-16', 'TKT-000002', 'gpt-4.1', 3600)
  ledger('2026-10-01', 'TKT-000003', 'gpt-4.1', 99_000)
  shop.db.close()
  core = createCore({ dbPath, clock: fixedClock(NOW), env: {} })
})

afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('costs', () => {
  it('sums today, 7 and 30 days, per model and per ticket, against the budget', async () => {
    await core.invoke('settings.update', { dailyBudgetUsd: 0.01 })
    const result = await core.invoke('costs.summary', {})
    if (!result.ok) throw new Error(result.error.message)
    const s = result.value
    expect(s.today.costMicroUsd).toBe(4320)
    expect(s.last7Days.costMicroUsd).toBe(7920)
    expect(s.last30Days.costMicroUsd).toBe(7920)
    expect(s.byModel.map((m) => [m.model, m.costMicroUsd])).toEqual([
      ['gpt-4.1', 7200],
      ['gpt-4.1-mini', 720]
    ])
    expect(s.tickets.mostExpensive[0]).toMatchObject({
      ticketId: 'TKT-000002',
      costMicroUsd: 4320,
      subject: 'Order 2'
    })
    expect(s.tickets.averageMicroUsd).toBe(3960)
    expect(s.budget).toEqual({ limitMicroUsd: 10_000, spentTodayMicroUsd: 4320, remainingMicroUsd: 5680 })
  })

  it('exports the daily spend by model as CSV, with its calls, tokens and tickets', async () => {
    const result = await core.invoke('costs.exportCsv', { days: 7 })
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value.csv.split('\n')).toEqual([
      'day,provider,model,calls,tokens_in,tokens_out,tickets,cost_usd',
      '2026-11-16,openai,gpt-4.1,1,1000,200,1,0.003600',
      '2026-11-20,openai,gpt-4.1,1,1000,200,1,0.003600',
      '2026-11-20,openai,gpt-4.1-mini,1,1000,200,1,0.000720',
      ''
    ])
  })

  it('pages through every ticket that used the AI, most expensive first, not only the top ten', async () => {
    const db = core.context.db
    for (let i = 0; i < 12; i++) {
      insertLlmCall(db, {
        provider: 'openai',
        model: 'gpt-4.1-mini',
        ticketId: `TKT-X${String(i).padStart(2, '0')}`,
        draftId: null,
        tokensIn: 10,
        tokensOut: 5,
        tokensCached: 0,
        usageEstimated: false,
        costMicroUsd: 100 + i,
        latencyMs: 10,
        outcome: 'ok',
        error: null,
        createdAt: '2026-11-19T10:00:00.000Z'
      })
    }
    const first = await core.invoke('costs.tickets', { days: 30, limit: 5, offset: 0 })
    const last = await core.invoke('costs.tickets', { days: 30, limit: 5, offset: 10 })
    if (!first.ok || !last.ok) throw new Error('costs.tickets failed')
    expect(first.value.total).toBe(14)
    expect(first.value.tickets.map((t) => t.ticketId)).toEqual([
      'TKT-000002',
      'TKT-000001',
      'TKT-X11',
      'TKT-X10',
      'TKT-X09'
    ])
    expect(first.value.tickets[0]).toMatchObject({ subject: 'Order 2', calls: 2, tokensIn: 2000 })
    expect(last.value.tickets.map((t) => t.ticketId)).toEqual(['TKT-X03', 'TKT-X02', 'TKT-X01', 'TKT-X00'])
    const refused = await core.invoke('costs.tickets', { days: 30, limit: 500, offset: 0 })
    expect(!refused.ok && refused.error.issues?.[0]?.field).toBe('limit')
  })
})

describe('settings', () => {
  it('shows providers with price sources and key status, never the key', async () => {
    const set = await core.invoke('settings.setApiKey', {
      providerId: 'openai',
      apiKey: 'sk-live-abcdefghijklmnop'
    })
    expect(set.ok && set.value).toEqual({ providerId: 'openai', keySet: true, keyNeeded: null })
    const keyFile = join(dir, 'keys', 'openai.key')
    expect(statSync(keyFile).mode & 0o077).toBe(0)
    const view = await core.invoke('settings.get', {})
    if (!view.ok) throw new Error(view.error.message)
    expect(JSON.stringify(view.value)).not.toContain('sk-live')
    const openai = view.value.providers.find((p) => p.id === 'openai')
    expect(openai?.keySet).toBe(true)
    expect(openai?.source.url).toMatch(/^https?:/)
    expect(view.value.providers.find((p) => p.id === 'deepseek')?.keySet).toBe(false)
    expect(view.value.mcp.claudeDesktop).toContain('"mcpServers"')
  })

  it('changes the default model and the prices, and refuses unknown ones naming the field', async () => {
    const bad = await core.invoke('settings.update', {
      defaultModel: { providerId: 'openai', model: 'gpt-9' }
    })
    expect(!bad.ok && bad.error.issues?.[0]?.field).toBe('defaultModel.model')
    const changed = await core.invoke('settings.update', {
      defaultModel: { providerId: 'openai', model: 'gpt-4.1' },
      provider: { id: 'openai', models: [{ id: 'gpt-4.1', inputPerMTok: 1.5, outputPerMTok: 6 }] }
    })
    if (!changed.ok) throw new Error(changed.error.message)
    expect(changed.value.defaultModel).toEqual({ providerId: 'openai', model: 'gpt-4.1' })
    expect(changed.value.demoMode).toBe(false)
    expect(changed.value.providers.find((p) => p.id === 'openai')?.models).toEqual([
      { id: 'gpt-4.1', inputPerMTok: 1.5, outputPerMTok: 6 }
    ])
  })
})

it('drafts all new tickets as a job with progress events, and the status bar sees it', async () => {
  const progress: BulkProgress[] = []
  const finished = new Promise<void>((resolve) => {
    core.subscribe((event, payload) => {
      if (event !== 'bulk.progress') return
      progress.push(payload as BulkProgress)
      if ((payload as BulkProgress).state === 'done') resolve()
    })
  })
  const started = await core.invoke('drafts.generateAll', {})
  expect(started.ok && started.value).toMatchObject({ state: 'running', total: 5, done: 0 })
  await finished
  const last = progress.at(-1)!
  expect(last).toMatchObject({ total: 5, done: 5, failed: 0, state: 'done', etaMs: null })
  expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b))
  const status = await core.invoke('status.get', {})
  expect(status.ok && status.value).toMatchObject({ demoMode: true, draftsInFlight: 0, pendingActions: 0 })
})

describe('the caps on one refund and one goodwill credit', () => {
  it('are read by agents, set by admins only, checked at the boundary, and bind issue_refund at once', async () => {
    expect(await core.invoke('actions.caps', {})).toEqual({
      ok: true,
      value: { refundCents: 50_000, goodwillCreditCents: 5_000 }
    })
    const agent = { kind: 'person', personId: 'p-2', name: 'Alex', role: 'agent' } as const
    const refused = await core.invoke('actions.setCaps', { refundCents: 100 }, agent)
    expect(!refused.ok && refused.error.code).toBe('not_allowed')
    const bad = await core.invoke('actions.setCaps', { goodwillCreditCents: -5 })
    expect(!bad.ok && bad.error.issues?.[0]?.field).toBe('goodwillCreditCents')
    const empty = await core.invoke('actions.setCaps', {})
    expect(empty.ok).toBe(false)

    const set = await core.invoke('actions.setCaps', { refundCents: 1_000 })
    expect(set).toEqual({ ok: true, value: { refundCents: 1_000, goodwillCreditCents: 5_000 } })
    expect(
      core.context.db
        .prepare(`SELECT actor FROM audit_log WHERE action = 'settings.money_caps'`)
        .pluck()
        .all()
    ).toEqual(['support agent'])
    const above = await core.invoke('tools.run', {
      name: 'issue_refund',
      arguments: { order_id: 'ORD-20261115-AB12', amount: 10.01, reason: 'price_adjustment' }
    })
    expect(above.ok && !above.value.ok && above.value.error).toMatchObject({
      code: 'amount_over_cap',
      field: 'amount'
    })
  })
})
