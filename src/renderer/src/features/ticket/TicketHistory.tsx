import { useState } from 'react'
import type { TicketHistoryEntry } from '../../../../shared/domain/ticket'
import { formatDateTime } from '../../format'
import { statusWord } from '../../components/Badge'

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** What each kind of audit row means, as a sentence about the person who did it. */
const describers: Record<string, (detail: Record<string, unknown>) => string> = {
  'reply.sent': () => 'sent a reply written by hand',
  'draft.sent': (d) => (d.edited ? 'sent the AI draft, edited' : 'sent the AI draft'),
  'note.added': () => 'added an internal note',
  'ticket.status_changed': (d) =>
    `changed the status from ${statusWord(text(d.from))} to ${statusWord(text(d.to))}`,
  'ticket.priority_changed': (d) =>
    `changed the priority from ${statusWord(text(d.from))} to ${statusWord(text(d.to))}`,
  'ticket.tag_added': (d) =>
    `added the tag “${text(d.tag)}”${d.from === 'triage' ? ' (triage had set it)' : ''}`,
  'ticket.tag_removed': (d) =>
    `removed the tag “${text(d.tag)}”${d.source === 'triage' ? ' (set by triage)' : ''}`,
  'action.approved': () => 'approved a proposed action',
  'action.rejected': (d) => `rejected a proposed action${d.reason ? `: ${text(d.reason)}` : ''}`,
  'draft.replaced': (d) =>
    d.edited ? 'replaced an edited draft with a new one' : 'replaced the draft with a new one',
  'draft.discarded': (d) => (d.edited ? 'discarded an edited draft' : 'discarded the draft'),
  'draft.restored': () => 'restored an earlier draft',
  'draft.rewrite_accepted': () => 'kept the reply rewritten after a decision',
  'draft.rewrite_restored': () => 'restored the reply as it was before a decision',
  'follow_up.done': (d) => `marked the follow-up “${text(d.task)}” done`,
  'follow_up.reopened': (d) => `reopened the follow-up “${text(d.task)}”`
}

export const describeHistoryEntry = (entry: TicketHistoryEntry): string =>
  describers[entry.action]?.(entry.detail) ?? entry.action

/** Everything done to the ticket, by whom and when, oldest first; folded away until asked for. */
export function TicketHistory({ history }: { history: readonly TicketHistoryEntry[] }) {
  const [open, setOpen] = useState(false)
  return (
    <section className="ticket-history" aria-labelledby="ticket-history-heading">
      <h3 id="ticket-history-heading" className="section-title">
        <button type="button" className="link-like" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          History
        </button>{' '}
        <span className="section-title__count">{history.length}</span>
      </h3>
      {open ? (
        history.length === 0 ? (
          <p className="muted">Nothing has been done to this ticket yet.</p>
        ) : (
          <ol className="ticket-history__list">
            {history.map((entry) => (
              <li key={entry.id} className="ticket-history__entry">
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>{' '}
                <span className="ticket-history__actor">{entry.actor}</span> {describeHistoryEntry(entry)}
              </li>
            ))}
          </ol>
        )
      ) : null}
    </section>
  )
}
