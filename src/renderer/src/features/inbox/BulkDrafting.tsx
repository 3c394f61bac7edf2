import { formatEta, formatCount, plural } from '../../format'
import { useFrontlineStore } from '../../store'

/** "Draft all new" as it runs: done of total, failures, time left, and a way to stop it. */
export function BulkDrafting() {
  const bulk = useFrontlineStore((s) => s.bulk)
  const op = useFrontlineStore((s) => s.bulkOp)
  const cancel = useFrontlineStore((s) => s.cancelBulkDrafting)
  const dismiss = useFrontlineStore((s) => s.dismissBulk)
  const start = useFrontlineStore((s) => s.startBulkDrafting)

  if (!bulk) {
    return op.error ? (
      <div className="bulk bulk--error" role="alert">
        <span>Could not start drafting the new tickets: {op.error.message}</span>
        <button type="button" className="button button--quiet" onClick={() => void start()}>
          Retry
        </button>
      </div>
    ) : null
  }

  const running = bulk.state === 'running'
  const percent = bulk.total > 0 ? Math.round((bulk.done / bulk.total) * 100) : 100
  const headline = running
    ? `Drafting new tickets: ${formatCount(bulk.done)} of ${formatCount(bulk.total)}`
    : bulk.state === 'cancelled'
      ? `Stopped after ${formatCount(bulk.done)} of ${formatCount(bulk.total)}`
      : bulk.total === 0
        ? 'No new tickets to draft'
        : `Drafted ${formatCount(bulk.done)} of ${formatCount(bulk.total)}`
  const details = [
    bulk.failed > 0 ? `${formatCount(bulk.failed)} failed` : null,
    bulk.fallbacks > 0 ? `${plural(bulk.fallbacks, 'draft')} written without the AI` : null,
    running ? (bulk.etaMs !== null ? `${formatEta(bulk.etaMs)} left` : 'estimating time left…') : null
  ].filter(Boolean)

  return (
    <section className={`bulk bulk--${bulk.state}`} aria-label="Draft all new">
      <div className="bulk__text">
        <span className="bulk__headline" aria-live="polite">
          {headline}
        </span>
        {details.length > 0 ? <span className="bulk__details">{details.join(' · ')}</span> : null}
      </div>
      <div
        className="bulk__bar"
        role="progressbar"
        aria-label="Drafting new tickets"
        aria-valuemin={0}
        aria-valuemax={bulk.total}
        aria-valuenow={bulk.done}
        aria-valuetext={`${bulk.done} of ${bulk.total} drafted`}
      >
        <span className="bulk__fill" style={{ width: `${percent}%` }} />
      </div>
      {op.error ? <span className="bulk__error">{op.error.message}</span> : null}
      {running ? (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => void cancel()}
          disabled={op.busy === 'cancel'}
        >
          {op.busy === 'cancel' ? 'Cancelling…' : 'Cancel'}
        </button>
      ) : (
        <button type="button" className="button button--quiet" onClick={dismiss}>
          Dismiss
        </button>
      )}
    </section>
  )
}
