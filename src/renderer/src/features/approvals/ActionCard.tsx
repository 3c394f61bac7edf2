import { useState } from 'react'
import type { Action } from '../../../../shared/domain/action'
import { formatMoney } from '../../../../shared/domain/money'
import { Badge, StateBadge } from '../../components/Badge'
import { formatAge, formatDate, formatDateTime } from '../../format'
import type { QueueDecision } from '../../store/approvals-slice'
import {
  describeKind,
  describeOrigin,
  readActionDetails,
  readExternalCall,
  reasonWords,
  type ActionDetails,
  type ExternalCall
} from './action-details'
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

const DAY_MS = 86_400_000

function ReturnItems({ details, action }: { details: ActionDetails; action: Action }) {
  return (
    <div className="action-card__block">
      <h4 className="action-card__block-title">Items to return</h4>
      {details.lines.length === 0 ? (
        <p className="muted">The proposal lists no items.</p>
      ) : (
        <table className="action-items">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Unit price
              </th>
              <th scope="col" className="num">
                Refund
              </th>
            </tr>
          </thead>
          <tbody>
            {details.lines.map((line) => (
              <tr key={line.key}>
                <td>
                  <span className="action-items__name">{line.name}</span>
                  {line.productId ? <span className="action-items__sku mono">{line.productId}</span> : null}
                </td>
                <td className="num">{line.quantity}</td>
                <td className="num">{line.unitPrice ? formatMoney(line.unitPrice) : '—'}</td>
                <td className="num">{line.lineTotal ? formatMoney(line.lineTotal) : '—'}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {details.shippingRefund && details.shippingRefund.amount > 0 ? (
              <tr>
                <th scope="row" colSpan={3}>
                  Shipping
                </th>
                <td className="num">{formatMoney(details.shippingRefund)}</td>
              </tr>
            ) : null}
            <tr className="action-items__total">
              <th scope="row" colSpan={3}>
                Refund total
              </th>
              <td className="num">{action.amount ? formatMoney(action.amount) : '—'}</td>
            </tr>
          </tfoot>
        </table>
      )}
      {details.refundNotes.length > 0 ? (
        <ul className="action-card__notes">
          {details.refundNotes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

function windowState(
  details: ActionDetails,
  now: number
): { tone: 'success' | 'warning' | 'danger'; words: string } | null {
  const closes = details.facts?.window_closes_at ? Date.parse(details.facts.window_closes_at) : NaN
  if (Number.isNaN(closes)) return null
  const daysLeft = Math.floor((closes - now) / DAY_MS)
  if (closes < now) return { tone: 'danger', words: 'Window closed since proposed' }
  if (daysLeft < 1) return { tone: 'warning', words: 'Window closes today' }
  if (daysLeft <= 3)
    return { tone: 'warning', words: `Window closes in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}` }
  return { tone: 'success', words: `${daysLeft} days left in window` }
}

function EligibilityFacts({ details, now }: { details: ActionDetails; now: number }) {
  const facts = details.facts
  if (!facts) {
    return (
      <div className="action-card__block">
        <h4 className="action-card__block-title">Eligibility</h4>
        <p className="muted">No eligibility facts were recorded with this proposal.</p>
      </div>
    )
  }
  const window = windowState(details, now)
  return (
    <div className="action-card__block">
      <h4 className="action-card__block-title">
        Eligibility
        {window ? <Badge tone={window.tone}>{window.words}</Badge> : null}
      </h4>
      <dl className="facts facts--compact action-card__facts">
        {facts.order_status ? (
          <div>
            <dt>Order status</dt>
            <dd>
              <StateBadge value={facts.order_status} label="Order status" />
            </dd>
          </div>
        ) : null}
        {facts.delivered_at ? (
          <div>
            <dt>Delivered</dt>
            <dd>
              <time dateTime={facts.delivered_at}>{formatDate(facts.delivered_at)}</time>
              {facts.days_since_delivery !== undefined ? (
                <span className="muted">
                  {' '}
                  · {facts.days_since_delivery} {facts.days_since_delivery === 1 ? 'day' : 'days'} before the
                  request
                </span>
              ) : null}
            </dd>
          </div>
        ) : null}
        {facts.window_days !== undefined ? (
          <div>
            <dt>Return window</dt>
            <dd>
              {facts.window_days} days
              {facts.window_closes_at ? (
                <span className="muted">
                  {' '}
                  · closes <time dateTime={facts.window_closes_at}>{formatDate(facts.window_closes_at)}</time>
                </span>
              ) : null}
            </dd>
          </div>
        ) : null}
        {facts.checked_at ? (
          <div>
            <dt>Checked</dt>
            <dd>
              <time dateTime={facts.checked_at}>{formatDateTime(facts.checked_at)}</time>
            </dd>
          </div>
        ) : null}
      </dl>
      {facts.items && facts.items.length > 0 ? (
        <ul className="action-card__claims" aria-label="Items on the order">
          {facts.items.map((item, index) => (
            <li key={item.item_id ?? index}>
              <span className="action-card__claim-name">
                {item.name ?? `Item ${item.item_id ?? index + 1}`}
              </span>
              <span className="muted">
                {item.requested ?? 0} of {item.ordered ?? '?'} requested
                {item.already_returned ? ` · ${item.already_returned} already returned` : ''}
                {item.pending_in_other_actions
                  ? ` · ${item.pending_in_other_actions} in other proposals`
                  : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

function ExternalCallDetails({ call }: { call: ExternalCall }) {
  return (
    <div className="action-card__block action-card__block--wide">
      <h4 className="action-card__block-title">
        Call <span className="mono">{call.tool}</span> on {call.server}
        {call.hints.map((hint) => (
          <Badge key={hint} tone={hint.startsWith('may') ? 'warning' : 'neutral'}>
            {hint}
          </Badge>
        ))}
      </h4>
      {call.title ? <p className="action-card__call-title">{call.title}</p> : null}
      <pre className="action-card__arguments" aria-label="Arguments">
        {JSON.stringify(call.arguments, null, 2)}
      </pre>
    </div>
  )
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
  const details = readActionDetails(action)
  const externalCall = action.kind === 'external_tool' ? readExternalCall(action) : null
  const kind = describeKind(action)
  const target = externalCall
    ? `${externalCall.tool} on ${externalCall.server}`
    : `order ${action.orderId ?? 'unknown'}`
  const subject = `${kind.toLowerCase()} ${externalCall ? 'call' : 'for'} ${target}`
  const busy = decision?.state === 'approving' || decision?.state === 'rejecting'
  const headingId = `action-${action.id}-heading`

  return (
    <article className="action-card" aria-labelledby={headingId} aria-busy={busy}>
      <header className="action-card__header">
        <div className="action-card__title-row">
          <h3 id={headingId} className="action-card__title">
            <span className="visually-hidden">{externalCall ? `${kind} call:` : `${kind} for order`} </span>
            <span aria-hidden="true">
              <Badge tone={externalCall ? 'warning' : 'info'}>{kind}</Badge>
            </span>
            <span className="mono">{externalCall ? target : (action.orderId ?? 'No order')}</span>
          </h3>
          {action.amount ? (
            <p className="action-card__amount">
              <span className="action-card__amount-label">Refund</span>
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
          {details.reason ? (
            <>
              <span aria-hidden="true">·</span>
              <span>
                Reason: <strong>{reasonWords(details.reason)}</strong>
              </span>
            </>
          ) : null}
        </p>
      </header>

      {details.note ? <blockquote className="action-card__note">{details.note}</blockquote> : null}

      <div className="action-card__body">
        {externalCall ? (
          <ExternalCallDetails call={externalCall} />
        ) : (
          <>
            <ReturnItems details={details} action={action} />
            <EligibilityFacts details={details} now={now} />
          </>
        )}
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
              disabled={busy || refusal !== null}
            >
              {decision?.state === 'approving' ? 'Approving…' : 'Approve'}
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => setRejecting(true)}
              disabled={busy}
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
