import type { SlaClockState, SlaPolicy, SlaRule } from '../../shared/domain/sla'
import type { TicketPriority, TicketStatus } from '../../shared/domain/ticket'
import type { BusinessClock } from './business-time'

/**
 * A ticket's SLA clocks, computed from its history: when it was opened, every status it took and
 * when, and when the customer first got a reply. Pure, so the arithmetic across weekends, clock
 * changes and pauses is tested without a database or a clock.
 */

/** The clock runs while the ticket waits on the shop. */
const RUNNING: ReadonlySet<TicketStatus> = new Set(['new', 'open'])
const RESOLVED: ReadonlySet<TicketStatus> = new Set(['solved', 'closed'])
/** Under this share of the target left, a ticket is at risk. */
export const AT_RISK_SHARE = 0.25

export interface StatusChange {
  status: TicketStatus
  at: string
}

export interface SlaTicket {
  createdAt: string
  priority: TicketPriority
  channel: 'email' | 'chat' | 'web'
  /** Oldest first; the first is the status the ticket was opened with. */
  statusChanges: readonly StatusChange[]
  /** The first reply the customer saw; null when none yet. */
  firstResponseAt: string | null
}

export interface ClockResult {
  state: SlaClockState
  targetMs: number | null
  /** When the target is (or was) reached in business time; null while it cannot be known (paused). */
  dueAt: string | null
  /** When under 25 % of the target is left. */
  atRiskAt: string | null
  /** When the clock's goal was reached (the first reply, the solve). */
  completedAt: string | null
}

export interface SlaComputation {
  firstResponse: ClockResult
  resolution: ClockResult
  nextDueKind: 'first_response' | 'resolution' | null
  nextDueAt: string | null
  nextAtRiskAt: string | null
}

/** The rule for a priority on a channel: the channel's own, else the one for every channel. */
export function ruleFor(policy: SlaPolicy, priority: TicketPriority, channel: string): SlaRule | undefined {
  return (
    policy.rules.find((r) => r.priority === priority && r.channel === channel) ??
    policy.rules.find((r) => r.priority === priority && r.channel === 'any')
  )
}

/** The spans the ticket waited on the shop, up to `until`; the last is open-ended (null) while it still does. */
export function runningSpans(
  ticket: Pick<SlaTicket, 'createdAt' | 'statusChanges'>,
  until: number | null
): [number, number | null][] {
  const opened = Date.parse(ticket.createdAt)
  const spans: [number, number | null][] = []
  const changes = ticket.statusChanges
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i] as StatusChange
    if (!RUNNING.has(change.status)) continue
    const start = Math.max(opened, Date.parse(change.at))
    const next = changes[i + 1]
    let end: number | null = next ? Math.max(start, Date.parse(next.at)) : null
    if (until !== null && (end === null || end > until)) end = Math.max(start, until)
    if (until !== null && start >= until) break
    spans.push([start, end])
  }
  return spans
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

/** Walks the spans until `amountMs` of business time has passed: that instant, or null if it has not (yet). */
function instantAfter(
  clock: BusinessClock,
  spans: readonly [number, number | null][],
  amountMs: number
): number | null {
  let counted = 0
  for (const [start, end] of spans) {
    if (end === null) return clock.add(start, amountMs - counted)
    const inSpan = clock.between(start, end)
    if (counted + inSpan >= amountMs) return clock.add(start, amountMs - counted)
    counted += inSpan
  }
  return null
}

function evaluate(
  clock: BusinessClock,
  targetMs: number | null,
  spans: readonly [number, number | null][],
  completedAt: number | null,
  nowMs: number,
  applies: boolean
): ClockResult {
  if (targetMs === null || !applies) {
    return { state: 'none', targetMs, dueAt: null, atRiskAt: null, completedAt: iso(completedAt) }
  }
  const due = instantAfter(clock, spans, targetMs)
  const atRisk = instantAfter(clock, spans, targetMs * (1 - AT_RISK_SHARE))
  const runningNow = spans.at(-1)?.[1] === null
  let state: SlaClockState
  if (completedAt !== null) state = due !== null && due < completedAt ? 'breached' : 'met'
  else if (due !== null && due <= nowMs) state = 'breached'
  else state = runningNow ? 'running' : 'paused'
  return { state, targetMs, dueAt: iso(due), atRiskAt: iso(atRisk), completedAt: iso(completedAt) }
}

export function computeSla(
  policy: SlaPolicy,
  clock: BusinessClock,
  ticket: SlaTicket,
  nowMs: number
): SlaComputation {
  const rule = ruleFor(policy, ticket.priority, ticket.channel)
  const minutes = (m: number | null | undefined): number | null =>
    m === null || m === undefined ? null : m * 60_000
  const current = ticket.statusChanges.at(-1)?.status
  const resolved = current !== undefined && RESOLVED.has(current)
  const resolvedAt = resolved ? Date.parse((ticket.statusChanges.at(-1) as StatusChange).at) : null
  const firstReplyAt = ticket.firstResponseAt === null ? null : Date.parse(ticket.firstResponseAt)

  const firstResponse = evaluate(
    clock,
    minutes(rule?.firstResponseMinutes),
    runningSpans(ticket, firstReplyAt),
    firstReplyAt,
    nowMs,
    // Solved without a reply (an auto-reply filed away, a duplicate): no answer was owed.
    firstReplyAt !== null || !resolved
  )
  const resolution = evaluate(
    clock,
    minutes(rule?.resolutionMinutes),
    runningSpans(ticket, null),
    resolvedAt,
    nowMs,
    true
  )

  // Only a clock that runs now is due: a ticket waiting on the customer has no next due time.
  const runningNow = current !== undefined && RUNNING.has(current)
  const due = (c: ClockResult): boolean => runningNow && c.completedAt === null && c.state !== 'none'
  const next = due(firstResponse)
    ? ('first_response' as const)
    : due(resolution)
      ? ('resolution' as const)
      : null
  const nextClock = next === 'first_response' ? firstResponse : next === 'resolution' ? resolution : null
  return {
    firstResponse,
    resolution,
    nextDueKind: next,
    nextDueAt: nextClock?.dueAt ?? null,
    nextAtRiskAt: nextClock?.atRiskAt ?? null
  }
}
