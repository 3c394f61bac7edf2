import type { z } from 'zod'
import {
  TicketStatus,
  type Message,
  type TicketListPage,
  type TicketListQuery,
  type TicketPriority,
  type TicketSummary
} from '../../../shared/domain/ticket'
import type { DraftStatus } from '../../../shared/domain/draft'
import type { Db } from '../connection'
import { shapedStatementCache, statementCache } from '../statement-cache'
import { searchTerms } from './products'
import { rowToSla, SLA_COLUMNS, type SlaColumns } from './sla'
import { rowToTriage, TRIAGE_COLUMNS, type TriageColumns } from './triage'
import { LIVE_DRAFT_SQL } from './drafts'

interface TicketRow extends TriageColumns, SlaColumns {
  id: string
  customer_id: string | null
  customer_name: string | null
  subject: string
  status: TicketStatus
  priority: TicketPriority
  channel: 'email' | 'chat' | 'web'
  created_at: string
  updated_at: string
  last_customer_message_at: string
  draft_status: DraftStatus | null
  draft_written_without_ai: 0 | 1 | null
  pending_actions: number
  assignee_id: string | null
  assignee_name: string | null
  open_follow_ups: number
  follow_up_due_at: string | null
}

export interface MessageRow {
  id: number
  ticket_id: string
  author: 'customer' | 'agent' | 'system'
  author_name: string
  body: string
  created_at: string
  internal: 0 | 1
  composed_by: Message['composedBy']
  sent_by: string | null
}

export const rowToTicketSummary = (row: TicketRow): TicketSummary => ({
  id: row.id,
  subject: row.subject,
  customerId: row.customer_id,
  customerName: row.customer_name,
  status: row.status,
  priority: row.priority,
  channel: row.channel,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  lastCustomerMessageAt: row.last_customer_message_at,
  draftStatus: row.draft_status,
  draftWrittenWithoutAi: row.draft_written_without_ai === 1,
  pendingActions: row.pending_actions,
  triage: rowToTriage(row),
  sla: rowToSla(row),
  assigneeId: row.assignee_id,
  assigneeName: row.assignee_name,
  openFollowUps: row.open_follow_ups,
  followUpDueAt: row.follow_up_due_at
})

export const rowToMessage = (row: MessageRow): Message => ({
  id: row.id,
  ticketId: row.ticket_id,
  author: row.author,
  authorName: row.author_name,
  body: row.body,
  createdAt: row.created_at,
  internal: row.internal === 1,
  composedBy: row.composed_by,
  sentBy: row.sent_by
})

// These are per-ticket lookups on the drafts_ticket and actions_ticket indexes, so a page of the inbox
// costs a few index probes per row, whatever the size of the drafts and actions tables.
const latestDraft = (column: 'status' | 'written_without_ai' | 'rowid'): string =>
  `(SELECT d.${column} FROM drafts d WHERE d.ticket_id = t.id AND d.status != 'discarded'
  ORDER BY d.created_at DESC, d.rowid DESC LIMIT 1)`
const LATEST_DRAFT_STATUS = latestDraft('status')
const PENDING_ACTIONS = `(SELECT COUNT(*) FROM actions a WHERE a.ticket_id = t.id AND a.status = 'pending_approval')`
// Open follow-ups are few, on a partial index by ticket and due time.
const OPEN_FOLLOW_UPS = `(SELECT COUNT(*) FROM follow_ups f WHERE f.ticket_id = t.id AND f.done_at IS NULL)`
const FOLLOW_UP_DUE = `(SELECT MIN(f.due_at) FROM follow_ups f WHERE f.ticket_id = t.id AND f.done_at IS NULL)`
// The row's latest draft is found once and joined by rowid, and both of its columns come from it.
const TICKET_COLUMNS = `t.*, c.name AS customer_name, ld.status AS draft_status,
  ld.written_without_ai AS draft_written_without_ai, ${PENDING_ACTIONS} AS pending_actions,
  (SELECT p.name FROM people p WHERE p.id = t.assignee_id) AS assignee_name,
  ${OPEN_FOLLOW_UPS} AS open_follow_ups, ${FOLLOW_UP_DUE} AS follow_up_due_at,
  ${TRIAGE_COLUMNS}, ${SLA_COLUMNS}`
// Counting needs no draft: only the rows a page shows look theirs up.
const COUNT_FROM = 'FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id'
// Triage and SLA rows are one per ticket, found by primary key.
const TICKET_FROM = `${COUNT_FROM} LEFT JOIN drafts ld ON ld.rowid = ${latestDraft('rowid')}
  LEFT JOIN ticket_triage tr ON tr.ticket_id = t.id LEFT JOIN ticket_sla sla ON sla.ticket_id = t.id`

/** Tickets whose thread holds every word searched for (the last one as a prefix, for search as you type). */
export const THREAD_MATCHES = `SELECT m.ticket_id FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
  WHERE messages_fts MATCH @threadMatch`

/**
 * The words typed, as an FTS5 expression that cannot be a syntax error: each is a double-quoted
 * string of letters and digits, so a customer's quotes, `*`, `-`, `NEAR` or `col:` are just text.
 * Null when nothing searchable was typed (only punctuation, say).
 */
export function threadMatchExpression(text: string): string | null {
  const terms = searchTerms(text)
  if (terms.length === 0) return null
  return terms.map((t, i) => (i === terms.length - 1 ? `"${t}"*` : `"${t}"`)).join(' ')
}

const PRIORITY_RANK = `CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`

export interface TicketListShape {
  status: boolean
  statusNot?: boolean
  priority: boolean
  search: boolean
  /** The search has words the thread's full-text index can look for. */
  searchThread?: boolean
  draftStatus?: boolean
  draftWrittenWithoutAi?: boolean
  awaitingApproval?: boolean
  intent?: boolean
  language?: boolean
  tag?: boolean
  /** 'person': one person's tickets (@assignee); 'unassigned': the team's queue. */
  assignee?: 'person' | 'unassigned'
  followUpOpen?: boolean
  sort: z.output<typeof TicketListQuery>['sort']
}

/** Each sort's leading keys; ties fall back to the oldest waiting first. */
const SORT_KEYS: Record<TicketListShape['sort'], string> = {
  age: '',
  priority: `${PRIORITY_RANK}, `,
  // Breached tickets' due times are in the past, so they lead; tickets with no running clock go last.
  due: 'sla.next_due_at IS NULL, sla.next_due_at, ',
  intent: 'tr.intent IS NULL, tr.intent, ',
  language: 'tr.language IS NULL, tr.language, '
}

/**
 * The list query for one combination of filters. Each filter is present in the SQL only when used,
 * because `(? IS NULL OR status IN ...)` would keep SQLite from using the status index.
 * Age order is oldest waiting first: the customer who has waited longest is answered first. Ties
 * break on rowid, which the age index already carries, so the unfiltered list needs no sort.
 */
export function ticketListSql(shape: TicketListShape): { page: string; count: string } {
  const where: string[] = []
  if (shape.status) where.push('t.status IN (SELECT value FROM json_each(@status))')
  if (shape.priority) where.push('t.priority IN (SELECT value FROM json_each(@priority))')
  // Subject, id, name and email match anywhere in the text; the thread (messages and notes) by its
  // full-text index, whose matching tickets are gathered once before the list is walked.
  if (shape.search) {
    const like = (column: string): string => `${column} LIKE @search ESCAPE '\\'`
    const fields = [like('t.subject'), like('t.id'), like('c.name'), like('c.email')]
    if (shape.searchThread) fields.push(`t.id IN (${THREAD_MATCHES})`)
    where.push(`(${fields.join(' OR ')})`)
  }
  if (shape.draftStatus) {
    where.push(`COALESCE(${LATEST_DRAFT_STATUS}, 'none') IN (SELECT value FROM json_each(@draftStatus))`)
  }
  // Fallback drafts are few (a partial index holds them): start from them, then keep the tickets
  // whose latest draft is one, sent or not.
  if (shape.draftWrittenWithoutAi) {
    where.push(
      `t.id IN (SELECT ticket_id FROM drafts WHERE written_without_ai = 1) AND ${latestDraft('written_without_ai')} = 1`
    )
  }
  // Pending actions are few: probing the actions_status index once beats one lookup per ticket.
  if (shape.awaitingApproval) {
    where.push(`t.id IN (SELECT ticket_id FROM actions WHERE status = 'pending_approval')`)
  }
  // Triage's reading: a probe of the ticket's triage row ('untriaged' when it has no intent yet).
  if (shape.intent) {
    where.push(
      `COALESCE((SELECT intent FROM ticket_triage WHERE ticket_id = t.id), 'untriaged') IN (SELECT value FROM json_each(@intent))`
    )
  }
  if (shape.language) {
    where.push(
      't.id IN (SELECT ticket_id FROM ticket_triage WHERE language IN (SELECT value FROM json_each(@language)))'
    )
  }
  if (shape.tag) where.push('t.id IN (SELECT ticket_id FROM ticket_tags WHERE tag = @tag)')
  if (shape.assignee === 'person') where.push('t.assignee_id = @assignee')
  if (shape.assignee === 'unassigned') where.push('t.assignee_id IS NULL')
  if (shape.followUpOpen) {
    where.push(`t.id IN (SELECT ticket_id FROM follow_ups WHERE done_at IS NULL)`)
  }
  // Statuses left out: the page walks the age index and skips them, which stops at a page; the
  // count takes the statuses kept from the status index instead, which reads no table row.
  const pageWhere = shape.statusNot
    ? [...where, 't.status NOT IN (SELECT value FROM json_each(@statusNot))']
    : where
  const countWhere = shape.statusNot
    ? [...where, 't.status IN (SELECT value FROM json_each(@statusKept))']
    : where
  const sqlWhere = (conditions: string[]): string =>
    conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''
  // Only a search reads the customer's name and email: a count without one joins nothing.
  const countFrom = shape.search ? COUNT_FROM : 'FROM tickets t'
  const order = `ORDER BY ${SORT_KEYS[shape.sort]}t.last_customer_message_at, t.rowid`
  return {
    page: `SELECT ${TICKET_COLUMNS} ${TICKET_FROM} ${sqlWhere(pageWhere)} ${order} LIMIT @limit OFFSET @offset`,
    count: `SELECT COUNT(*) AS total ${countFrom} ${sqlWhere(countWhere)}`
  }
}

const listStatements = shapedStatementCache(ticketListSql)

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`)

/** `assignee` is a person's id, or `unassigned`; the handler turns `me` into the caller's id first. */
export function listTickets(db: Db, query: z.output<typeof TicketListQuery>): TicketListPage {
  const search = query.search?.trim() ?? ''
  // An empty selection in a filter means "no filter", as in the inbox's chips.
  const threadMatch = search.length > 0 ? threadMatchExpression(search) : null
  const shape: TicketListShape = {
    status: (query.status?.length ?? 0) > 0,
    statusNot: (query.statusNot?.length ?? 0) > 0,
    priority: (query.priority?.length ?? 0) > 0,
    search: search.length > 0,
    searchThread: threadMatch !== null,
    draftStatus: (query.draftStatus?.length ?? 0) > 0,
    draftWrittenWithoutAi: query.draftWrittenWithoutAi === true,
    awaitingApproval: query.awaitingApproval === true,
    intent: (query.intent?.length ?? 0) > 0,
    language: (query.language?.length ?? 0) > 0,
    tag: query.tag !== undefined,
    assignee:
      query.assignee === undefined ? undefined : query.assignee === 'unassigned' ? 'unassigned' : 'person',
    followUpOpen: query.followUpOpen === true,
    sort: query.sort
  }
  const params: Record<string, unknown> = {}
  if (shape.status) params.status = JSON.stringify(query.status)
  if (shape.statusNot) {
    params.statusNot = JSON.stringify(query.statusNot)
    params.statusKept = JSON.stringify(TicketStatus.options.filter((s) => !query.statusNot?.includes(s)))
  }
  if (threadMatch) params.threadMatch = threadMatch
  if (shape.priority) params.priority = JSON.stringify(query.priority)
  if (shape.search) params.search = `%${escapeLike(search)}%`
  if (shape.draftStatus) params.draftStatus = JSON.stringify(query.draftStatus)
  if (shape.intent) params.intent = JSON.stringify(query.intent)
  if (shape.language) params.language = JSON.stringify(query.language)
  if (shape.tag) params.tag = query.tag
  if (shape.assignee === 'person') params.assignee = query.assignee
  const prepared = listStatements(db, shape)
  const rows = prepared.page.all({ ...params, limit: query.limit, offset: query.offset }) as TicketRow[]
  const { total } = prepared.count.get(params) as { total: number }
  return { tickets: rows.map(rowToTicketSummary), total }
}

const statements = statementCache((db) => ({
  get: db.prepare(`SELECT ${TICKET_COLUMNS} ${TICKET_FROM} WHERE t.id = ?`),
  messages: db.prepare('SELECT * FROM messages WHERE ticket_id = ? ORDER BY created_at, id'),
  conversation: db.prepare(
    'SELECT * FROM messages WHERE ticket_id = ? AND internal = 0 ORDER BY created_at, id'
  ),
  openForCustomer: db.prepare(
    `SELECT ${TICKET_COLUMNS} ${TICKET_FROM}
     WHERE t.customer_id = ? AND t.status IN ('new', 'open', 'pending', 'on_hold')
     ORDER BY t.last_customer_message_at`
  )
}))

export function getTicketSummary(db: Db, id: string): TicketSummary | undefined {
  const row = statements(db).get.get(id) as TicketRow | undefined
  return row && rowToTicketSummary(row)
}

/** The thread, oldest first. */
export function listMessages(db: Db, ticketId: string): Message[] {
  return (statements(db).messages.all(ticketId) as MessageRow[]).map(rowToMessage)
}

/**
 * The thread without the team's internal notes: what the AI drafting a reply (or an MCP host's
 * prompt) reads, so nothing said only among the team can find its way into a reply.
 */
export function listConversation(db: Db, ticketId: string): Message[] {
  return (statements(db).conversation.all(ticketId) as MessageRow[]).map(rowToMessage)
}

/** Tickets of a customer still awaiting the shop (new, open, pending or on hold), oldest waiting first. */
export function listOpenTicketsForCustomer(db: Db, customerId: string): TicketSummary[] {
  return (statements(db).openForCustomer.all(customerId) as TicketRow[]).map(rowToTicketSummary)
}

const writeStatements = statementCache((db) => ({
  appendMessage: db.prepare(
    `INSERT INTO messages (ticket_id, author, author_name, body, created_at, internal, composed_by, sent_by)
     VALUES (@ticketId, @author, @authorName, @body, @now, @internal, @composedBy, @sentBy)`
  ),
  touch: db.prepare('UPDATE tickets SET updated_at = @now WHERE id = @ticketId'),
  getMessage: db.prepare('SELECT * FROM messages WHERE id = ?'),
  touchByCustomer: db.prepare(
    `UPDATE tickets SET updated_at = @now, last_customer_message_at = @now,
       status = CASE WHEN status IN ('solved', 'closed', 'pending', 'on_hold') THEN 'open' ELSE status END
     WHERE id = @ticketId`
  ),
  setStatus: db.prepare('UPDATE tickets SET status = @status, updated_at = @now WHERE id = @ticketId'),
  setPriority: db.prepare('UPDATE tickets SET priority = @priority, updated_at = @now WHERE id = @ticketId')
}))

export interface NewMessage {
  ticketId: string
  author: Message['author']
  authorName: string
  body: string
  now: string
  /** An internal note (the team's only); false unless said. */
  internal?: boolean
  composedBy?: Message['composedBy']
  sentBy?: string | null
}

/**
 * Adds a turn to the thread; a customer's turn reopens the ticket (whatever its status) and
 * restarts its waiting time.
 */
export function appendMessage(db: Db, message: NewMessage): number {
  const s = writeStatements(db)
  const info = s.appendMessage.run({
    ...message,
    internal: message.internal ? 1 : 0,
    composedBy: message.composedBy ?? null,
    sentBy: message.sentBy ?? null
  })
  const touched = { ticketId: message.ticketId, now: message.now }
  if (message.author === 'customer') s.touchByCustomer.run(touched)
  else s.touch.run(touched)
  return Number(info.lastInsertRowid)
}

export function getMessage(db: Db, id: number): Message | undefined {
  const row = writeStatements(db).getMessage.get(id) as MessageRow | undefined
  return row && rowToMessage(row)
}

export function setTicketStatus(
  db: Db,
  ticketId: string,
  status: TicketSummary['status'],
  now: string
): void {
  writeStatements(db).setStatus.run({ ticketId, status, now })
}

export function setTicketPriority(db: Db, ticketId: string, priority: TicketPriority, now: string): void {
  writeStatements(db).setPriority.run({ ticketId, priority, now })
}

const idsByStatus = statementCache((db) => ({
  list: db.prepare('SELECT id FROM tickets WHERE status = ? ORDER BY last_customer_message_at, id')
}))

const toDraft = statementCache((db) => ({
  list: db.prepare(
    `SELECT t.id FROM tickets t WHERE t.status = 'new' AND NOT EXISTS (
       SELECT 1 FROM drafts d WHERE d.rowid = ${latestDraft('rowid')} AND ${LIVE_DRAFT_SQL})
     ORDER BY t.last_customer_message_at, t.id`
  )
}))

/** New tickets with no live draft, oldest waiting first: what "Draft all new" drafts. */
export function listTicketIdsToDraft(db: Db): string[] {
  return (toDraft(db).list.all() as { id: string }[]).map((r) => r.id)
}

/** Ticket ids in one status, oldest waiting first. */
export function listTicketIdsByStatus(db: Db, status: TicketSummary['status']): string[] {
  return (idsByStatus(db).list.all(status) as { id: string }[]).map((r) => r.id)
}

export const assignmentSql = {
  // Never assigned implies unassigned; new tickets are few, so the partial index leads (not the queue's).
  neverAssigned: `SELECT id FROM tickets WHERE assigned_at IS NULL AND created_at >= ? AND +status IN ('new', 'open')
     ORDER BY created_at, id`
} as const

const assignStatements = statementCache((db) => ({
  assign: db.prepare(
    `UPDATE tickets SET assignee_id = @assigneeId, updated_at = @now,
       assigned_at = COALESCE(assigned_at, CASE WHEN @assigneeId IS NULL THEN NULL ELSE @now END)
     WHERE id = @ticketId`
  ),
  assignNew: db.prepare(
    `UPDATE tickets SET assignee_id = @assigneeId, updated_at = @now, assigned_at = @now
     WHERE id = @ticketId AND assigned_at IS NULL AND assignee_id IS NULL`
  ),
  assignee: db.prepare('SELECT assignee_id FROM tickets WHERE id = ?'),
  neverAssigned: db.prepare(assignmentSql.neverAssigned)
}))

/** Whose a ticket is: undefined when there is no such ticket, null when nobody's. */
export function ticketAssignee(db: Db, ticketId: string): string | null | undefined {
  const row = assignStatements(db).assignee.get(ticketId) as { assignee_id: string | null } | undefined
  return row && row.assignee_id
}

export function assignTicket(db: Db, ticketId: string, assigneeId: string | null, now: string): void {
  assignStatements(db).assign.run({ ticketId, assigneeId, now })
}

/** Gives a ticket nobody was ever given to `assigneeId`; false when a person got there first. */
export function assignNewTicket(db: Db, ticketId: string, assigneeId: string, now: string): boolean {
  return assignStatements(db).assignNew.run({ ticketId, assigneeId, now }).changes === 1
}

/** Waiting tickets created since `since` that nobody was ever given, oldest first. */
export function neverAssignedTicketsSince(db: Db, since: string): string[] {
  return (assignStatements(db).neverAssigned.all(since) as { id: string }[]).map((r) => r.id)
}

const replyStatements = statementCache((db) => ({
  replyAfter: db.prepare(
    `SELECT id, created_at, sent_by FROM messages
     WHERE ticket_id = ? AND id > ? AND author = 'agent' AND internal = 0
     ORDER BY id DESC LIMIT 1`
  )
}))

/**
 * The latest reply to the customer after message `afterId`, if any: someone answered meanwhile.
 * Internal notes are not replies. `sentBy` is null for replies recorded before it was kept.
 */
export function latestReplyAfter(
  db: Db,
  ticketId: string,
  afterId: number
): { id: number; createdAt: string; sentBy: string | null } | undefined {
  const row = replyStatements(db).replyAfter.get(ticketId, afterId) as
    { id: number; created_at: string; sent_by: string | null } | undefined
  return row && { id: row.id, createdAt: row.created_at, sentBy: row.sent_by }
}
