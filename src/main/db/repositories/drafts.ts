import type { Draft, DraftStatus } from '../../../shared/domain/draft'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

interface DraftRow {
  id: string
  ticket_id: string
  status: DraftStatus
  body: string
  provider: string
  model: string
  reason: string | null
  written_without_ai: 0 | 1
  tokens_in: number
  tokens_out: number
  cost_micro_usd: number
  created_at: string
  updated_at: string
  sent_at: string | null
}

export const rowToDraft = (row: DraftRow): Draft => ({
  id: row.id,
  ticketId: row.ticket_id,
  status: row.status,
  body: row.body,
  provider: row.provider,
  model: row.model,
  reason: row.reason,
  writtenWithoutAi: row.written_without_ai === 1,
  tokensIn: row.tokens_in,
  tokensOut: row.tokens_out,
  // Shown in dollars with sub-cent precision: a draft usually costs a fraction of a cent.
  cost: { amount: row.cost_micro_usd / 1_000_000, currency: 'USD' },
  costMicroUsd: row.cost_micro_usd,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  sentAt: row.sent_at
})

/** drafts_status finds the few generating drafts; core_instances holds a row per running core. */
export const interruptOrphanedDraftsSql = `UPDATE drafts SET status = 'interrupted', reason = @reason, updated_at = @now
  WHERE status = 'generating' AND (owner IS NULL OR owner NOT IN (SELECT id FROM core_instances))
  RETURNING id, ticket_id`

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO drafts (id, ticket_id, status, provider, model, owner, created_at, updated_at)
     VALUES (@id, @ticketId, 'generating', @providerId, @model, @owner, @now, @now)`
  ),
  get: db.prepare('SELECT * FROM drafts WHERE id = ?'),
  latestForTicket: db.prepare(
    `SELECT * FROM drafts WHERE ticket_id = ? AND status != 'discarded' ORDER BY created_at DESC, rowid DESC LIMIT 1`
  ),
  // Only the fallback drafter finishes a draft as 'fallback', so the status is what sets the flag.
  finish: db.prepare(
    `UPDATE drafts SET status = @status, body = @body, reason = @reason, provider = @providerId, model = @model,
       written_without_ai = (@status = 'fallback'), tokens_in = @tokensIn, tokens_out = @tokensOut, cost_micro_usd = @costMicroUsd, updated_at = @now
     WHERE id = @id`
  ),
  setBody: db.prepare(`UPDATE drafts SET body = @body, updated_at = @now WHERE id = @id`),
  setStatus: db.prepare(
    `UPDATE drafts SET status = @status, reason = @reason, updated_at = @now WHERE id = @id`
  ),
  markSent: db.prepare(
    `UPDATE drafts SET status = 'sent', body = @body, sent_at = @now, updated_at = @now WHERE id = @id`
  ),
  interruptOrphaned: db.prepare(interruptOrphanedDraftsSql)
}))

export function insertDraft(
  db: Db,
  draft: {
    id: string
    ticketId: string
    providerId: string
    model: string
    now: string
    /** The core writing it (core_instances); a draft without one is taken for orphaned at the next start. */
    owner?: string
  }
): void {
  statements(db).insert.run({ ...draft, owner: draft.owner ?? null })
}

export function getDraft(db: Db, id: string): Draft | undefined {
  const row = statements(db).get.get(id) as DraftRow | undefined
  return row && rowToDraft(row)
}

export function getLatestDraftForTicket(db: Db, ticketId: string): Draft | undefined {
  const row = statements(db).latestForTicket.get(ticketId) as DraftRow | undefined
  return row && rowToDraft(row)
}

export interface DraftOutcome {
  id: string
  status: DraftStatus
  body: string
  reason: string | null
  providerId: string
  model: string
  tokensIn: number
  tokensOut: number
  costMicroUsd: number
  now: string
}

export function finishDraft(db: Db, outcome: DraftOutcome): void {
  statements(db).finish.run(outcome)
}

export function setDraftBody(db: Db, id: string, body: string, now: string): void {
  statements(db).setBody.run({ id, body, now })
}

export function setDraftStatus(
  db: Db,
  id: string,
  status: DraftStatus,
  reason: string | null,
  now: string
): void {
  statements(db).setStatus.run({ id, status, reason, now })
}

export function markDraftSent(db: Db, id: string, body: string, now: string): void {
  statements(db).markSent.run({ id, body, now })
}

/**
 * Marks interrupted the drafts left `generating` by a core that is gone (its core_instances row
 * removed, or none recorded); drafts a running core is still writing are left to it.
 */
export function interruptOrphanedDrafts(
  db: Db,
  reason: string,
  now: string
): { id: string; ticketId: string }[] {
  const rows = statements(db).interruptOrphaned.all({ reason, now }) as { id: string; ticket_id: string }[]
  return rows.map((r) => ({ id: r.id, ticketId: r.ticket_id }))
}
