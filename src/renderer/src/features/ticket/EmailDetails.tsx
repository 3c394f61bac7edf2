import type { EmailDelivery, EmailMessageInfo } from '../../../../shared/domain/mailbox'
import { Badge, type Tone } from '../../components/Badge'
import { formatDateTime } from '../../format'
import { useFrontlineStore } from '../../store'
import './ticket-email.css'

const AUTOMATIC_WORDS: Record<NonNullable<EmailMessageInfo['automatic']>, string> = {
  auto_reply: 'Auto-reply: no draft, never answered automatically',
  bounce: 'Delivery failure report: no draft, never answered',
  list: 'Mailing list: no draft, never answered automatically',
  own: 'From the shop’s own address'
}

const DELIVERY: Record<EmailDelivery['status'], { tone: Tone; word: string }> = {
  queued: { tone: 'info', word: 'Unsent: queued' },
  sending: { tone: 'info', word: 'Sending…' },
  sent: { tone: 'success', word: 'Sent' },
  failed: { tone: 'danger', word: 'Unsent: failed' },
  unknown: { tone: 'warning', word: 'Unsent? Check the mailbox' }
}

const formatSize = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`

function Delivery({ info, delivery }: { info: EmailMessageInfo; delivery: EmailDelivery }) {
  const action = useFrontlineStore((s) => s.emailActions[info.messageId])
  const retry = useFrontlineStore((s) => s.retryEmail)
  const markSent = useFrontlineStore((s) => s.markEmailSent)
  const { tone, word } = DELIVERY[delivery.status]
  return (
    <div className="email-delivery" aria-label="Email delivery">
      <Badge tone={tone}>{word}</Badge>
      {delivery.status === 'sent' && delivery.sentAt ? (
        <span className="muted">
          {' '}
          to {info.to} at <time dateTime={delivery.sentAt}>{formatDateTime(delivery.sentAt)}</time>
        </span>
      ) : null}
      {delivery.status === 'queued' ? (
        <span className="muted">
          {' '}
          to {info.to}; goes out when the mailbox is enabled and the SMTP server answers.
        </span>
      ) : null}
      {delivery.lastError && delivery.status !== 'sent' ? (
        <p className="email-delivery__error">{delivery.lastError}</p>
      ) : null}
      {delivery.status === 'failed' || delivery.status === 'unknown' ? (
        <div className="email-delivery__actions">
          <button
            type="button"
            className="button button--small"
            disabled={action?.busy}
            onClick={() => void retry(info.messageId)}
          >
            {delivery.status === 'unknown' ? 'Send again' : 'Retry'}
          </button>
          {delivery.status === 'unknown' ? (
            <button
              type="button"
              className="button button--small button--quiet"
              disabled={action?.busy}
              onClick={() => void markSent(info.messageId)}
            >
              It was sent
            </button>
          ) : null}
        </div>
      ) : null}
      {action?.error ? <p className="email-delivery__error">{action.error.message}</p> : null}
    </div>
  )
}

/** What an email in the thread carries beyond its text. Nothing of the mail's HTML is ever rendered. */
export function EmailDetails({ info }: { info: EmailMessageInfo }) {
  return (
    <div className="email-details">
      {info.automatic ? <p className="email-details__automatic">{AUTOMATIC_WORDS[info.automatic]}</p> : null}
      {info.quoted ? (
        <details className="email-details__quoted">
          <summary>Quoted history</summary>
          <pre>{info.quoted}</pre>
        </details>
      ) : null}
      {info.attachments.length > 0 ? (
        <ul className="email-details__attachments" aria-label="Attachments">
          {info.attachments.map((a) => (
            <li key={a.id}>
              <span className="mono">{a.filename}</span> · {a.contentType} · {formatSize(a.sizeBytes)}
              {a.stored ? null : <span className="muted"> (over the size limit: not kept)</span>}
            </li>
          ))}
        </ul>
      ) : null}
      {info.delivery ? <Delivery info={info} delivery={info.delivery} /> : null}
    </div>
  )
}
