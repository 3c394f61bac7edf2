import type { SupportReport } from '../../../shared/domain/sla'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/** Minutes from a ticket's opening to the first reply its customer saw. */
const WAIT_MINUTES = '(julianday(s.first_response_at) - julianday(t.created_at)) * 1440.0'

export const supportReportSql = {
  answered: `SELECT COUNT(*) AS n FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id
    WHERE s.first_response_at IS NOT NULL AND t.created_at >= @from`,
  waitAt: `SELECT ${WAIT_MINUTES} AS minutes FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id
    WHERE s.first_response_at IS NOT NULL AND t.created_at >= @from ORDER BY minutes LIMIT 1 OFFSET @offset`,
  // A clock breached on the day its target passed, whether the goal was reached late or not yet.
  firstResponseBreaches: `SELECT substr(first_response_due_at, 1, 10) AS day, COUNT(*) AS n FROM ticket_sla
    WHERE first_response_due_at >= @from AND first_response_due_at <= @now
      AND (first_response_at IS NULL OR first_response_at > first_response_due_at)
    GROUP BY day`,
  resolutionBreaches: `SELECT substr(resolution_due_at, 1, 10) AS day, COUNT(*) AS n FROM ticket_sla
    WHERE resolution_due_at >= @from AND resolution_due_at <= @now
      AND (resolved_at IS NULL OR resolved_at > resolution_due_at)
    GROUP BY day`,
  replies: `SELECT composed_by, COUNT(*) AS n FROM messages
    WHERE composed_by IS NOT NULL AND created_at >= @from GROUP BY composed_by`,
  fallbackSent: `SELECT COUNT(*) AS n FROM drafts
    WHERE written_without_ai = 1 AND status = 'sent' AND sent_at >= @from`
} as const

const statements = statementCache((db) => ({
  answered: db.prepare(supportReportSql.answered),
  waitAt: db.prepare(supportReportSql.waitAt),
  firstResponseBreaches: db.prepare(supportReportSql.firstResponseBreaches),
  resolutionBreaches: db.prepare(supportReportSql.resolutionBreaches),
  replies: db.prepare(supportReportSql.replies),
  fallbackSent: db.prepare(supportReportSql.fallbackSent)
}))

const DAY_MS = 86_400_000

/** The last `days` days up to `now` (UTC days, as the rest of Costs counts them). */
export function supportReport(db: Db, days: number, now: Date): SupportReport {
  const s = statements(db)
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  const from = new Date(todayStart - (days - 1) * DAY_MS).toISOString()
  const window = { from, now: now.toISOString() }

  const answered = (s.answered.get(window) as { n: number }).n
  const quantile = (q: number): number | null => {
    if (answered === 0) return null
    const row = s.waitAt.get({ from, offset: Math.min(answered - 1, Math.floor(q * answered)) }) as
      { minutes: number } | undefined
    return row ? Math.max(0, Math.round(row.minutes * 10) / 10) : null
  }

  const byDay = new Map<string, { firstResponse: number; resolution: number }>()
  for (let i = 0; i < days; i++) {
    byDay.set(new Date(todayStart - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10), {
      firstResponse: 0,
      resolution: 0
    })
  }
  for (const row of s.firstResponseBreaches.all(window) as { day: string; n: number }[]) {
    const day = byDay.get(row.day)
    if (day) day.firstResponse = row.n
  }
  for (const row of s.resolutionBreaches.all(window) as { day: string; n: number }[]) {
    const day = byDay.get(row.day)
    if (day) day.resolution = row.n
  }

  const replies = new Map(
    (s.replies.all(window) as { composed_by: string; n: number }[]).map((r) => [r.composed_by, r.n])
  )
  return {
    days,
    firstResponse: { answered, medianMinutes: quantile(0.5), p90Minutes: quantile(0.9) },
    breachesByDay: [...byDay].map(([day, counts]) => ({ day, ...counts })),
    replies: {
      aiDrafted: replies.get('ai_draft') ?? 0,
      handWritten: replies.get('person') ?? 0,
      fallback: (s.fallbackSent.get(window) as { n: number }).n
    }
  }
}
