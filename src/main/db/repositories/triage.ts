import type { TicketPriority } from '../../../shared/domain/ticket'
import type { TicketIntent, TicketTriage, TriageSource } from '../../../shared/domain/triage'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/** The triage columns as the ticket list selects them (prefixed `tr_`, beside the ticket's own). */
export interface TriageColumns {
  tr_state: TicketTriage['state'] | null
  tr_intent: TicketIntent | null
  tr_language: string | null
  tr_summary: string | null
  tr_priority: TicketPriority | null
  tr_source: TriageSource | null
  tr_model: string | null
  tr_note: string | null
  tr_triaged_at: string | null
  tr_intent_set_by: string | null
  tr_language_set_by: string | null
  tr_priority_set_by: string | null
}

export const TRIAGE_COLUMNS = `tr.state AS tr_state, tr.intent AS tr_intent, tr.language AS tr_language,
  tr.summary AS tr_summary, tr.priority AS tr_priority, tr.source AS tr_source, tr.model AS tr_model,
  tr.note AS tr_note, tr.triaged_at AS tr_triaged_at, tr.intent_set_by AS tr_intent_set_by,
  tr.language_set_by AS tr_language_set_by, tr.priority_set_by AS tr_priority_set_by`

/** A ticket stored before the triage queue existed (or whose row was lost) reads as waiting for triage. */
export const rowToTriage = (row: TriageColumns): TicketTriage => ({
  state: row.tr_state ?? 'pending',
  intent: row.tr_intent,
  language: row.tr_language,
  summary: row.tr_summary,
  priority: row.tr_priority,
  source: row.tr_source,
  model: row.tr_model,
  note: row.tr_note,
  triagedAt: row.tr_triaged_at,
  intentSetBy: row.tr_intent_set_by,
  languageSetBy: row.tr_language_set_by,
  prioritySetBy: row.tr_priority_set_by
})

/** What the worker needs to read a ticket: its words and whom it is from. */
export interface TriageSubject {
  ticketId: string
  subject: string
  channel: 'email' | 'chat' | 'web'
  customerId: string | null
  createdAt: string
  priority: TicketPriority
  /** The customer's turns, oldest first (never the team's notes). */
  customerText: string[]
}

export interface TriageWrite {
  ticketId: string
  intent: TicketIntent
  language: string
  summary: string
  priority: TicketPriority
  source: TriageSource
  model: string | null
  note: string | null
  now: string
}

const statements = statementCache((db) => ({
  queued: db.prepare(
    `SELECT ticket_id FROM ticket_triage WHERE state = 'pending' ORDER BY ticket_id LIMIT ?`
  ),
  claim: db.prepare(
    `UPDATE ticket_triage SET state = 'running', claimed_by = @owner WHERE ticket_id = @ticketId AND state = 'pending'`
  ),
  // A claim whose core is gone (crashed mid-triage) goes back to the queue.
  releaseOrphans: db.prepare(
    `UPDATE ticket_triage SET state = 'pending', claimed_by = NULL
     WHERE state = 'running' AND (claimed_by IS NULL OR claimed_by NOT IN (SELECT id FROM core_instances))`
  ),
  anyOrphans: db.prepare(
    `SELECT EXISTS (SELECT 1 FROM ticket_triage
       WHERE state = 'running' AND (claimed_by IS NULL OR claimed_by NOT IN (SELECT id FROM core_instances))) AS found`
  ),
  releaseOwn: db.prepare(
    `UPDATE ticket_triage SET state = 'pending', claimed_by = NULL WHERE state = 'running' AND claimed_by = ?`
  ),
  subject: db.prepare(
    `SELECT t.id, t.subject, t.channel, t.customer_id, t.created_at, t.priority FROM tickets t WHERE t.id = ?`
  ),
  customerText: db.prepare(
    `SELECT body FROM messages WHERE ticket_id = ? AND author = 'customer' AND internal = 0 ORDER BY created_at, id LIMIT 20`
  ),
  // A field a person set stays theirs: triage writes only those nobody changed.
  done: db.prepare(
    `UPDATE ticket_triage SET state = 'done', claimed_by = NULL, summary = @summary, priority = @priority,
       source = @source, model = @model, note = @note, triaged_at = @now,
       intent = CASE WHEN intent_set_by IS NULL THEN @intent ELSE intent END,
       language = CASE WHEN language_set_by IS NULL THEN @language ELSE language END
     WHERE ticket_id = @ticketId`
  ),
  fail: db.prepare(
    `UPDATE ticket_triage SET state = 'failed', claimed_by = NULL, note = @note, triaged_at = @now
     WHERE ticket_id = @ticketId`
  ),
  requeue: db.prepare(
    `INSERT INTO ticket_triage (ticket_id) VALUES (?)
     ON CONFLICT (ticket_id) DO UPDATE SET state = 'pending', claimed_by = NULL`
  ),
  prioritySetBy: db.prepare('SELECT priority_set_by FROM ticket_triage WHERE ticket_id = ?'),
  ensure: db.prepare(`INSERT OR IGNORE INTO ticket_triage (ticket_id, state) VALUES (?, 'pending')`),
  setIntent: db.prepare(
    'UPDATE ticket_triage SET intent = @value, intent_set_by = @by WHERE ticket_id = @ticketId'
  ),
  setLanguage: db.prepare(
    'UPDATE ticket_triage SET language = @value, language_set_by = @by WHERE ticket_id = @ticketId'
  ),
  setPriorityBy: db.prepare('UPDATE ticket_triage SET priority_set_by = @by WHERE ticket_id = @ticketId'),
  language: db.prepare('SELECT language, intent FROM ticket_triage WHERE ticket_id = ?')
}))

/** Tickets waiting for triage, a batch at a time. */
export function queuedForTriage(db: Db, limit: number): string[] {
  return (statements(db).queued.all(limit) as { ticket_id: string }[]).map((r) => r.ticket_id)
}

/** Takes a queued ticket for this core; false when another core (or an earlier pass) has it. */
export function claimForTriage(db: Db, ticketId: string, owner: string): boolean {
  return statements(db).claim.run({ ticketId, owner }).changes === 1
}

/**
 * Claims of a core that is gone go back to the queue. Looked for first with a read: a core starts
 * beside others in one process (the CLI's tests, a command run while `serve` is up), and a write
 * here would wait on their open turn while blocking the thread that would commit it.
 */
export function releaseOrphanedTriage(db: Db): number {
  const s = statements(db)
  if ((s.anyOrphans.get() as { found: number }).found === 0) return 0
  return s.releaseOrphans.run().changes
}

/** What a closing core claimed and did not finish goes back to the queue. */
export function releaseTriageClaims(db: Db, owner: string): void {
  statements(db).releaseOwn.run(owner)
}

export function triageSubject(db: Db, ticketId: string): TriageSubject | undefined {
  const s = statements(db)
  const row = s.subject.get(ticketId) as
    | {
        id: string
        subject: string
        channel: TriageSubject['channel']
        customer_id: string | null
        created_at: string
        priority: TicketPriority
      }
    | undefined
  if (!row) return undefined
  return {
    ticketId: row.id,
    subject: row.subject,
    channel: row.channel,
    customerId: row.customer_id,
    createdAt: row.created_at,
    priority: row.priority,
    customerText: (s.customerText.all(ticketId) as { body: string }[]).map((m) => m.body)
  }
}

export function writeTriage(db: Db, write: TriageWrite): void {
  statements(db).done.run(write)
}

export function failTriage(db: Db, ticketId: string, note: string, now: string): void {
  statements(db).fail.run({ ticketId, note, now })
}

/** Puts a ticket back in the queue (a person asked to triage it again). */
export function requeueTriage(db: Db, ticketId: string): void {
  statements(db).requeue.run(ticketId)
}

/** The person who set the ticket's priority by hand, if one did. */
export function prioritySetBy(db: Db, ticketId: string): string | null {
  const row = statements(db).prioritySetBy.get(ticketId) as { priority_set_by: string | null } | undefined
  return row?.priority_set_by ?? null
}

export type PersonTriageField = 'intent' | 'language' | 'priority'

/** A person's change of a triaged field: it wins over triage now and later. */
export function setTriageFieldByPerson(
  db: Db,
  ticketId: string,
  field: PersonTriageField,
  value: string | null,
  by: string
): void {
  const s = statements(db)
  s.ensure.run(ticketId)
  if (field === 'priority') s.setPriorityBy.run({ ticketId, by })
  else (field === 'intent' ? s.setIntent : s.setLanguage).run({ ticketId, value, by })
}

/** The ticket's language and intent as triage (or a person) set them. */
export function ticketLanguageAndIntent(
  db: Db,
  ticketId: string
): { language: string | null; intent: TicketIntent | null } {
  const row = statements(db).language.get(ticketId) as
    { language: string | null; intent: TicketIntent | null } | undefined
  return { language: row?.language ?? null, intent: row?.intent ?? null }
}
