import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import { openDb, type Db } from '../../src/main/db/connection'
import {
  insertLlmCall,
  listLlmCallsForTicket,
  spendOnDayMicroUsd,
  spendSinceMicroUsd,
  usageByDay,
  usageByModel,
  usageForDraft,
  usageForTicket,
  type LlmCallRecord
} from '../../src/main/db/repositories/llm-calls'
import { createDailyBudget, utcDayStart } from '../../src/main/llm/budget'

let db: Db
beforeEach(() => {
  db = openDb(':memory:')
})
afterEach(() => db.close())

const call = (fields: Partial<LlmCallRecord>): LlmCallRecord => ({
  provider: 'deepseek',
  model: 'deepseek-chat',
  ticketId: null,
  draftId: null,
  tokensIn: 100,
  tokensOut: 10,
  tokensCached: 0,
  usageEstimated: false,
  costMicroUsd: 1_000,
  latencyMs: 12.5,
  outcome: 'ok',
  error: null,
  createdAt: '2026-11-25T10:00:00.000Z',
  ...fields
})

describe('llm_calls ledger', () => {
  it('stores a call and reads it back', () => {
    insertLlmCall(
      db,
      call({
        ticketId: 'TKT-1',
        draftId: 'DRF-1',
        tokensCached: 40,
        usageEstimated: true,
        outcome: 'timeout',
        error: 'slow'
      })
    )
    expect(listLlmCallsForTicket(db, 'TKT-1')).toEqual([
      expect.objectContaining({
        provider: 'deepseek',
        ticketId: 'TKT-1',
        draftId: 'DRF-1',
        tokensIn: 100,
        tokensCached: 40,
        usageEstimated: true,
        costMicroUsd: 1_000,
        latencyMs: 12.5,
        outcome: 'timeout',
        error: 'slow'
      })
    ])
  })

  it('sums spend since a time, per UTC day', () => {
    insertLlmCall(db, call({ costMicroUsd: 5, createdAt: '2026-11-24T23:59:59.999Z' }))
    insertLlmCall(db, call({ costMicroUsd: 7, createdAt: '2026-11-25T00:00:00.000Z' }))
    insertLlmCall(db, call({ costMicroUsd: 11, createdAt: '2026-11-25T23:00:00.000Z' }))
    expect(spendSinceMicroUsd(db, '2026-11-25T00:00:00.000Z')).toBe(18)
    expect(spendOnDayMicroUsd(db, new Date('2026-11-25T12:00:00Z'))).toBe(18)
    expect(spendSinceMicroUsd(db, '2027-01-01T00:00:00.000Z')).toBe(0)
  })

  it('summarises per model, per day, per ticket and per draft', () => {
    insertLlmCall(
      db,
      call({ ticketId: 'T1', draftId: 'D1', costMicroUsd: 300, tokensIn: 1_000, tokensOut: 50 })
    )
    insertLlmCall(
      db,
      call({ ticketId: 'T1', draftId: 'D1', costMicroUsd: 0, outcome: 'error', tokensIn: 0, tokensOut: 0 })
    )
    insertLlmCall(
      db,
      call({
        provider: 'openai',
        model: 'gpt-4.1',
        ticketId: 'T2',
        costMicroUsd: 9_000,
        createdAt: '2026-11-26T08:00:00.000Z'
      })
    )
    expect(usageByModel(db, '2026-11-01T00:00:00.000Z')).toEqual([
      expect.objectContaining({ provider: 'openai', model: 'gpt-4.1', calls: 1, costMicroUsd: 9_000 }),
      expect.objectContaining({
        provider: 'deepseek',
        calls: 2,
        failedCalls: 1,
        tokensIn: 1_000,
        costMicroUsd: 300
      })
    ])
    expect(
      usageByModel(db, '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z').map((m) => m.provider)
    ).toEqual(['deepseek'])
    expect(usageByDay(db, '2026-11-01T00:00:00.000Z').map((d) => [d.day, d.calls, d.costMicroUsd])).toEqual([
      ['2026-11-25', 2, 300],
      ['2026-11-26', 1, 9_000]
    ])
    expect(usageForTicket(db, 'T1')).toMatchObject({
      calls: 2,
      failedCalls: 1,
      tokensOut: 50,
      costMicroUsd: 300
    })
    expect(usageForDraft(db, 'D1').calls).toBe(2)
    expect(usageForTicket(db, 'nobody')).toMatchObject({ calls: 0, costMicroUsd: 0 })
  })

  it('answers the budget query from the created_at index', () => {
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT COALESCE(SUM(cost_micro_usd), 0) FROM llm_calls WHERE created_at >= ?'
      )
      .all('2026-11-25') as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toContain('llm_calls_created')
  })
})

describe('daily budget', () => {
  const budgetAt = (iso: string, limitMicroUsd: number | null) =>
    createDailyBudget({
      limitMicroUsd,
      clock: fixedClock(iso),
      spentSince: (since) => spendSinceMicroUsd(db, since)
    })

  it('uses the UTC day', () => {
    expect(utcDayStart(new Date('2026-11-25T23:30:00-05:00'))).toBe('2026-11-26T00:00:00.000Z')
  })

  it('allows calls while today’s spend plus the estimate fits, and refuses past it', () => {
    insertLlmCall(db, call({ costMicroUsd: 900_000, createdAt: '2026-11-25T01:00:00.000Z' }))
    const budget = budgetAt('2026-11-25T15:00:00.000Z', 1_000_000)
    const first = budget.reserve(50_000)
    expect(first.ok).toBe(true)
    expect(budget.status()).toMatchObject({ spentTodayMicroUsd: 900_000, reservedMicroUsd: 50_000 })
    // 900,000 spent + 50,000 in flight + 60,000 > 1,000,000
    const second = budget.reserve(60_000)
    expect(second.ok).toBe(false)
    if (!second.ok)
      expect(second.message).toBe(
        'Daily AI budget reached: $0.9000 spent today (+$0.0500 in flight) of $1.0000; this call could cost up to $0.0600.'
      )
    if (first.ok) first.reservation.release()
    expect(budget.reserve(60_000).ok).toBe(true)
  })

  it('refuses everything once the limit is reached, and starts afresh the next UTC day', () => {
    insertLlmCall(db, call({ costMicroUsd: 1_000_000, createdAt: '2026-11-25T01:00:00.000Z' }))
    expect(budgetAt('2026-11-25T20:00:00.000Z', 1_000_000).reserve(0).ok).toBe(false)
    expect(budgetAt('2026-11-26T00:00:01.000Z', 1_000_000).reserve(500).ok).toBe(true)
  })

  it('has no limit when none is set, and the limit can change', () => {
    insertLlmCall(db, call({ costMicroUsd: 50_000_000, createdAt: '2026-11-25T01:00:00.000Z' }))
    const budget = budgetAt('2026-11-25T02:00:00.000Z', null)
    expect(budget.reserve(1_000_000).ok).toBe(true)
    budget.setLimit(10_000_000)
    expect(budget.reserve(1).ok).toBe(false)
  })
})
