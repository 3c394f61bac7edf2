import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

export type LlmCallOutcome =
  'ok' | 'error' | 'rate_limited' | 'timeout' | 'breaker_open' | 'over_budget' | 'cancelled'

/** One row of the usage ledger: every model call, answered or refused. */
export interface LlmCallRecord {
  provider: string
  model: string
  ticketId: string | null
  draftId: string | null
  /** Every prompt token, cached ones included. */
  tokensIn: number
  tokensOut: number
  /** The part of `tokensIn` served from the provider's cache. */
  tokensCached: number
  usageEstimated: boolean
  costMicroUsd: number
  latencyMs: number
  outcome: LlmCallOutcome
  /** Already redacted: never an API key. */
  error: string | null
  createdAt: string
  /** Lab spend: the replay that made the call (its ticketId is then null). Absent: the live desk's. */
  replayId?: string | null
}

export interface LlmCall extends LlmCallRecord {
  id: number
}

export interface UsageTotals {
  calls: number
  failedCalls: number
  tokensIn: number
  tokensOut: number
  tokensCached: number
  costMicroUsd: number
  /** Calls whose tokens were estimated because the provider reported none. */
  estimatedCalls: number
}

export interface ModelUsage extends UsageTotals {
  provider: string
  model: string
}

export interface DayUsage extends UsageTotals {
  /** YYYY-MM-DD, UTC. */
  day: string
}

interface LlmCallRow {
  id: number
  provider: string
  model: string
  ticket_id: string | null
  draft_id: string | null
  tokens_in: number
  tokens_out: number
  tokens_cached: number
  usage_estimated: number
  cost_micro_usd: number
  latency_ms: number
  outcome: LlmCallOutcome
  error: string | null
  created_at: string
  replay_id: string | null
}

interface TotalsRow {
  calls: number
  failed_calls: number | null
  tokens_in: number | null
  tokens_out: number | null
  tokens_cached: number | null
  cost_micro_usd: number | null
  estimated_calls: number | null
}

const TOTALS = `COUNT(*) AS calls,
  SUM(outcome <> 'ok') AS failed_calls,
  SUM(tokens_in) AS tokens_in,
  SUM(tokens_out) AS tokens_out,
  SUM(tokens_cached) AS tokens_cached,
  SUM(cost_micro_usd) AS cost_micro_usd,
  SUM(usage_estimated) AS estimated_calls`

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO llm_calls (provider, model, ticket_id, draft_id, tokens_in, tokens_out, tokens_cached,
       usage_estimated, cost_micro_usd, latency_ms, outcome, error, created_at, replay_id)
     VALUES (@provider, @model, @ticketId, @draftId, @tokensIn, @tokensOut, @tokensCached,
       @usageEstimated, @costMicroUsd, @latencyMs, @outcome, @error, @createdAt, @replayId)`
  ),
  spendSince: db.prepare(
    'SELECT COALESCE(SUM(cost_micro_usd), 0) AS spent FROM llm_calls WHERE created_at >= ?'
  ),
  byModel: db.prepare(
    `SELECT provider, model, ${TOTALS} FROM llm_calls WHERE created_at >= ? AND created_at < ?
     GROUP BY provider, model ORDER BY SUM(cost_micro_usd) DESC, provider, model`
  ),
  byDay: db.prepare(
    `SELECT substr(created_at, 1, 10) AS day, ${TOTALS} FROM llm_calls WHERE created_at >= ? AND created_at < ?
     GROUP BY day ORDER BY day`
  ),
  byDayAndModel: db.prepare(
    `SELECT substr(created_at, 1, 10) AS day, provider, model, SUM(cost_micro_usd) AS cost_micro_usd,
       COUNT(*) AS calls, SUM(tokens_in) AS tokens_in, SUM(tokens_out) AS tokens_out,
       COUNT(DISTINCT ticket_id) AS tickets
     FROM llm_calls WHERE created_at >= ? GROUP BY day, provider, model ORDER BY day, provider, model`
  ),
  ticketCosts: db.prepare(
    `SELECT ticket_id, COUNT(*) AS calls, SUM(cost_micro_usd) AS cost_micro_usd, SUM(tokens_in) AS tokens_in,
       SUM(tokens_out) AS tokens_out
     FROM llm_calls WHERE created_at >= ? AND ticket_id IS NOT NULL
     GROUP BY ticket_id ORDER BY SUM(cost_micro_usd) DESC, ticket_id LIMIT ? OFFSET ?`
  ),
  ticketAverage: db.prepare(
    `SELECT COUNT(*) AS tickets, COALESCE(AVG(cost), 0) AS average FROM
       (SELECT SUM(cost_micro_usd) AS cost FROM llm_calls WHERE created_at >= ? AND ticket_id IS NOT NULL GROUP BY ticket_id)`
  ),
  forTicket: db.prepare(`SELECT ${TOTALS} FROM llm_calls WHERE ticket_id = ?`),
  forDraft: db.prepare(`SELECT ${TOTALS} FROM llm_calls WHERE draft_id = ?`),
  forReplay: db.prepare(`SELECT ${TOTALS} FROM llm_calls WHERE replay_id = ?`),
  labSince: db.prepare(`SELECT ${TOTALS} FROM llm_calls WHERE replay_id IS NOT NULL AND created_at >= ?`),
  listForTicket: db.prepare('SELECT * FROM llm_calls WHERE ticket_id = ? ORDER BY id'),
  recent: db.prepare('SELECT * FROM llm_calls ORDER BY id DESC LIMIT ?')
}))

const rowToLlmCall = (row: LlmCallRow): LlmCall => ({
  id: row.id,
  provider: row.provider,
  model: row.model,
  ticketId: row.ticket_id,
  draftId: row.draft_id,
  tokensIn: row.tokens_in,
  tokensOut: row.tokens_out,
  tokensCached: row.tokens_cached,
  usageEstimated: row.usage_estimated === 1,
  costMicroUsd: row.cost_micro_usd,
  latencyMs: row.latency_ms,
  outcome: row.outcome,
  error: row.error,
  createdAt: row.created_at,
  replayId: row.replay_id
})

const rowToTotals = (row: TotalsRow): UsageTotals => ({
  calls: row.calls,
  failedCalls: row.failed_calls ?? 0,
  tokensIn: row.tokens_in ?? 0,
  tokensOut: row.tokens_out ?? 0,
  tokensCached: row.tokens_cached ?? 0,
  costMicroUsd: row.cost_micro_usd ?? 0,
  estimatedCalls: row.estimated_calls ?? 0
})

const wholeNumber = (n: number) => Math.max(0, Math.round(Number.isFinite(n) ? n : 0))

export function insertLlmCall(db: Db, record: LlmCallRecord): number {
  const result = statements(db).insert.run({
    ...record,
    replayId: record.replayId ?? null,
    tokensIn: wholeNumber(record.tokensIn),
    tokensOut: wholeNumber(record.tokensOut),
    tokensCached: wholeNumber(record.tokensCached),
    usageEstimated: record.usageEstimated ? 1 : 0,
    costMicroUsd: wholeNumber(record.costMicroUsd)
  })
  return Number(result.lastInsertRowid)
}

/** Micro-dollars spent since an ISO time (the budget passes the start of the UTC day). */
export function spendSinceMicroUsd(db: Db, sinceIso: string): number {
  return (statements(db).spendSince.get(sinceIso) as { spent: number }).spent
}

/** Spend during the UTC day that contains `at`. */
export function spendOnDayMicroUsd(db: Db, at: Date): number {
  const dayStart = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate())).toISOString()
  return spendSinceMicroUsd(db, dayStart)
}

const FAR_FUTURE = '9999-12-31T23:59:59.999Z'

/** Totals per provider and model in [sinceIso, untilIso), most expensive first. */
export function usageByModel(db: Db, sinceIso: string, untilIso = FAR_FUTURE): ModelUsage[] {
  const rows = statements(db).byModel.all(sinceIso, untilIso) as (TotalsRow & {
    provider: string
    model: string
  })[]
  return rows.map((row) => ({ provider: row.provider, model: row.model, ...rowToTotals(row) }))
}

/** Totals per UTC day in [sinceIso, untilIso), oldest first; days without calls are absent. */
export function usageByDay(db: Db, sinceIso: string, untilIso = FAR_FUTURE): DayUsage[] {
  const rows = statements(db).byDay.all(sinceIso, untilIso) as (TotalsRow & { day: string })[]
  return rows.map((row) => ({ day: row.day, ...rowToTotals(row) }))
}

export function usageForTicket(db: Db, ticketId: string): UsageTotals {
  return rowToTotals(statements(db).forTicket.get(ticketId) as TotalsRow)
}

export function usageForDraft(db: Db, draftId: string): UsageTotals {
  return rowToTotals(statements(db).forDraft.get(draftId) as TotalsRow)
}

/** Everything one lab replay spent, cancelled and failed calls included. */
export function usageForReplay(db: Db, replayId: string): UsageTotals {
  return rowToTotals(statements(db).forReplay.get(replayId) as TotalsRow)
}

/** Lab spend (every replay's calls) since an ISO time. */
export function labUsageSince(db: Db, sinceIso: string): UsageTotals {
  return rowToTotals(statements(db).labSince.get(sinceIso) as TotalsRow)
}

export function listLlmCallsForTicket(db: Db, ticketId: string): LlmCall[] {
  return (statements(db).listForTicket.all(ticketId) as LlmCallRow[]).map(rowToLlmCall)
}

export function listRecentLlmCalls(db: Db, limit = 100): LlmCall[] {
  return (statements(db).recent.all(Math.max(1, Math.min(1000, Math.floor(limit)))) as LlmCallRow[]).map(
    rowToLlmCall
  )
}

export interface DayModelSpend {
  day: string
  provider: string
  model: string
  costMicroUsd: number
  calls: number
  tokensIn: number
  tokensOut: number
  /** Tickets the calls were made for (a call outside a ticket counts toward none). */
  tickets: number
}

/** Daily spend split by model, for the chart of the Costs view. */
export function spendByDayAndModel(db: Db, sinceIso: string): DayModelSpend[] {
  const rows = statements(db).byDayAndModel.all(sinceIso) as {
    day: string
    provider: string
    model: string
    cost_micro_usd: number
    calls: number
    tokens_in: number
    tokens_out: number
    tickets: number
  }[]
  return rows.map((r) => ({
    day: r.day,
    provider: r.provider,
    model: r.model,
    costMicroUsd: r.cost_micro_usd,
    calls: r.calls,
    tokensIn: r.tokens_in,
    tokensOut: r.tokens_out,
    tickets: r.tickets
  }))
}

export interface TicketSpend {
  ticketId: string
  calls: number
  costMicroUsd: number
  tokensIn: number
  tokensOut: number
}

/**
 * Tickets by what they cost since a time, most expensive first (a page of them), how many tickets
 * used the AI, and the average cost of one.
 */
export function ticketSpend(
  db: Db,
  sinceIso: string,
  limit: number,
  offset = 0
): { top: TicketSpend[]; tickets: number; averageMicroUsd: number } {
  const s = statements(db)
  const rows = s.ticketCosts.all(sinceIso, limit, offset) as {
    ticket_id: string
    calls: number
    cost_micro_usd: number
    tokens_in: number
    tokens_out: number
  }[]
  const { tickets, average } = s.ticketAverage.get(sinceIso) as { tickets: number; average: number }
  return {
    top: rows.map((r) => ({
      ticketId: r.ticket_id,
      calls: r.calls,
      costMicroUsd: r.cost_micro_usd,
      tokensIn: r.tokens_in,
      tokensOut: r.tokens_out
    })),
    tickets,
    averageMicroUsd: Math.round(average)
  }
}
