import { useState } from 'react'
import type { Action } from '../../../../shared/domain/action'
import { formatMoney } from '../../../../shared/domain/money'
import { Badge } from '../../components/Badge'
import { formatAge, formatDateTime } from '../../format'
import type { QueueDecision } from '../../store/approvals-slice'
import { describeOrigin } from './action-words'
import { viewOf } from './kinds'
import { useOfflineReason } from '../../hooks/useOffline'
import { RejectForm } from './RejectForm'

interface ActionCardProps {
  action: Action
  /** Why this person may not approve it (above their cap, four eyes); null when they may. */
  refusal?: string | null
  decision: QueueDecision | undefined
  now: number
  onApprove(): void
  onReject(reason: string): void
  onOpenTicket(ticketId: string): void
  onDismissError(): void
}

export function ActionCard({
  action,
  refusal = null,
  decision,
  now,
  onApprove,
  onReject,
  onOpenTicket,
  onDismissError
}: ActionCardProps) {
  const [rejecting, setRejecting] = useState(false)
  const view = viewOf(action)
  const { lead, target } = view.heading(action)
  const reason = view.reason(action)
  const note = view.note(action)
  const kind = view.label
  const subject = `${lead.toLowerCase()} ${target}`
  const busy = decision?.state === 'approving' || decision?.state === 'rejecting'
  const offline = useOfflineReason()
  const headingId = `action-${action.id}-heading`

  return (
    <article className="action-card" aria-labelledby={headingId} aria-busy={busy}>
      <header className="action-card__header">
        <div className="action-card__title-row">
          <h3 id={headingId} className="action-card__title">
            <span className="visually-hidden">{lead} </span>
            <span aria-hidden="true">
              <Badge tone={view.tone}>{kind}</Badge>
            </span>
            <span className="mono">{target}</span>
          </h3>
          {action.amount && view.amountLabel ? (
            <p className="action-card__amount">
              <span className="action-card__amount-label">{view.amountLabel}</span>
              {formatMoney(action.amount)}
            </p>
          ) : null}
        </div>
        <p className="action-card__meta">
          <span>
            Proposed by <strong>{action.proposedByName ?? describeOrigin(action)}</strong>
          </span>
          <span aria-hidden="true">·</span>
          <time dateTime={action.createdAt} title={formatDateTime(action.createdAt)}>
            {formatAge(action.createdAt, now) === 'just now'
              ? 'just now'
              : `${formatAge(action.createdAt, now)} ago`}
          </time>
          {reason ? (
            <>
              <span aria-hidden="true">·</span>
              <span>
                Reason: <strong>{reason}</strong>
              </span>
            </>
          ) : null}
        </p>
      </header>

      {note ? <blockquote className="action-card__note">{note}</blockquote> : null}

      <div className="action-card__body">
        <view.Details action={action} now={now} />
      </div>

      {decision?.state === 'failed' ? (
        <div className="action-card__error" role="alert">
          <div>
            <p className="action-card__error-title">
              Could not {decision.attempted} this {kind.toLowerCase()}.
            </p>
            <p>{decision.error.message}</p>
          </div>
          <div className="action-card__error-actions">
            {decision.attempted === 'approve' ? (
              <button type="button" className="button button--quiet" onClick={onApprove}>
                Retry
              </button>
            ) : null}
            <button type="button" className="button button--quiet" onClick={onDismissError}>
              Dismiss
            </button>
          </div>
        </div>
      ) : null}

      <footer className="action-card__footer">
        {rejecting ? (
          <RejectForm
            subject={subject}
            busy={decision?.state === 'rejecting'}
            onReject={onReject}
            onCancel={() => setRejecting(false)}
          />
        ) : (
          <div className="action-card__buttons">
            {refusal ? (
              <p className="action-card__refusal" role="note">
                {refusal}
              </p>
            ) : null}
            <button
              type="button"
              className="button button--approve"
              onClick={onApprove}
              disabled={busy || refusal !== null || offline !== null}
              title={offline ?? undefined}
            >
              {decision?.state === 'approving' ? 'Approving…' : 'Approve'}
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => setRejecting(true)}
              disabled={busy || offline !== null}
              title={offline ?? undefined}
            >
              Reject
            </button>
          </div>
        )}
        {action.ticketId ? (
          <p className="action-card__source">
            From{' '}
            {action.draftId ? (
              <span title={action.draftId}>
                the {action.origin === 'fallback' ? 'fallback ' : ''}draft on{' '}
              </span>
            ) : null}
            <button type="button" className="link-button" onClick={() => onOpenTicket(action.ticketId!)}>
              ticket {action.ticketId}
            </button>
          </p>
        ) : (
          <p className="action-card__source muted">Not linked to a ticket</p>
        )}
      </footer>
    </article>
  )
}
