import type { AppError } from '../../../shared/result'

interface ErrorNoticeProps {
  /** What the person was trying to see, e.g. "the inbox". */
  what: string
  error: AppError
  onRetry(): void
}

/** The fields a refusal names, each with what is wrong with it. */
export function IssueList({ issues }: { issues: AppError['issues'] }) {
  if (!issues || issues.length === 0) return null
  return (
    <ul className="error-notice__issues">
      {issues.map((issue) => (
        <li key={issue.field}>
          <code>{issue.field}</code>: {issue.message}
        </li>
      ))}
    </ul>
  )
}

/** A failure said in words, with the one thing the person can do about it. */
export function ErrorNotice({ what, error, onRetry }: ErrorNoticeProps) {
  return (
    <div className="error-notice" role="alert">
      <div>
        <p className="error-notice__title">Could not load {what}.</p>
        <p className="error-notice__message">{error.message}</p>
        <IssueList issues={error.issues} />
      </div>
      <button type="button" className="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  )
}
