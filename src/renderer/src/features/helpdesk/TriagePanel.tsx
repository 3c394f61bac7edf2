import { useState } from 'react'
import type { TicketSummary } from '../../../../shared/domain/ticket'
import {
  INTENT_LABELS,
  LANGUAGE_NAMES,
  languageName,
  TicketIntent,
  type TicketTriage
} from '../../../../shared/domain/triage'
import { Badge } from '../../components/Badge'
import { formatDateTime } from '../../format'
import { useNow } from '../../hooks/useNow'
import { useOfflineReason } from '../../hooks/useOffline'
import { getApi } from '../../api'
import { slaBadge } from './sla-words'

/** Who stands behind a field: the person who changed it, else triage (the model, or the rules). */
const setByWords = (triage: TicketTriage, personField: string | null): string =>
  personField
    ? `set by ${personField}`
    : triage.source === 'model'
      ? `by triage (${triage.model ?? 'the model'})`
      : triage.source === 'rules'
        ? 'by triage (rules)'
        : ''

function SlaLine({ ticket }: { ticket: TicketSummary }) {
  const now = useNow(30_000)
  const sla = ticket.sla
  const badge = slaBadge(sla, now)
  if (!sla) return <p className="triage__sla muted">SLA: not computed yet.</p>
  if (!badge) {
    const states = [sla.firstResponse, sla.resolution].map((c) => c.state)
    const why = states.includes('paused')
      ? 'paused while waiting on the customer'
      : states.every((s) => s === 'none')
        ? 'no target for this priority'
        : 'no clock running'
    return <p className="triage__sla muted">SLA: {why}.</p>
  }
  return (
    <p className="triage__sla" data-sla={badge.mark}>
      <Badge tone={badge.tone}>{badge.mark === 'due' ? 'SLA' : badge.text}</Badge> {badge.title}
    </p>
  )
}

/**
 * What triage read the ticket as (intent, language, summary), who set each, and the SLA's next due
 * time. A person's intent or language wins over triage's and is kept when triage runs again.
 */
export function TriagePanel({ ticket }: { ticket: TicketSummary }) {
  const triage = ticket.triage
  const offline = useOfflineReason()
  const [problem, setProblem] = useState<string | null>(null)

  const run = async (call: () => Promise<{ ok: boolean; error?: { message: string } }>): Promise<void> => {
    const result = await call()
    setProblem(result.ok ? null : (result.error?.message ?? 'Not saved.'))
  }
  const setIntent = (intent: TicketIntent) =>
    void run(() => getApi().invoke('tickets.setTriage', { ticketId: ticket.id, intent }))
  const setLanguage = (language: string) =>
    void run(() => getApi().invoke('tickets.setTriage', { ticketId: ticket.id, language }))
  const again = () => void run(() => getApi().invoke('tickets.retriage', { ticketId: ticket.id }))

  const languages = {
    ...LANGUAGE_NAMES,
    ...(triage.language ? { [triage.language]: languageName(triage.language) } : {})
  }

  return (
    <section className="triage" aria-label="Triage">
      <div className="triage__row">
        <label className="triage__field">
          <span>Intent</span>
          <select
            value={triage.intent ?? ''}
            disabled={offline !== null}
            onChange={(event) => setIntent(event.target.value as TicketIntent)}
          >
            {triage.intent ? null : <option value="">Not triaged</option>}
            {TicketIntent.options.map((intent) => (
              <option key={intent} value={intent}>
                {INTENT_LABELS[intent]}
              </option>
            ))}
          </select>
          <small className="muted">{triage.intent ? setByWords(triage, triage.intentSetBy) : ''}</small>
        </label>
        <label className="triage__field">
          <span>Language</span>
          <select
            value={triage.language ?? ''}
            disabled={offline !== null}
            onChange={(event) => setLanguage(event.target.value)}
          >
            {triage.language ? null : <option value="">Unknown</option>}
            {Object.entries(languages).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
          <small className="muted">{triage.language ? setByWords(triage, triage.languageSetBy) : ''}</small>
        </label>
        <div className="triage__summary">
          <span className="triage__label">Summary</span>
          <p dir="auto">
            {triage.summary ??
              (triage.state === 'failed' ? 'Untriaged: triage failed.' : 'Waiting for triage…')}
          </p>
          {triage.prioritySetBy ? (
            <small className="muted">Priority set by {triage.prioritySetBy}</small>
          ) : triage.priority ? (
            <small className="muted">Priority suggested by triage: {triage.priority}</small>
          ) : null}
        </div>
        <button
          type="button"
          className="button button--quiet button--compact"
          onClick={again}
          disabled={offline !== null}
          title="Triage reads the ticket again; what people set stays."
        >
          Triage again
        </button>
      </div>
      {triage.note ? <p className="triage__note muted">{triage.note}</p> : null}
      {triage.triagedAt ? (
        <p className="visually-hidden">Triaged {formatDateTime(triage.triagedAt)}</p>
      ) : null}
      <SlaLine ticket={ticket} />
      {problem ? (
        <p className="inline-error" role="alert">
          Not saved: {problem}
        </p>
      ) : null}
    </section>
  )
}
