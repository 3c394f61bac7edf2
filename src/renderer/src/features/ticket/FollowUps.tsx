import type { FollowUp } from '../../../../shared/domain/follow-up'
import { ownerName } from '../../../../shared/domain/follow-up'
import { Badge } from '../../components/Badge'
import { formatDateTime } from '../../format'
import { useNow } from '../../hooks/useNow'
import { useOfflineReason } from '../../hooks/useOffline'
import { useFrontlineStore } from '../../store'

/** What the team promised the customer it would do on this ticket, with who and by when. */
export function FollowUps({ followUps }: { followUps: readonly FollowUp[] }) {
  const setDone = useFrontlineStore((s) => s.setFollowUpDone)
  const work = useFrontlineStore((s) => s.ticketWork)
  const offline = useOfflineReason()
  const now = useNow(60_000)
  if (followUps.length === 0) return null
  return (
    <section className="panel follow-ups" aria-labelledby="follow-ups-heading">
      <h3 id="follow-ups-heading" className="section-title">
        Follow-ups <span className="section-title__count">{followUps.filter((f) => !f.doneAt).length}</span>
      </h3>
      <ul className="follow-ups__list">
        {followUps.map((f) => {
          const overdue = !f.doneAt && Date.parse(f.dueAt) < now
          return (
            <li key={f.id} className={`follow-ups__item${f.doneAt ? ' follow-ups__item--done' : ''}`}>
              <span className="follow-ups__task" dir="auto">
                {f.task}
              </span>
              <span className="muted">
                {ownerName(f)} · due <time dateTime={f.dueAt}>{formatDateTime(f.dueAt)}</time> · by{' '}
                {f.createdBy}
              </span>
              {overdue ? <Badge tone="danger">Overdue</Badge> : null}
              {f.doneAt ? (
                <span className="muted">
                  done by {f.doneBy ?? 'a person'} · {formatDateTime(f.doneAt)}
                </span>
              ) : null}
              <button
                type="button"
                className="button button--quiet button--compact"
                disabled={work.busy !== null || offline !== null}
                title={offline ?? undefined}
                onClick={() => void setDone(f.id, !f.doneAt)}
              >
                {f.doneAt ? 'Reopen' : 'Mark done'}
              </button>
            </li>
          )
        })}
      </ul>
      {work.failed?.work === 'followUp' ? (
        <p className="inline-error" role="alert">
          Could not change the follow-up: {work.failed.error.message}
        </p>
      ) : null}
    </section>
  )
}
