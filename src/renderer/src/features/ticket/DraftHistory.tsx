import { useState } from 'react'
import type { DraftHistoryEntry } from '../../../../shared/domain/draft'
import { StateBadge } from '../../components/Badge'
import { ErrorNotice } from '../../components/ErrorNotice'
import { formatDateTime, plural } from '../../format'
import { useFrontlineStore } from '../../store'

/** A set-aside draft can come back unless a newer reply already went to the customer. */
function restorable(entry: DraftHistoryEntry, all: readonly DraftHistoryEntry[]): boolean {
  if (entry.status !== 'discarded') return false
  return !all.some((other) => other.status === 'sent' && other.createdAt >= entry.createdAt)
}

function HistoryEntry({ entry, all }: { entry: DraftHistoryEntry; all: readonly DraftHistoryEntry[] }) {
  const restore = useFrontlineStore((s) => s.restoreDraft)
  const busy = useFrontlineStore((s) => s.draftOp.busy)
  return (
    <li className="draft-history__entry" data-draft-id={entry.id}>
      <p className="draft-meta">
        <StateBadge value={entry.status} label="Draft status" />
        <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
        {entry.editedBy ? <span>edited by {entry.editedBy}</span> : null}
        {entry.discardedReason ? <span>{entry.discardedReason}</span> : null}
      </p>
      <pre className="draft-history__body" dir="auto">
        {entry.body || '(no text)'}
      </pre>
      {entry.revisions.map((revision) => (
        <details key={revision.id} className="draft-history__revision">
          <summary>
            Rewritten after a decision · {formatDateTime(revision.at)}
            {revision.review ? ` · ${revision.review} by ${revision.reviewedBy ?? 'a person'}` : ''}
          </summary>
          <pre className="draft-history__body" dir="auto">
            {revision.bodyBefore}
          </pre>
        </details>
      ))}
      {restorable(entry, all) ? (
        <button
          type="button"
          className="button button--quiet button--compact"
          disabled={busy}
          onClick={() => void restore(entry.id)}
        >
          Restore this draft
        </button>
      ) : null}
    </li>
  )
}

/** Every draft of the ticket, replaced and discarded ones too: nothing a person wrote is lost. */
export function DraftHistory() {
  const history = useFrontlineStore((s) => s.draftHistory)
  const load = useFrontlineStore((s) => s.loadDraftHistory)
  const [open, setOpen] = useState(false)
  const entries = history.data ?? []
  const toggle = (): void => {
    if (!open) void load()
    setOpen(!open)
  }
  return (
    <div className="draft-history">
      <button type="button" className="link-like" aria-expanded={open} onClick={toggle}>
        {open ? 'Hide earlier drafts' : 'Show earlier drafts'}
      </button>
      {open && history.error ? (
        <ErrorNotice what="the draft history" error={history.error} onRetry={() => void load()} />
      ) : null}
      {open && history.data ? (
        <section aria-label="Earlier drafts">
          <p className="muted">{plural(entries.length, 'draft')}, newest first</p>
          <ol className="draft-history__list">
            {entries.map((entry) => (
              <HistoryEntry key={entry.id} entry={entry} all={entries} />
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  )
}
