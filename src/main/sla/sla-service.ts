import type { SlaPolicy } from '../../shared/domain/sla'
import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import type { Db } from '../db/connection'
import { commitPendingTurn } from '../db/turn-commit'
import { dirtySlaTickets, forgetSla, recomputeAllSla, slaTicket, writeSla } from '../db/repositories/sla'
import { businessClock, type BusinessClock } from './business-time'
import { computeSla } from './sla-clock'
import { readSlaPolicy, writeSlaPolicy } from './sla-settings'

/**
 * Keeps every ticket's SLA clocks computed. Triggers mark a ticket when anything its clocks depend
 * on changes (its status, priority or channel, a reply to the customer), in whatever process made
 * the change; this worker computes the marked ones after the change has committed, a batch at a
 * time, and tells the consoles. What it stores are instants (due, at risk), so "breached" and "at
 * risk" need no recomputing as time passes: the inbox compares them with the time it is.
 */

export interface SlaServiceDeps {
  db: Db
  clock: Clock
  events: CoreEvents
  /** How often marked tickets are looked for besides after each change (other processes write too). */
  pollMs?: number
  /** Computes nothing (a one-shot command's core); the policy can still be read and saved. */
  passive?: boolean
}

export interface SlaService {
  poke(): void
  policy(): SlaPolicy
  /** Saves the policy and computes every ticket again with it. */
  setPolicy(policy: SlaPolicy): SlaPolicy
  /** Resolves once no marked ticket is left (tests, benchmarks). */
  idle(): Promise<void>
  close(): void
}

const BATCH = 500
const POKE_DELAY_MS = 20

export function createSlaService(deps: SlaServiceDeps): SlaService {
  const { db, clock, events } = deps
  let closed = false
  let scheduled: NodeJS.Timeout | null = null
  const waiters: (() => void)[] = []
  let cached: { policy: SlaPolicy; text: string; clock: BusinessClock } | null = null

  /** The business clock is rebuilt only when the calendar changes: it keeps the days it has computed. */
  const current = (): { policy: SlaPolicy; clock: BusinessClock } => {
    const policy = readSlaPolicy(db)
    const text = JSON.stringify(policy.calendar)
    if (!cached || cached.text !== text) cached = { policy, text, clock: businessClock(policy.calendar) }
    else cached.policy = policy
    return cached
  }

  function computeBatch(): boolean {
    const ids = dirtySlaTickets(db, BATCH)
    if (ids.length === 0) return false
    const { policy, clock: business } = current()
    const nowMs = clock.now().getTime()
    const now = new Date(nowMs).toISOString()
    for (const ticketId of ids) {
      // Read and written under the write lock: a change committed by another process in between
      // would otherwise be marked done without being counted.
      db.transaction(() => {
        const ticket = slaTicket(db, ticketId)
        if (!ticket) {
          forgetSla(db, ticketId)
          return
        }
        writeSla(db, ticketId, computeSla(policy, business, ticket, nowMs), now)
      })()
    }
    events.emit('tickets.changed', { ticketIds: ids })
    return ids.length === BATCH
  }

  function run(): void {
    scheduled = null
    if (closed || !db.open) return
    let more = false
    try {
      more = computeBatch()
      // Committed now, not at the end of the turn: another core in this process (a CLI command
      // beside `serve`) would otherwise wait for the lock on the thread that releases it.
      commitPendingTurn(db)
    } catch (error) {
      console.error('[sla] the SLA clocks could not be computed', error)
    }
    // A long backlog is computed a batch per turn, so the core keeps answering in between.
    if (more) schedule(0)
    else for (const resolve of waiters.splice(0)) resolve()
  }

  function schedule(ms: number): void {
    if (closed || scheduled || deps.passive) return
    scheduled = setTimeout(run, ms)
    scheduled.unref?.()
  }

  const poke = (): void => schedule(POKE_DELAY_MS)
  // Its own announcements come back here too: the look that follows finds nothing new and stops.
  const unsubscribe = events.subscribe((event) => {
    if (event === 'tickets.changed') poke()
  })
  const poll = setInterval(poke, deps.pollMs ?? 5_000)
  poll.unref()
  poke()

  return {
    poke,
    policy: () => readSlaPolicy(db),
    setPolicy(policy) {
      db.transaction(() => {
        writeSlaPolicy(db, policy)
        recomputeAllSla(db)
      })()
      poke()
      return policy
    },
    idle: () =>
      new Promise<void>((resolve) => {
        if (deps.passive) return resolve()
        waiters.push(resolve)
        poke()
      }),
    close() {
      closed = true
      if (scheduled) clearTimeout(scheduled)
      scheduled = null
      clearInterval(poll)
      unsubscribe()
      for (const resolve of waiters.splice(0)) resolve()
    }
  }
}
