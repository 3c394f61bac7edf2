import type { TicketSla } from '../../../../shared/domain/sla'
import { formatDateTime } from '../../format'
import type { Tone } from '../../components/Badge'

export type SlaMark = 'breached' | 'at_risk' | 'due'

/**
 * Where a ticket's next SLA due time stands now. The core stores instants (due, at risk), so the
 * mark follows the clock without the core computing anything again.
 */
export function slaMark(sla: TicketSla | null, now: number): SlaMark | null {
  if (!sla?.nextDueAt) return null
  if (Date.parse(sla.nextDueAt) <= now) return 'breached'
  if (sla.atRiskAt && Date.parse(sla.atRiskAt) <= now) return 'at_risk'
  return 'due'
}

const kindWords: Record<NonNullable<TicketSla['nextDueKind']>, string> = {
  first_response: 'First reply',
  resolution: 'Resolution'
}

export interface SlaBadge {
  mark: SlaMark
  tone: Tone
  text: string
  title: string
}

const toneOf: Record<SlaMark, Tone> = { breached: 'danger', at_risk: 'warning', due: 'muted' }
const markWords: Record<SlaMark, string> = { breached: 'SLA breached', at_risk: 'SLA at risk', due: 'Due' }

/** Short words for the inbox; the title says which clock and when. */
export function slaBadge(sla: TicketSla | null, now: number): SlaBadge | null {
  const mark = slaMark(sla, now)
  if (!mark || !sla?.nextDueAt || !sla.nextDueKind) return null
  const when = formatDateTime(sla.nextDueAt)
  return {
    mark,
    tone: toneOf[mark],
    text: mark === 'due' ? `Due ${when}` : markWords[mark],
    title: `${kindWords[sla.nextDueKind]} ${mark === 'breached' ? 'was due' : 'due'} ${when}`
  }
}
