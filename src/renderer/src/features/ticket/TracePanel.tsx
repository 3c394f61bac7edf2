import type { ToolCallTrace } from '../../../../shared/domain/draft'
import { Badge } from '../../components/Badge'
import { formatDuration } from '../../format'

const statusWords: Record<ToolCallTrace['status'], { tone: 'success' | 'danger' | 'warning'; text: string }> =
  {
    ok: { tone: 'success', text: 'OK' },
    error: { tone: 'danger', text: 'Error' },
    proposed: { tone: 'warning', text: 'Proposed, awaits a person' }
  }

const pretty = (value: unknown): string => {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2)
    } catch {
      return value
    }
  }
  return JSON.stringify(value, null, 2) ?? String(value)
}

/** Every tool the agent called for this draft: what it asked, what it got back, and how long it took. */
export function TracePanel({ trace }: { trace: readonly ToolCallTrace[] }) {
  return (
    <section className="trace" aria-label="Trace">
      {trace.length === 0 ? (
        <p className="muted">No tool was called: the reply was written from the conversation alone.</p>
      ) : (
        <ol className="trace__list">
          {trace.map((call, i) => {
            const status = statusWords[call.status]
            return (
              <li key={call.id} className="trace__call">
                <article aria-label={`Tool call ${i + 1}: ${call.tool}`}>
                  <header className="trace__header">
                    <span className="trace__step">{i + 1}</span>
                    <span className="trace__tool mono">{call.tool}</span>
                    <Badge tone={status.tone}>{status.text}</Badge>
                    <span className="trace__meta">
                      round {call.round + 1} · {call.origin === 'fallback' ? 'fallback drafter · ' : ''}
                      <span aria-label="Duration">{formatDuration(call.durationMs)}</span>
                    </span>
                  </header>
                  <div className="trace__io">
                    <div>
                      <h5 className="trace__io-title">Arguments</h5>
                      <pre className="trace__json">{pretty(call.arguments)}</pre>
                    </div>
                    <div>
                      <h5 className="trace__io-title">Result</h5>
                      <pre className="trace__json">{pretty(call.result)}</pre>
                    </div>
                  </div>
                </article>
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}
