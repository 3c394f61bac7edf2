import type { TicketTag } from '../../../shared/domain/ticket'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

interface TagRow {
  tag: string
  source: TicketTag['source']
  set_by: string
  set_at: string
}

const rowToTag = (row: TagRow): TicketTag => ({
  tag: row.tag,
  source: row.source,
  setBy: row.set_by,
  setAt: row.set_at
})

const statements = statementCache((db) => ({
  list: db.prepare('SELECT tag, source, set_by, set_at FROM ticket_tags WHERE ticket_id = ? ORDER BY tag'),
  get: db.prepare('SELECT tag, source, set_by, set_at FROM ticket_tags WHERE ticket_id = ? AND tag = ?'),
  // A person adding a tag triage already set makes it theirs: they stand behind it now.
  put: db.prepare(
    `INSERT INTO ticket_tags (ticket_id, tag, source, set_by, set_at) VALUES (@ticketId, @tag, @source, @setBy, @now)
     ON CONFLICT (ticket_id, tag) DO UPDATE SET source = excluded.source, set_by = excluded.set_by,
       set_at = excluded.set_at
     WHERE excluded.source = 'person' AND ticket_tags.source != 'person'`
  ),
  remove: db.prepare('DELETE FROM ticket_tags WHERE ticket_id = ? AND tag = ?'),
  removeTriage: db.prepare(`DELETE FROM ticket_tags WHERE ticket_id = ? AND source = 'triage'`)
}))

export function listTicketTags(db: Db, ticketId: string): TicketTag[] {
  return (statements(db).list.all(ticketId) as TagRow[]).map(rowToTag)
}

export function getTicketTag(db: Db, ticketId: string, tag: string): TicketTag | undefined {
  const row = statements(db).get.get(ticketId, tag) as TagRow | undefined
  return row && rowToTag(row)
}

/** Sets a tag on a ticket; true when that changed anything (a new tag, or triage's tag taken over by a person). */
export function putTicketTag(
  db: Db,
  tag: { ticketId: string; tag: string; source: TicketTag['source']; setBy: string; now: string }
): boolean {
  return statements(db).put.run(tag).changes > 0
}

/** Removes a tag; false when the ticket did not have it. */
export function removeTicketTag(db: Db, ticketId: string, tag: string): boolean {
  return statements(db).remove.run(ticketId, tag).changes > 0
}

/** Takes off the tags triage set (before it reads the ticket again); a person's stay. */
export function removeTriageTags(db: Db, ticketId: string): void {
  statements(db).removeTriage.run(ticketId)
}
