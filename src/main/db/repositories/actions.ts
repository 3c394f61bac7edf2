import {
  Action,
  actionSchemaByKind,
  type ActionKind,
  type ActionStatus,
  type EligibilityOf,
  type PayloadOf,
  type ResultOf
} from '../../../shared/domain/action'
import { centsToMoney } from '../../../shared/domain/money'
import { AppFailure, describeIssues, issuesFromZod, type FieldIssue } from '../../../shared/result'
import type { Db } from '../connection'
import { shapedStatementCache, statementCache } from '../statement-cache'

type ActionOrigin = Action['origin']

interface ActionRow {
  id: string
  kind: string
  status: ActionStatus
  ticket_id: string | null
  draft_id: string | null
  order_id: string | null
  payload: string
  amount_cents: number | null
  currency: string | null
  eligibility: string
  origin: ActionOrigin
  origin_detail: string | null
  created_at: string
  decided_at: string | null
  decided_by: string | null
  decided_by_id: string | null
  proposed_by_id: string | null
  proposed_by_name: string | null
  decision_reason: string | null
  result: string | null
}

const parseJson = (text: string | null): unknown => {
  if (text === null) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

type RowReading = { ok: true; action: Action } | { ok: false; id: string; issues: FieldIssue[] }

/** A row read through its kind's schema: what it holds is what the contract says, or it is not read. */
function readRow(row: ActionRow): RowReading {
  const parsed = Action.safeParse({
    id: row.id,
    kind: row.kind,
    status: row.status,
    ticketId: row.ticket_id,
    draftId: row.draft_id,
    orderId: row.order_id,
    payload: parseJson(row.payload),
    amount: row.amount_cents === null ? null : centsToMoney(row.amount_cents, row.currency ?? 'USD'),
    eligibility: parseJson(row.eligibility),
    origin: row.origin,
    originDetail: row.origin_detail,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    decidedById: row.decided_by_id,
    proposedById: row.proposed_by_id,
    proposedByName: row.proposed_by_name,
    decisionReason: row.decision_reason,
    result: parseJson(row.result)
  })
  return parsed.success
    ? { ok: true, action: parsed.data }
    : { ok: false, id: row.id, issues: issuesFromZod(parsed.error) }
}

const unreadableMessage = (reading: Extract<RowReading, { ok: false }>, kind: string): string =>
  `Action ${reading.id} (kind "${kind}") does not match its kind's schema and cannot be read: ${describeIssues(reading.issues)}`

const reported = new Set<string>()

/**
 * A list leaves an unreadable row out rather than fail for every other action, and says so on
 * stderr, once per row and process: a row like that is a bug or a hand edit for a person to fix.
 */
function readRows(rows: readonly ActionRow[]): Action[] {
  const actions: Action[] = []
  for (const row of rows) {
    const reading = readRow(row)
    if (reading.ok) {
      actions.push(reading.action)
    } else if (!reported.has(row.id)) {
      reported.add(row.id)
      console.error(`[actions] ${unreadableMessage(reading, row.kind)}; it is left out of lists.`)
    }
  }
  return actions
}

/** One action by id; an unreadable row is an error naming its fields, never passed on unchecked. */
function readOne(row: ActionRow): Action {
  const reading = readRow(row)
  if (!reading.ok) throw new AppFailure('internal', unreadableMessage(reading, row.kind), reading.issues)
  return reading.action
}

export interface ProposedAction<K extends ActionKind = ActionKind> {
  id: string
  kind: K
  ticketId: string | null
  draftId: string | null
  orderId: string | null
  payload: PayloadOf<K>
  amountCents: number | null
  currency: string | null
  eligibility: EligibilityOf<K>
  origin: ActionOrigin
  originDetail: string | null
  createdAt: string
  /** The team member who proposed it by hand (see accountOf); absent or null for everyone else. */
  proposer?: { id: string; name: string } | null
}

// One statement per filter: a single `(@x IS NULL OR col = @x)` query can use no index and read
// every action the shop ever had, on every draft that finishes.
const LIST_LIMIT = 1000
export const actionSql = {
  pending: `SELECT * FROM actions WHERE status = 'pending_approval' ORDER BY created_at, id LIMIT ?`,
  listAll: `SELECT * FROM actions ORDER BY created_at, id LIMIT ${LIST_LIMIT}`,
  listByStatus: `SELECT * FROM actions WHERE status = @status ORDER BY created_at, id LIMIT ${LIST_LIMIT}`,
  // `+status` keeps the planner on the ticket index: a ticket has a few actions, the queue may have many.
  listByTicket: `SELECT * FROM actions WHERE ticket_id = @ticketId AND (@status IS NULL OR +status = @status)
                 ORDER BY created_at, id LIMIT ${LIST_LIMIT}`,
  claimsForOrder: `SELECT * FROM actions
                   WHERE order_id = ? AND status IN ('pending_approval', 'applied') ORDER BY created_at, id`
} as const

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO actions (id, kind, status, ticket_id, draft_id, order_id, payload, amount_cents, currency,
       eligibility, origin, origin_detail, created_at, proposed_by_id, proposed_by_name)
     VALUES (@id, @kind, 'pending_approval', @ticketId, @draftId, @orderId, @payload, @amountCents, @currency,
       @eligibility, @origin, @originDetail, @createdAt, @proposedById, @proposedByName)`
  ),
  get: db.prepare('SELECT * FROM actions WHERE id = ?'),
  pending: db.prepare(actionSql.pending),
  claimsForOrder: db.prepare(actionSql.claimsForOrder)
}))

/**
 * Records a mutation a model or tool proposed; it waits for a person and is never applied here.
 * The payload and facts are checked against the kind's schema first: a row every reader can read.
 */
export function insertProposedAction<K extends ActionKind>(db: Db, action: ProposedAction<K>): void {
  const schema = actionSchemaByKind[action.kind].shape
  const { proposer, ...columns } = action
  statements(db).insert.run({
    ...columns,
    proposedById: proposer?.id ?? null,
    proposedByName: proposer?.name ?? null,
    payload: JSON.stringify(schema.payload.parse(action.payload)),
    eligibility: JSON.stringify(schema.eligibility.parse(action.eligibility))
  })
}

export function getAction(db: Db, id: string): Action | undefined {
  const row = statements(db).get.get(id) as ActionRow | undefined
  return row && readOne(row)
}

/** The approvals queue, oldest first. */
export function listPendingActions(db: Db, limit = 500): Action[] {
  return readRows(statements(db).pending.all(limit) as ActionRow[])
}

/** The actions that still count against an order: awaiting a person, or applied. */
export function listOrderActionClaims(db: Db, orderId: string): Action[] {
  return readRows(statements(db).claimsForOrder.all(orderId) as ActionRow[])
}

export type ActionDecision<K extends ActionKind = ActionKind> = {
  id: string
  kind: K
  status: 'applied' | 'rejected' | 'failed'
  decidedBy: string
  /** The team account that decided; absent or null for the desktop's owner and the CLI. */
  decidedById?: string | null
  reason: string | null
  /** What applying produced; null for a rejection (and a call that never ran). */
  result: ResultOf<K> | null
  now: string
}

const decisionStatements = statementCache((db) => ({
  decide: db.prepare(
    `UPDATE actions SET status = @status, decided_at = @now, decided_by = @decidedBy,
       decided_by_id = COALESCE(@decidedById, decided_by_id), decision_reason = @reason, result = @result
     WHERE id = @id AND status = 'pending_approval'`
  ),
  listAll: db.prepare(actionSql.listAll),
  listByStatus: db.prepare(actionSql.listByStatus),
  listByTicket: db.prepare(actionSql.listByTicket),
  pendingCount: db.prepare(`SELECT COUNT(*) AS n FROM actions WHERE status = 'pending_approval'`)
}))

/** Moves a pending action to its decided state; returns false when it was no longer pending. */
export function decideAction<K extends ActionKind>(db: Db, decision: ActionDecision<K>): boolean {
  const { kind: _kind, ...row } = decision
  const result =
    decision.result === null ? null : actionSchemaByKind[decision.kind].shape.result.parse(decision.result)
  const info = decisionStatements(db).decide.run({
    ...row,
    decidedById: decision.decidedById ?? null,
    // A decision without a result (a rejection) stores SQL NULL, not the JSON text 'null'.
    result: result === null ? null : JSON.stringify(result)
  })
  return info.changes === 1
}

/** Proposers that are not people, by what the action's origin says. */
const ORIGINS_OF: Record<'ai' | 'mcp' | 'chat' | 'cli', ActionOrigin[]> = {
  ai: ['agent', 'fallback'],
  mcp: ['mcp'],
  chat: ['chat'],
  cli: ['cli']
}
const isOriginProposer = (value: string): value is keyof typeof ORIGINS_OF =>
  Object.prototype.hasOwnProperty.call(ORIGINS_OF, value)

type ProposerShape = 'person' | 'origin' | undefined
const proposerShape = (proposedBy: string | undefined): ProposerShape =>
  proposedBy === undefined ? undefined : isOriginProposer(proposedBy) ? 'origin' : 'person'

/** The condition for "proposed by": a person's id, or a proposer that is no person (by origin). */
const proposerCondition = (shape: ProposerShape): string[] =>
  shape === 'person'
    ? ['proposed_by_id = @proposedBy']
    : shape === 'origin'
      ? ['proposed_by_id IS NULL AND origin IN (SELECT value FROM json_each(@origins))']
      : []

const proposerParams = (proposedBy: string | undefined): Record<string, string> =>
  proposedBy === undefined
    ? {}
    : isOriginProposer(proposedBy)
      ? { origins: JSON.stringify(ORIGINS_OF[proposedBy]) }
      : { proposedBy }

export interface ActionListFilter {
  status?: ActionStatus
  ticketId?: string
  /** A person's id, or `ai`, `mcp`, `chat`, `cli` (proposed by no person). */
  proposedBy?: string
  /** The deciding person's id. */
  decidedBy?: string
}

/**
 * The list query for who proposed and who decided, with the other filters. Each filter is in the
 * SQL only when used (see ticketListSql for why); the person filters start from their indexes.
 */
export function actionByPeopleSql(shape: {
  status: boolean
  ticketId: boolean
  proposedBy?: 'person' | 'origin'
  decidedBy: boolean
}): string {
  const where: string[] = []
  if (shape.decidedBy) where.push('decided_by_id = @decidedBy')
  where.push(...proposerCondition(shape.proposedBy))
  if (shape.ticketId) where.push('ticket_id = @ticketId')
  if (shape.status) where.push('+status = @status')
  return `SELECT * FROM actions WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT ${LIST_LIMIT}`
}

const byPeopleStatements = shapedStatementCache((shape: Parameters<typeof actionByPeopleSql>[0]) => ({
  list: actionByPeopleSql(shape)
}))

function listActionsByPeople(db: Db, filter: ActionListFilter): Action[] {
  const shape = {
    status: filter.status !== undefined,
    ticketId: filter.ticketId !== undefined,
    proposedBy: proposerShape(filter.proposedBy),
    decidedBy: filter.decidedBy !== undefined
  }
  const params: Record<string, unknown> = proposerParams(filter.proposedBy)
  if (shape.status) params.status = filter.status
  if (shape.ticketId) params.ticketId = filter.ticketId
  if (shape.decidedBy) params.decidedBy = filter.decidedBy
  return readRows(byPeopleStatements(db, shape).list.all(params) as ActionRow[])
}

export function listActions(db: Db, filter: ActionListFilter): Action[] {
  if (filter.proposedBy !== undefined || filter.decidedBy !== undefined)
    return listActionsByPeople(db, filter)
  const list = decisionStatements(db)
  const status = filter.status ?? null
  const rows = (
    filter.ticketId !== undefined
      ? list.listByTicket.all({ ticketId: filter.ticketId, status })
      : status !== null
        ? list.listByStatus.all({ status })
        : list.listAll.all()
  ) as ActionRow[]
  return readRows(rows)
}

export function countPendingActions(db: Db): number {
  return (decisionStatements(db).pendingCount.get() as { n: number }).n
}

export interface DecisionHistoryFilter {
  status?: readonly Exclude<ActionStatus, 'pending_approval'>[]
  kind?: readonly ActionKind[]
  decidedBy?: string
  /** As in ActionListFilter: a person's id, or a proposer that is no person. */
  proposedBy?: string
  /** Decided at or after this instant (UTC ISO). */
  from?: string
  /** Decided before this instant (UTC ISO). */
  until?: string
  limit: number
  offset: number
}

/**
 * The decision history, newest first, for one combination of filters. Each filter is in the SQL
 * only when used, so the walk stays on a decided-at index in order: all decisions by
 * actions_decided, one person's by actions_decided_by; the other filters are checked on the way.
 */
export function decisionHistorySql(shape: {
  status: boolean
  kind: boolean
  decidedBy: boolean
  from: boolean
  until: boolean
  proposedBy?: ProposerShape
}): { page: string; count: string } {
  const where = ['decided_at IS NOT NULL']
  if (shape.decidedBy) where.push('decided_by = @decidedBy')
  where.push(...proposerCondition(shape.proposedBy))
  if (shape.from) where.push('decided_at >= @from')
  if (shape.until) where.push('decided_at < @until')
  // `+status`: the status index would find every rejection ever made and sort them for one page.
  if (shape.status) where.push('+status IN (SELECT value FROM json_each(@status))')
  if (shape.kind) where.push('kind IN (SELECT value FROM json_each(@kind))')
  const whereSql = `WHERE ${where.join(' AND ')}`
  return {
    page: `SELECT * FROM actions ${whereSql} ORDER BY decided_at DESC, rowid DESC LIMIT @limit OFFSET @offset`,
    count: `SELECT COUNT(*) AS total FROM actions ${whereSql}`
  }
}

const historyStatements = shapedStatementCache(decisionHistorySql)

export function listDecidedActions(
  db: Db,
  filter: DecisionHistoryFilter
): { actions: Action[]; total: number } {
  const shape = {
    status: (filter.status?.length ?? 0) > 0,
    kind: (filter.kind?.length ?? 0) > 0,
    decidedBy: filter.decidedBy !== undefined,
    from: filter.from !== undefined,
    until: filter.until !== undefined,
    proposedBy: proposerShape(filter.proposedBy)
  }
  const prepared = historyStatements(db, shape)
  const params: Record<string, unknown> = proposerParams(filter.proposedBy)
  if (shape.status) params.status = JSON.stringify(filter.status)
  if (shape.kind) params.kind = JSON.stringify(filter.kind)
  if (shape.decidedBy) params.decidedBy = filter.decidedBy
  if (shape.from) params.from = filter.from
  if (shape.until) params.until = filter.until
  const rows = prepared.page.all({ ...params, limit: filter.limit, offset: filter.offset }) as ActionRow[]
  const { total } = prepared.count.get(params) as { total: number }
  return { actions: readRows(rows), total }
}

export const decidersSql = `SELECT DISTINCT decided_by FROM actions
  WHERE decided_at IS NOT NULL AND decided_by IS NOT NULL ORDER BY decided_by`

const deciderStatements = statementCache((db) => ({ list: db.prepare(decidersSql) }))

/** Everyone who has decided an action, for the history's "decided by" filter. */
export function listDeciders(db: Db): string[] {
  return (deciderStatements(db).list.all() as { decided_by: string }[]).map((r) => r.decided_by)
}
