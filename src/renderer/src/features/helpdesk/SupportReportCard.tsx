import { useEffect, useState } from 'react'
import type { SupportReport } from '../../../../shared/domain/sla'
import type { AppError } from '../../../../shared/result'
import { getApi } from '../../api'
import { ErrorNotice } from '../../components/ErrorNotice'
import { formatDay } from '../../format'

const DAYS = 14

const minutesText = (minutes: number | null): string =>
  minutes === null ? '—' : minutes < 90 ? `${Math.round(minutes)} min` : `${(minutes / 60).toFixed(1)} h`

const share = (part: number, whole: number): string =>
  whole === 0 ? '—' : `${Math.round((part / whole) * 100)} %`

/** How fast the shop answers, what it breached, and who wrote the replies: the last two weeks. */
export function SupportReportCard() {
  const [report, setReport] = useState<SupportReport | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let current = true
    void getApi()
      .invoke('sla.report', { days: DAYS })
      .then((result) => {
        if (!current) return
        if (result.ok) setReport(result.value)
        else setError(result.error)
      })
    return () => {
      current = false
    }
  }, [attempt])

  const replies = report ? report.replies.aiDrafted + report.replies.handWritten : 0
  return (
    <section className="card" aria-labelledby="support-report-heading">
      <header className="card__header">
        <h2 id="support-report-heading" className="card__title">
          Support report
        </h2>
        <span className="card__subtitle">Last {DAYS} days</span>
      </header>
      <div className="card__body">
        {error ? (
          <ErrorNotice what="the support report" error={error} onRetry={() => setAttempt((n) => n + 1)} />
        ) : !report ? (
          <p className="muted">Loading…</p>
        ) : (
          <>
            <dl className="support-report__figures">
              <div>
                <dt>First replies</dt>
                <dd>{report.firstResponse.answered}</dd>
              </div>
              <div>
                <dt>Median first reply</dt>
                <dd>{minutesText(report.firstResponse.medianMinutes)}</dd>
              </div>
              <div>
                <dt>90th percentile</dt>
                <dd>{minutesText(report.firstResponse.p90Minutes)}</dd>
              </div>
              <div>
                <dt>AI-drafted replies</dt>
                <dd>
                  {report.replies.aiDrafted} ({share(report.replies.aiDrafted, replies)})
                </dd>
              </div>
              <div>
                <dt>Hand-written replies</dt>
                <dd>
                  {report.replies.handWritten} ({share(report.replies.handWritten, replies)})
                </dd>
              </div>
              <div>
                <dt>Fallback share</dt>
                <dd title="AI-drafted replies the fallback drafter wrote (the AI was unavailable)">
                  {share(report.replies.fallback, report.replies.aiDrafted)}
                </dd>
              </div>
            </dl>
            <table className="table support-report__breaches">
              <caption className="visually-hidden">SLA breaches per day</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">First reply breaches</th>
                  <th scope="col">Resolution breaches</th>
                </tr>
              </thead>
              <tbody>
                {report.breachesByDay.map((day) => (
                  <tr key={day.day}>
                    <td>{formatDay(day.day)}</td>
                    <td>{day.firstResponse}</td>
                    <td>{day.resolution}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </section>
  )
}
