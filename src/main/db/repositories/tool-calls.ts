import { Caller } from '../../../shared/domain/caller'
import type { ToolCallTrace } from '../../../shared/domain/draft'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

export interface ToolCallRecord {
  draftId: string | null
  ticketId: string | null
  origin: 'agent' | 'fallback' | 'mcp' | 'cli' | 'chat'
  caller: Caller
  callId: string | null
  round: number
  tool: string
  arguments: unknown
  result: unknown
  status: 'ok' | 'error' | 'proposed'
  durationMs: number
  createdAt: string
}

interface ToolCallRow {
  id: number
  round: number
  tool: string
  origin: string
  caller: string | null
  arguments: string
  result: string
  status: 'ok' | 'error' | 'proposed'
  duration_ms: number
  created_at: string
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO tool_calls (draft_id, ticket_id, origin, caller, call_id, round, tool, arguments, result, status, duration_ms, created_at)
     VALUES (@draftId, @ticketId, @origin, @caller, @callId, @round, @tool, @arguments, @result, @status, @durationMs, @createdAt)`
  ),
  forDraft: db.prepare(
    'SELECT id, round, tool, origin, caller, arguments, result, status, duration_ms, created_at FROM tool_calls WHERE draft_id = ? ORDER BY id'
  )
}))

export function insertToolCall(db: Db, record: ToolCallRecord): void {
  statements(db).insert.run({
    ...record,
    caller: JSON.stringify(record.caller),
    arguments: JSON.stringify(record.arguments ?? null),
    result: JSON.stringify(record.result ?? null)
  })
}

export function listToolCallsForDraft(db: Db, draftId: string): ToolCallTrace[] {
  const rows = statements(db).forDraft.all(draftId) as ToolCallRow[]
  return rows.map((row) => ({
    id: row.id,
    round: row.round,
    tool: row.tool,
    origin: row.origin,
    caller: row.caller === null ? null : (Caller.safeParse(parseJson(row.caller)).data ?? null),
    arguments: parseJson(row.arguments),
    result: parseJson(row.result),
    status: row.status,
    durationMs: row.duration_ms,
    createdAt: row.created_at
  }))
}
