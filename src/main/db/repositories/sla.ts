import type { SlaClockState, TicketSla } from '../../../shared/domain/sla'
import type { TicketPriority, TicketStatus } from '../../../shared/domain/ticket'
import type { SlaComputation, SlaTicket } from '../../sla/sla-clock'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/** The SLA columns as the ticket list selects them (prefixed `sla_`). */
export interface SlaColumns {
  sla_computed_at: string | null
  sla_fr_state: SlaClockState | null
  sla_fr_target_ms: number | null
  sla_fr_due_at: string | null
  sla_fr_at: string | null
  sla_res_state: SlaClockState | null
  sla_res_target_ms: number | null
  sla_res_due_at: string | null
  sla_resolved_at: string | null
  sla_next_kind: TicketSla['nextDueKind']
  sla_next_due_at: string | null
  sla_next_at_risk_at: string | null
}

export const SLA_COLUMNS = `sla.computed_at AS sla_computed_at, sla.first_response_state AS sla_fr_state,
  sla.first_response_target_ms AS sla_fr_target_ms, sla.first_response_due_at AS sla_fr_due_at,
  sla.first_response_at AS sla_fr_at, sla.resolution_state AS sla_res_state,
  sla.resolution_target_ms AS sla_res_target_ms, sla.resolution_due_at AS sla_res_due_at,
  sla.resolved_at AS sla_resolved_at, sla.next_due_kind AS sla_next_kind, sla.next_due_at AS sla_next_due_at,
  sla.next_at_risk_at AS sla_next_at_risk_at`

const minutes = (ms: number | null): number | null => (ms === null ? null : ms / 60_000)

export const rowToSla = (row: SlaColumns): TicketSla | null =>
  row.sla_computed_at === null
    ? null
    : {
        nextDueKind: row.sla_next_kind,
        nextDueAt: row.sla_next_due_at,
        atRiskAt: row.sla_next_at_risk_at,
        firstResponse: {
          state: row.sla_fr_state ?? 'none',
          targetMinutes: minutes(row.sla_fr_target_ms),
          dueAt: row.sla_fr_due_at,
          at: row.sla_fr_at
        },
        resolution: {
          state: row.sla_res_state ?? 'none',
          targetMinutes: minutes(row.sla_res_target_ms),
          dueAt: row.sla_res_due_at,
          at: row.sla_resolved_at
        }
      }

const statements = statementCache((db) => ({
  dirty: db.prepare('SELECT ticket_id FROM ticket_sla WHERE dirty = 1 LIMIT ?'),
  ticket: db.prepare('SELECT created_at, priority, channel FROM tickets WHERE id = ?'),
  changes: db.prepare('SELECT status, at FROM ticket_status_changes WHERE ticket_id = ? ORDER BY id'),
  firstReply: db.prepare(
    `SELECT MIN(created_at) AS at FROM messages WHERE ticket_id = ? AND author = 'agent' AND internal = 0`
  ),
  write: db.prepare(
    `UPDATE ticket_sla SET dirty = 0, computed_at = @now,
       first_response_state = @frState, first_response_target_ms = @frTarget, first_response_due_at = @frDue,
       first_response_at = @frAt, resolution_state = @resState, resolution_target_ms = @resTarget,
       resolution_due_at = @resDue, resolved_at = @resAt, next_due_kind = @nextKind, next_due_at = @nextDue,
       next_at_risk_at = @nextAtRisk
     WHERE ticket_id = @ticketId`
  ),
  // A ticket whose row is missing (stored by a version without the trigger) is computed too.
  ensureAll: db.prepare(
    `INSERT INTO ticket_sla (ticket_id) SELECT id FROM tickets WHERE id NOT IN (SELECT ticket_id FROM ticket_sla)`
  ),
  dirtyAll: db.prepare('UPDATE ticket_sla SET dirty = 1 WHERE dirty = 0'),
  forget: db.prepare('UPDATE ticket_sla SET dirty = 0 WHERE ticket_id = ?')
}))

export function dirtySlaTickets(db: Db, limit: number): string[] {
  return (statements(db).dirty.all(limit) as { ticket_id: string }[]).map((r) => r.ticket_id)
}

/** What the SLA clocks are computed from; undefined for a ticket that is gone. */
export function slaTicket(db: Db, ticketId: string): SlaTicket | undefined {
  const s = statements(db)
  const row = s.ticket.get(ticketId) as
    { created_at: string; priority: TicketPriority; channel: SlaTicket['channel'] } | undefined
  if (!row) return undefined
  const changes = s.changes.all(ticketId) as { status: TicketStatus; at: string }[]
  const reply = s.firstReply.get(ticketId) as { at: string | null }
  return {
    createdAt: row.created_at,
    priority: row.priority,
    channel: row.channel,
    statusChanges: changes,
    firstResponseAt: reply.at
  }
}

export function writeSla(db: Db, ticketId: string, sla: SlaComputation, now: string): void {
  statements(db).write.run({
    ticketId,
    now,
    frState: sla.firstResponse.state,
    frTarget: sla.firstResponse.targetMs,
    frDue: sla.firstResponse.dueAt,
    frAt: sla.firstResponse.completedAt,
    resState: sla.resolution.state,
    resTarget: sla.resolution.targetMs,
    resDue: sla.resolution.dueAt,
    resAt: sla.resolution.completedAt,
    nextKind: sla.nextDueKind,
    nextDue: sla.nextDueAt,
    nextAtRisk: sla.nextAtRiskAt
  })
}

/** A ticket that vanished between the look-up and the computation is left alone. */
export function forgetSla(db: Db, ticketId: string): void {
  statements(db).forget.run(ticketId)
}

/** Every ticket is computed again (the policy changed). */
export function recomputeAllSla(db: Db): void {
  const s = statements(db)
  s.ensureAll.run()
  s.dirtyAll.run()
}
