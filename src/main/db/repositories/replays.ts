import type { z } from 'zod'
import {
  agreementOf,
  OriginalReply,
  ShadowDraft,
  type Agreement,
  type AnsweredTicketFilter,
  type ReplayCandidate,
  type ReplayItem,
  type ReplayItemStatus,
  type ReplayStatus,
  type ReplayUsage
} from '../../../shared/domain/replay'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

// ── Answered tickets ─────────────────────────────────────────────────────────────────────────────
// A ticket is answered when its latest reply (an agent's message the customer saw) follows one of
// the customer's messages: a replay drafts again the reply to the thread as it stood then.

/** The latest reply of each ticket, after a customer's message; the filters as named parameters. */
const ANSWERED = `SELECT m.id AS reply_id, m.ticket_id, m.created_at AS replied_at, m.composed_by,
    substr(m.body, 1, 200) AS reply_preview, t.subject, t.channel, c.name AS customer_name
  FROM messages m
  JOIN tickets t ON t.id = m.ticket_id
  LEFT JOIN customers c ON c.id = t.customer_id
  WHERE m.author = 'agent' AND m.internal = 0
    AND (@from IS NULL OR m.created_at >= @from)
    AND (@until IS NULL OR m.created_at < @until)
    AND (@composedBy IS NULL OR (@composedBy = 'ai_draft') = (m.composed_by IS 'ai_draft'))
    AND (@channels IS NULL OR t.channel IN (SELECT value FROM json_each(@channels)))
    AND (@ticketId IS NULL OR m.ticket_id = @ticketId)
    AND NOT EXISTS (SELECT 1 FROM messages later WHERE later.ticket_id = m.ticket_id
      AND later.author = 'agent' AND later.internal = 0
      AND (later.created_at > m.created_at OR (later.created_at = m.created_at AND later.id > m.id)))
    AND EXISTS (SELECT 1 FROM messages asked WHERE asked.ticket_id = m.ticket_id AND asked.author = 'customer'
      AND (asked.created_at < m.created_at OR (asked.created_at = m.created_at AND asked.id < m.id)))`

interface AnsweredRow {
  reply_id: number
  ticket_id: string
  replied_at: string
  composed_by: 'ai_draft' | 'person' | null
  reply_preview: string
  subject: string
  channel: ReplayCandidate['channel']
  customer_name: string | null
}

/** A reply to draft again: which ticket, which message was sent. */
export interface ReplayTarget {
  ticketId: string
  replyMessageId: number
}

const answeredStatements = statementCache((db) => ({
  page: db.prepare(`${ANSWERED} ORDER BY m.created_at DESC, m.id DESC LIMIT @limit OFFSET @offset`),
  sample: db.prepare(`${ANSWERED} ORDER BY random() LIMIT @limit`),
  count: db.prepare(`SELECT COUNT(*) FROM (${ANSWERED})`).pluck()
}))

const nextDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString()

function answeredParams(filter: z.output<typeof AnsweredTicketFilter>, ticketId: string | null = null) {
  return {
    from: filter.repliedFrom ? `${filter.repliedFrom}T00:00:00.000Z` : null,
    until: filter.repliedTo ? nextDay(filter.repliedTo) : null,
    composedBy: filter.composedBy ?? null,
    channels: filter.channels && filter.channels.length > 0 ? JSON.stringify(filter.channels) : null,
    ticketId
  }
}

const rowToCandidate = (row: AnsweredRow): ReplayCandidate => ({
  ticketId: row.ticket_id,
  subject: row.subject,
  channel: row.channel,
  customerName: row.customer_name,
  repliedAt: row.replied_at,
  composedBy: row.composed_by,
  replyPreview: row.reply_preview
})

const rowToTarget = (row: AnsweredRow): ReplayTarget => ({
  ticketId: row.ticket_id,
  replyMessageId: row.reply_id
})

/** Answered tickets, newest reply first, a page at a time. */
export function listAnsweredTickets(
  db: Db,
  filter: z.output<typeof AnsweredTicketFilter>,
  limit: number,
  offset: number
): { candidates: ReplayCandidate[]; total: number } {
  const s = answeredStatements(db)
  const params = answeredParams(filter)
  return {
    candidates: (s.page.all({ ...params, limit, offset }) as AnsweredRow[]).map(rowToCandidate),
    total: s.count.get(params) as number
  }
}

/** The latest `limit` answered tickets matching the filter, or a random sample of that many. */
export function chooseAnsweredTickets(
  db: Db,
  filter: z.output<typeof AnsweredTicketFilter>,
  limit: number,
  order: 'latest' | 'sample'
): ReplayTarget[] {
  const s = answeredStatements(db)
  const statement = order === 'latest' ? s.page : s.sample
  return (statement.all({ ...answeredParams(filter), limit, offset: 0 }) as AnsweredRow[]).map(rowToTarget)
}

/** The ticket's reply to draft again, or undefined when it has none after a customer's message. */
export function answeredTicket(db: Db, ticketId: string): ReplayTarget | undefined {
  const row = answeredStatements(db).page.get({ ...answeredParams({}, ticketId), limit: 1, offset: 0 }) as
    AnsweredRow | undefined
  return row && rowToTarget(row)
}

// ── Replays and their items ──────────────────────────────────────────────────────────────────────

export interface ReplayRow {
  id: string
  status: ReplayStatus
  provider: string
  model: string
  baseline_provider: string
  baseline_model: string
  instructions: string
  prompt_edited: 0 | 1
  selection: string
  concurrency: number
  total: number
  started_by: string
  owner: string | null
  note: string | null
  created_at: string
  finished_at: string | null
}

export interface NewReplay {
  id: string
  providerId: string
  model: string
  baseline: { providerId: string; model: string }
  instructions: string
  promptEdited: boolean
  selection: unknown
  concurrency: number
  startedBy: string
  owner: string | null
  now: string
  targets: readonly (ReplayTarget & { original: OriginalReply })[]
}

interface ItemRow {
  replay_id: string
  position: number
  ticket_id: string
  reply_message_id: number
  status: ReplayItemStatus
  original: string
  shadow: string | null
  tools_agree: 0 | 1 | null
  orders_agree: 0 | 1 | null
  actions_agree: 0 | 1 | null
  agrees: 0 | 1 | null
  calls: number
  tokens_in: number
  tokens_out: number
  tokens_cached: number
  cost_micro_usd: number
  error: string | null
  finished_at: string | null
  subject: string | null
}

export interface ItemCounts {
  finished: number
  completed: number
  failed: number
  agreed: number
}

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO replays (id, status, provider, model, baseline_provider, baseline_model, instructions, prompt_edited,
       selection, concurrency, total, started_by, owner, created_at)
     VALUES (@id, 'preparing', @providerId, @model, @baselineProvider, @baselineModel, @instructions, @promptEdited,
       @selection, @concurrency, @total, @startedBy, @owner, @now)`
  ),
  insertItem: db.prepare(
    `INSERT INTO replay_items (replay_id, position, ticket_id, reply_message_id, status, original)
     VALUES (@replayId, @position, @ticketId, @replyMessageId, 'pending', @original)`
  ),
  get: db.prepare('SELECT * FROM replays WHERE id = ?'),
  recent: db.prepare('SELECT * FROM replays ORDER BY created_at DESC, rowid DESC LIMIT ?'),
  setStatus: db.prepare(
    `UPDATE replays SET status = @status, note = COALESCE(@note, note), finished_at = @finishedAt WHERE id = @id`
  ),
  finishItem: db.prepare(
    `UPDATE replay_items SET status = @status, shadow = @shadow, tools_agree = @toolsAgree,
       orders_agree = @ordersAgree, actions_agree = @actionsAgree, agrees = @agrees, calls = @calls,
       tokens_in = @tokensIn, tokens_out = @tokensOut, tokens_cached = @tokensCached,
       cost_micro_usd = @costMicroUsd, error = @error, finished_at = @now
     WHERE replay_id = @replayId AND position = @position AND status = 'pending'`
  ),
  cancelPending: db.prepare(
    `UPDATE replay_items SET status = 'cancelled', error = @why, finished_at = @now
     WHERE replay_id = @replayId AND status = 'pending'`
  ),
  counts: db.prepare(
    `SELECT COUNT(*) FILTER (WHERE status <> 'pending') AS finished,
       COUNT(*) FILTER (WHERE status = 'done') AS completed,
       COUNT(*) FILTER (WHERE status = 'failed') AS failed,
       COUNT(*) FILTER (WHERE agrees = 1) AS agreed
     FROM replay_items WHERE replay_id = ?`
  ),
  items: db.prepare(
    `SELECT i.*, t.subject FROM replay_items i LEFT JOIN tickets t ON t.id = i.ticket_id
     WHERE i.replay_id = ? ORDER BY i.position LIMIT ? OFFSET ?`
  ),
  pendingItems: db.prepare(
    `SELECT position, ticket_id, reply_message_id FROM replay_items WHERE replay_id = ? AND status = 'pending' ORDER BY position`
  ),
  // A reply sent from a draft is the draft's text, sent on the same ticket at the same instant.
  sentDraft: db
    .prepare(`SELECT id FROM drafts WHERE ticket_id = ? AND status = 'sent' AND sent_at = ? LIMIT 1`)
    .pluck(),
  orphaned: db.prepare(
    `UPDATE replays SET status = 'interrupted', note = @why, finished_at = @now
     WHERE status IN ('preparing', 'running') AND (owner IS NULL OR owner NOT IN (SELECT id FROM core_instances))
     RETURNING id`
  )
}))

export function insertReplay(db: Db, replay: NewReplay): void {
  db.transaction(() => {
    const s = statements(db)
    s.insert.run({
      id: replay.id,
      providerId: replay.providerId,
      model: replay.model,
      baselineProvider: replay.baseline.providerId,
      baselineModel: replay.baseline.model,
      instructions: replay.instructions,
      promptEdited: replay.promptEdited ? 1 : 0,
      selection: JSON.stringify(replay.selection),
      concurrency: replay.concurrency,
      total: replay.targets.length,
      startedBy: replay.startedBy,
      owner: replay.owner,
      now: replay.now
    })
    replay.targets.forEach((target, position) =>
      s.insertItem.run({
        replayId: replay.id,
        position,
        ticketId: target.ticketId,
        replyMessageId: target.replyMessageId,
        original: JSON.stringify(target.original)
      })
    )
  })()
}

export function getReplayRow(db: Db, id: string): ReplayRow | undefined {
  return statements(db).get.get(id) as ReplayRow | undefined
}

export function listReplayRows(db: Db, limit: number): ReplayRow[] {
  return statements(db).recent.all(limit) as ReplayRow[]
}

export function setReplayStatus(
  db: Db,
  id: string,
  status: ReplayStatus,
  at: { note?: string | null; finishedAt?: string | null } = {}
): void {
  statements(db).setStatus.run({ id, status, note: at.note ?? null, finishedAt: at.finishedAt ?? null })
}

export interface ItemOutcome {
  replayId: string
  position: number
  status: Exclude<ReplayItemStatus, 'pending'>
  shadow: ShadowDraft | null
  agreement: Agreement | null
  usage: ReplayUsage
  error: string | null
  now: string
}

const flag = (value: boolean | null | undefined): 0 | 1 | null =>
  value === null || value === undefined ? null : value ? 1 : 0

/** Records how one ticket's replay ended; an item already finished (cancelled meanwhile) is left as it is. */
export function finishReplayItem(db: Db, outcome: ItemOutcome): void {
  statements(db).finishItem.run({
    replayId: outcome.replayId,
    position: outcome.position,
    status: outcome.status,
    shadow: outcome.shadow ? JSON.stringify(outcome.shadow) : null,
    toolsAgree: flag(outcome.agreement?.tools),
    ordersAgree: flag(outcome.agreement?.orders),
    actionsAgree: flag(outcome.agreement?.actions),
    agrees: flag(outcome.agreement?.agrees),
    ...outcome.usage,
    error: outcome.error,
    now: outcome.now
  })
}

export function cancelPendingReplayItems(db: Db, replayId: string, why: string, now: string): void {
  statements(db).cancelPending.run({ replayId, why, now })
}

export function replayItemCounts(db: Db, replayId: string): ItemCounts {
  const row = statements(db).counts.get(replayId) as ItemCounts
  return { finished: row.finished, completed: row.completed, failed: row.failed, agreed: row.agreed }
}

export function pendingReplayTargets(db: Db, replayId: string): (ReplayTarget & { position: number })[] {
  return (
    statements(db).pendingItems.all(replayId) as {
      position: number
      ticket_id: string
      reply_message_id: number
    }[]
  ).map((row) => ({ position: row.position, ticketId: row.ticket_id, replyMessageId: row.reply_message_id }))
}

const parseWith = <S extends z.ZodType>(schema: S, text: string | null): z.output<S> | null => {
  if (text === null) return null
  const parsed = schema.safeParse(JSON.parse(text))
  return parsed.success ? parsed.data : null
}

const rowToItem = (row: ItemRow): ReplayItem => {
  const original = parseWith(OriginalReply, row.original)
  if (!original) throw new Error(`replay item ${row.replay_id}#${row.position} has an unreadable original`)
  const agreement =
    row.orders_agree === null || row.actions_agree === null
      ? null
      : agreementOf({
          tools: row.tools_agree === null ? null : row.tools_agree === 1,
          orders: row.orders_agree === 1,
          actions: row.actions_agree === 1
        })
  return {
    position: row.position,
    ticketId: row.ticket_id,
    subject: row.subject,
    status: row.status,
    original,
    shadow: parseWith(ShadowDraft, row.shadow),
    agreement,
    usage: {
      calls: row.calls,
      tokensIn: row.tokens_in,
      tokensOut: row.tokens_out,
      tokensCached: row.tokens_cached,
      costMicroUsd: row.cost_micro_usd
    },
    error: row.error,
    finishedAt: row.finished_at
  }
}

export function listReplayItems(db: Db, replayId: string, limit: number, offset: number): ReplayItem[] {
  return (statements(db).items.all(replayId, limit, offset) as ItemRow[]).map(rowToItem)
}

/** The AI draft a reply was sent from, if it was. */
export function sentDraftId(db: Db, ticketId: string, sentAt: string): string | undefined {
  return statements(db).sentDraft.get(ticketId, sentAt) as string | undefined
}

/** Replays whose core is gone (a crash, a closed window) are told as interrupted; returns their ids. */
export function interruptOrphanedReplays(db: Db, why: string, now: string): string[] {
  return (statements(db).orphaned.all({ why, now }) as { id: string }[]).map((r) => r.id)
}
