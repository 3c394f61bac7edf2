import { useId, useState, type FormEvent } from 'react'
import type { Action } from '../../../../shared/domain/action'
import { formatMoney } from '../../../../shared/domain/money'
import type { ActionForCaller } from '../../../../shared/domain/team'
import { Badge } from '../../components/Badge'
import { formatDateTime } from '../../format'
import { useFrontlineStore } from '../../store'
import { useOfflineReason } from '../../hooks/useOffline'
import { appliedRecordsOf, viewOf } from '../approvals/kinds'

function RejectReason({
  what,
  busy,
  onReject,
  onCancel
}: {
  /** What is rejected, in words: "return". */
  what: string
  busy: boolean
  onReject(reason: string): void
  onCancel(): void
}) {
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const fieldId = useId()
  const missing = reason.trim().length === 0
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    setTried(true)
    if (!missing) onReject(reason.trim())
  }
  return (
    <form className="proposal__reject" onSubmit={submit} noValidate>
      <label htmlFor={fieldId}>Reason for rejecting</label>
      <textarea
        id={fieldId}
        rows={2}
        maxLength={1000}
        value={reason}
        autoFocus
        aria-invalid={tried && missing}
        placeholder="e.g. Outside the return window"
        onChange={(event) => setReason(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel()
        }}
      />
      {tried && missing ? (
        <p className="field-error" role="alert">
          Say why the {what} is rejected; the team and the customer&apos;s record keep it.
        </p>
      ) : null}
      <span className="draft-actions">
        <button type="submit" className="button button--warn-solid" disabled={busy}>
          {busy ? 'Rejecting…' : 'Reject'}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </span>
    </form>
  )
}

function Decision({ action }: { action: Action }) {
  if (action.status === 'applied') {
    return (
      <p className="proposal__decision">
        <Badge tone="success">Approved</Badge> by {action.decidedBy ?? 'a person'}
        {action.decidedAt ? ` · ${formatDateTime(action.decidedAt)}` : ''}
        {appliedRecordsOf(action).map((record, index) => (
          <span key={record.id}>
            {index === 0 ? ' · ' : ', '}
            {record.name.toLowerCase()} <span className="mono">{record.id}</span>
          </span>
        ))}
      </p>
    )
  }
  return (
    <p className="proposal__decision">
      <Badge tone={action.status === 'rejected' ? 'muted' : 'danger'}>
        {action.status === 'rejected' ? 'Rejected' : 'Failed'}
      </Badge>{' '}
      by {action.decidedBy ?? 'a person'}
      {action.decisionReason ? `: “${action.decisionReason}”` : ''}
    </p>
  )
}

function Proposal({ action }: { action: ActionForCaller }) {
  const decision = useFrontlineStore((s) => s.actionDecisions[action.id])
  const offline = useOfflineReason()
  const approve = useFrontlineStore((s) => s.approveAction)
  const reject = useFrontlineStore((s) => s.rejectAction)
  const [rejecting, setRejecting] = useState(false)
  const view = viewOf(action)
  const reason = view.reason(action)
  const note = view.note(action)
  const pending = action.status === 'pending_approval'
  const title = `${view.label}${action.orderId ? ` for ${action.orderId}` : ''}`

  return (
    <article className={`proposal proposal--${action.status}`} aria-label={title}>
      <header className="proposal__header">
        <span className="proposal__title">{title}</span>
        {action.amount && view.amountLabel ? (
          <span className="proposal__amount">
            {view.amountLabel} <strong>{formatMoney(action.amount)}</strong>
          </span>
        ) : null}
      </header>
      {reason ? (
        <p className="proposal__reason">
          Reason: {reason}
          {note ? ` · “${note}”` : ''}
        </p>
      ) : null}
      <view.Summary action={action} />
      {decision?.error ? (
        <div className="inline-error" role="alert">
          <span>
            Could not {decision.busy ?? 'decide'} this: {decision.error.message}
          </span>
        </div>
      ) : null}
      {pending ? (
        rejecting ? (
          <RejectReason
            what={view.label.toLowerCase()}
            busy={decision?.busy === 'reject'}
            onCancel={() => setRejecting(false)}
            onReject={(reason) => void reject(action.id, reason).then((ok) => ok && setRejecting(false))}
          />
        ) : (
          <span className="draft-actions">
            {action.approvalRefusal ? (
              <span className="proposal__refusal" role="note">
                {action.approvalRefusal}
              </span>
            ) : null}
            <button
              type="button"
              className="button button--approve"
              disabled={
                (decision?.busy !== undefined && decision.busy !== null) ||
                action.approvalRefusal !== null ||
                offline !== null
              }
              title={offline ?? undefined}
              onClick={() => void approve(action.id)}
            >
              {decision?.busy === 'approve' ? 'Approving…' : 'Approve'}
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={(decision?.busy !== undefined && decision.busy !== null) || offline !== null}
              title={offline ?? undefined}
              onClick={() => setRejecting(true)}
            >
              Reject
            </button>
          </span>
        )
      ) : (
        <Decision action={action} />
      )}
    </article>
  )
}

/** Returns and refunds the AI proposed for this ticket, each decided here by a person. */
export function ProposedActions() {
  const actions = useFrontlineStore((s) => s.ticketActions)
  const reload = useFrontlineStore((s) => s.loadTicketActions)
  const list = actions.data ?? []
  if (actions.status === 'error' && actions.error && list.length === 0) {
    return (
      <div className="inline-error" role="alert">
        <span>Could not load the proposed actions: {actions.error.message}</span>
        <button type="button" className="button button--quiet button--compact" onClick={() => void reload()}>
          Retry
        </button>
      </div>
    )
  }
  if (list.length === 0) return null
  const pending = list.filter((a) => a.status === 'pending_approval').length
  return (
    <section className="panel proposals" aria-labelledby="proposals-heading">
      <h3 id="proposals-heading" className="section-title">
        Proposed actions
        {pending > 0 ? (
          <span className="section-title__count section-title__count--alert">{pending} waiting</span>
        ) : null}
      </h3>
      <div className="proposals__list">
        {list.map((action) => (
          <Proposal key={action.id} action={action} />
        ))}
      </div>
    </section>
  )
}
