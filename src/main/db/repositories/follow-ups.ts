import type { FollowUp } from '../../../shared/domain/follow-up'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

interface FollowUpRow {
  id: string
  ticket_id: string
  draft_id: string | null
  task: string
  owner: string | null
  due_at: string
  origin: string
  created_by: string
  created_at: string
  done_at: string | null
  done_by: string | null
}

const rowToFollowUp = (row: FollowUpRow): FollowUp => ({
  id: row.id,
  ticketId: row.ticket_id,
  draftId: row.draft_id,
  task: row.task,
  owner: row.owner,
  dueAt: row.due_at,
  origin: row.origin,
  createdBy: row.created_by,
  createdAt: row.created_at,
  doneAt: row.done_at,
  doneBy: row.done_by
})

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO follow_ups (id, ticket_id, draft_id, task, owner, due_at, origin, created_by, created_at)
     VALUES (@id, @ticketId, @draftId, @task, @owner, @dueAt, @origin, @createdBy, @createdAt)`
  ),
  get: db.prepare('SELECT * FROM follow_ups WHERE id = ?'),
  forTicket: db.prepare('SELECT * FROM follow_ups WHERE ticket_id = ? ORDER BY created_at, rowid'),
  openCount: db.prepare('SELECT COUNT(*) AS n FROM follow_ups WHERE ticket_id = ? AND done_at IS NULL'),
  setDone: db.prepare(`UPDATE follow_ups SET done_at = @doneAt, done_by = @doneBy WHERE id = @id`)
}))

export type NewFollowUp = Omit<FollowUp, 'doneAt' | 'doneBy'>

export function insertFollowUp(db: Db, followUp: NewFollowUp): void {
  statements(db).insert.run(followUp)
}

export function getFollowUp(db: Db, id: string): FollowUp | undefined {
  const row = statements(db).get.get(id) as FollowUpRow | undefined
  return row && rowToFollowUp(row)
}

/** A ticket's follow-ups, oldest first, done ones included. */
export function listFollowUpsForTicket(db: Db, ticketId: string): FollowUp[] {
  return (statements(db).forTicket.all(ticketId) as FollowUpRow[]).map(rowToFollowUp)
}

export function countOpenFollowUps(db: Db, ticketId: string): number {
  return (statements(db).openCount.get(ticketId) as { n: number }).n
}

/** Done by a person (`done` null: not done after all). */
export function setFollowUpDone(db: Db, id: string, done: { at: string; by: string } | null): void {
  statements(db).setDone.run({ id, doneAt: done?.at ?? null, doneBy: done?.by ?? null })
}
