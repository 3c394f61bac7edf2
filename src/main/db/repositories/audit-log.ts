import type { TicketHistoryEntry } from '../../../shared/domain/ticket'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

export interface AuditEntry {
  at: string
  /** The name shown: a person's, or the CLI's --by, or what acted (auto-assignment). */
  actor: string
  /** The team account behind `actor`, when a signed-in person acted. */
  actorId?: string | null
  action: string
  subjectType: string
  subjectId: string
  detail?: Record<string, unknown>
}

/**
 * A ticket's history: what was done to it, to its drafts (sent) and to its actions (decided), oldest
 * first. Each part is a probe of the subject index; drafts and actions are found by their ticket.
 */
export const ticketHistorySql = `SELECT id, at, actor, action, detail FROM audit_log
  WHERE subject_type = 'ticket' AND subject_id = @ticketId
  UNION ALL
  SELECT id, at, actor, action, detail FROM audit_log
  WHERE subject_type = 'draft' AND subject_id IN (SELECT id FROM drafts WHERE ticket_id = @ticketId)
  UNION ALL
  SELECT id, at, actor, action, detail FROM audit_log
  WHERE subject_type = 'action' AND subject_id IN (SELECT id FROM actions WHERE ticket_id = @ticketId)
  ORDER BY at, id`

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO audit_log (at, actor, actor_id, action, subject_type, subject_id, detail)
     VALUES (@at, @actor, @actorId, @action, @subjectType, @subjectId, @detail)`
  ),
  forTicket: db.prepare(ticketHistorySql),
  forSubject: db.prepare(
    'SELECT at, actor, actor_id, action, subject_type, subject_id, detail FROM audit_log WHERE subject_type = ? AND subject_id = ? ORDER BY id'
  )
}))

export function writeAudit(db: Db, entry: AuditEntry): void {
  statements(db).insert.run({
    ...entry,
    actorId: entry.actorId ?? null,
    detail: JSON.stringify(entry.detail ?? {})
  })
}

export function listAuditFor(db: Db, subjectType: string, subjectId: string): AuditEntry[] {
  const rows = statements(db).forSubject.all(subjectType, subjectId) as {
    at: string
    actor: string
    actor_id: string | null
    action: string
    subject_type: string
    subject_id: string
    detail: string
  }[]
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    actorId: r.actor_id,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>
  }))
}

export function listTicketHistory(db: Db, ticketId: string): TicketHistoryEntry[] {
  const rows = statements(db).forTicket.all({ ticketId }) as {
    id: number
    at: string
    actor: string
    action: string
    detail: string
  }[]
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }))
}
