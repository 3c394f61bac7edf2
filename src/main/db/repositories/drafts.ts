import type { Draft, DraftRevision, DraftStatus } from '../../../shared/domain/draft'
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
  edited_by: string | null
  edited_at: string | null
  replaced_by: string | null
  discarded_from: DraftStatus | null
  discarded_reason: string | null
  rewrite_revision_id: number | null
  rw_action_id: string | null
  rw_body_before: string | null
  rw_body_after: string | null
  rw_written_by: string | null
  rw_at: string | null
  told_decision: 0 | 1
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
  sentAt: row.sent_at,
  editedBy: row.edited_by,
  editedAt: row.edited_at,
  replacedBy: row.replaced_by,
  discardedReason: row.discarded_reason,
  rewrite:
    row.rewrite_revision_id === null
      ? null
      : {
          revisionId: row.rewrite_revision_id,
          actionId: row.rw_action_id,
          state: row.rw_body_after === null ? 'writing' : 'review',
          previousBody: row.rw_body_before ?? '',
          at: row.rw_at ?? row.updated_at,
          writtenBy: row.rw_written_by
        },
  toldDecision: row.told_decision === 1
})

/**
 * A draft that stands: being written, ready to send, or any unsent draft a person edited or that
 * tells the customer a decision. Replacing one costs a person's work or a model call, so "Draft all
 * new" leaves it be. LIVE_DRAFT_SQL says the same of a drafts row `d`.
 */
export const isLiveDraft = (draft: Draft | undefined): draft is Draft =>
  draft !== undefined &&
  draft.status !== 'sent' &&
  draft.status !== 'discarded' &&
  (draft.status === 'generating' ||
    draft.status === 'ready' ||
    draft.status === 'fallback' ||
    draft.editedBy !== null ||
    draft.toldDecision)

const TOLD_DECISION_SQL = `EXISTS (SELECT 1 FROM draft_revisions x WHERE x.draft_id = d.id AND x.action_id IS NOT NULL)`

export const LIVE_DRAFT_SQL = `(d.status NOT IN ('sent', 'discarded') AND (d.status IN ('generating', 'ready', 'fallback')
  OR d.edited_by IS NOT NULL OR ${TOLD_DECISION_SQL}))`

/** A draft with its rewrite awaiting review, and whether any decision rewrote it. */
const DRAFT_SELECT = `SELECT d.*, r.action_id AS rw_action_id, r.body_before AS rw_body_before,
    r.body_after AS rw_body_after, r.written_by AS rw_written_by, r.at AS rw_at,
    ${TOLD_DECISION_SQL} AS told_decision
  FROM drafts d LEFT JOIN draft_revisions r ON r.id = d.rewrite_revision_id`

interface RevisionRow {
  id: number
  draft_id: string
  action_id: string | null
  body_before: string
  body_after: string | null
  written_by: string | null
  at: string
  review: 'accepted' | 'restored' | null
  reviewed_by: string | null
  reviewed_at: string | null
}

const rowToRevision = (row: RevisionRow): DraftRevision => ({
  id: row.id,
  actionId: row.action_id,
  bodyBefore: row.body_before,
  bodyAfter: row.body_after,
  writtenBy: row.written_by,
  at: row.at,
  review: row.review,
  reviewedBy: row.reviewed_by,
  reviewedAt: row.reviewed_at
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
  get: db.prepare(`${DRAFT_SELECT} WHERE d.id = ?`),
  latestForTicket: db.prepare(
    `${DRAFT_SELECT} WHERE d.ticket_id = ? AND d.status != 'discarded' ORDER BY d.created_at DESC, d.rowid DESC LIMIT 1`
  ),
  forTicket: db.prepare(`${DRAFT_SELECT} WHERE d.ticket_id = ? ORDER BY d.created_at DESC, d.rowid DESC`),
  revisionsOfTicket: db.prepare(
    `SELECT r.* FROM draft_revisions r JOIN drafts d ON d.id = r.draft_id WHERE d.ticket_id = ? ORDER BY r.id DESC`
  ),
  // Only the fallback drafter finishes a draft as 'fallback', so the status is what sets the flag. A
  // draft set aside while it was written (a person restored an older one) stays set aside.
  finish: db.prepare(
    `UPDATE drafts SET status = @status, body = @body, reason = @reason, provider = @providerId, model = @model,
       written_without_ai = (@status = 'fallback'), tokens_in = @tokensIn, tokens_out = @tokensOut, cost_micro_usd = @costMicroUsd, updated_at = @now
     WHERE id = @id AND status != 'discarded'`
  ),
  setBody: db.prepare(`UPDATE drafts SET body = @body, updated_at = @now WHERE id = @id`),
  editBody: db.prepare(
    `UPDATE drafts SET body = @body, edited_by = @by, edited_at = @now, updated_at = @now WHERE id = @id`
  ),
  setStatus: db.prepare(
    `UPDATE drafts SET status = @status, reason = @reason, updated_at = @now WHERE id = @id`
  ),
  setAside: db.prepare(
    `UPDATE drafts SET discarded_from = status, status = 'discarded', discarded_reason = @reason,
       replaced_by = @replacedBy, updated_at = @now
     WHERE id = @id AND status NOT IN ('sent', 'discarded')`
  ),
  // A draft set aside while it was written is no longer being written; one discarded before its
  // status was kept is read from what it holds.
  bringBack: db.prepare(
    `UPDATE drafts SET status = CASE
         WHEN discarded_from = 'generating' THEN 'interrupted'
         WHEN discarded_from IS NOT NULL THEN discarded_from
         WHEN body = '' THEN 'failed'
         WHEN written_without_ai = 1 THEN 'fallback'
         ELSE 'ready' END,
       discarded_from = NULL, discarded_reason = NULL, replaced_by = NULL, updated_at = @now
     WHERE id = @id AND status = 'discarded'`
  ),
  newerLive: db.prepare(
    `SELECT id FROM drafts WHERE ticket_id = @ticketId AND status NOT IN ('sent', 'discarded')
       AND (created_at > @createdAt OR (created_at = @createdAt AND rowid > (SELECT rowid FROM drafts WHERE id = @id)))`
  ),
  startRevision: db.prepare(
    `INSERT INTO draft_revisions (draft_id, action_id, body_before, owner, at)
     VALUES (@draftId, @actionId, @bodyBefore, @owner, @now)`
  ),
  pointRevision: db.prepare(
    `UPDATE drafts SET rewrite_revision_id = @revisionId, updated_at = @now WHERE id = @id`
  ),
  writeRevision: db.prepare(
    `UPDATE draft_revisions SET body_before = @bodyBefore, body_after = @bodyAfter, written_by = @writtenBy, at = @now
     WHERE id = @revisionId AND body_after IS NULL`
  ),
  reviewRevision: db.prepare(
    `UPDATE draft_revisions SET review = @review, reviewed_by = @by, reviewed_at = @now WHERE id = @revisionId`
  ),
  revision: db.prepare('SELECT * FROM draft_revisions WHERE id = ?'),
  unwrittenRevisions: db.prepare(
    `SELECT r.* FROM draft_revisions r JOIN drafts d ON d.rewrite_revision_id = r.id
     WHERE r.body_after IS NULL AND (r.owner IS NULL OR r.owner NOT IN (SELECT id FROM core_instances))`
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

/** A person's edit: the text, and who changed it when. */
export function editDraftBody(db: Db, id: string, body: string, by: string, now: string): void {
  statements(db).editBody.run({ id, body, by, now })
}

/** Every draft of a ticket, newest first, set-aside ones included. */
export function listDraftsForTicket(db: Db, ticketId: string): Draft[] {
  return (statements(db).forTicket.all(ticketId) as DraftRow[]).map(rowToDraft)
}

/** The rewrites of a ticket's drafts, newest first. */
export function listRevisionsForTicket(db: Db, ticketId: string): (DraftRevision & { draftId: string })[] {
  return (statements(db).revisionsOfTicket.all(ticketId) as RevisionRow[]).map((row) => ({
    ...rowToRevision(row),
    draftId: row.draft_id
  }))
}

/**
 * Sets an unsent draft aside (discarded), remembering its status so it can be brought back, and
 * which draft replaced it when one did. False when it was already sent or set aside.
 */
export function setDraftAside(
  db: Db,
  id: string,
  reason: string,
  now: string,
  replacedBy: string | null = null
): boolean {
  return statements(db).setAside.run({ id, reason, now, replacedBy }).changes === 1
}

/** Brings a set-aside draft back with the status it had. False when it was not set aside. */
export function bringDraftBack(db: Db, id: string, now: string): boolean {
  return statements(db).bringBack.run({ id, now }).changes === 1
}

/** The ticket's unsent drafts newer than this one: those a restored draft sets aside. */
export function newerUnsentDrafts(db: Db, draft: Pick<Draft, 'id' | 'ticketId' | 'createdAt'>): string[] {
  const rows = statements(db).newerLive.all({
    id: draft.id,
    ticketId: draft.ticketId,
    createdAt: draft.createdAt
  }) as { id: string }[]
  return rows.map((r) => r.id)
}

/** Starts a rewrite of the draft's text (the decision on `actionId`): the text it had is kept. */
export function startDraftRevision(
  db: Db,
  revision: {
    draftId: string
    actionId: string | null
    bodyBefore: string
    owner: string | null
    now: string
  }
): number {
  const s = statements(db)
  const id = Number(s.startRevision.run(revision).lastInsertRowid)
  s.pointRevision.run({ id: revision.draftId, revisionId: id, now: revision.now })
  return id
}

/** The rewrite's new text; false when it was written already (by another process, or at a start). */
export function writeDraftRevision(
  db: Db,
  revision: { revisionId: number; bodyBefore: string; bodyAfter: string; writtenBy: string; now: string }
): boolean {
  return statements(db).writeRevision.run(revision).changes === 1
}

/** A person accepted or restored the rewrite: it no longer waits on them. */
export function reviewDraftRevision(
  db: Db,
  review: { draftId: string; revisionId: number; review: 'accepted' | 'restored'; by: string; now: string }
): void {
  const s = statements(db)
  s.reviewRevision.run(review)
  s.pointRevision.run({ id: review.draftId, revisionId: null, now: review.now })
}

export function getDraftRevision(db: Db, id: number): (DraftRevision & { draftId: string }) | undefined {
  const row = statements(db).revision.get(id) as RevisionRow | undefined
  return row && { ...rowToRevision(row), draftId: row.draft_id }
}

/** Rewrites left unwritten by a core that is gone (or recorded without one). */
export function listOrphanedRevisions(db: Db): (DraftRevision & { draftId: string })[] {
  return (statements(db).unwrittenRevisions.all() as RevisionRow[]).map((row) => ({
    ...rowToRevision(row),
    draftId: row.draft_id
  }))
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
