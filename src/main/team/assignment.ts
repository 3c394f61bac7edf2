import { accountIdOf, actorName, type Caller } from '../../shared/domain/caller'
import { AppFailure } from '../../shared/result'
import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import type { Db } from '../db/connection'
import { writeAudit } from '../db/repositories/audit-log'
import { getPerson, listPeople } from '../db/repositories/people'
import { readSetting, writeSetting } from '../db/repositories/settings'
import {
  assignNewTicket,
  assignTicket,
  neverAssignedTicketsSince,
  ticketAssignee
} from '../db/repositories/tickets'
import { z } from 'zod'
import { readTeamSettings } from './team-settings'

export interface AssignmentDeps {
  db: Db
  clock: Clock
  events: CoreEvents
}

/**
 * Gives tickets to a person, or back to the unassigned queue. All or nothing: an unknown ticket or
 * an assignee who cannot work (disabled, unknown) refuses the whole request, naming the field.
 */
export function assignTickets(
  deps: AssignmentDeps,
  input: { ticketIds: readonly string[]; assigneeId: string | null },
  by: Caller
): string[] {
  const { db, clock, events } = deps
  const ticketIds = [...new Set(input.ticketIds)]
  const assignee = input.assigneeId === null ? null : getPerson(db, input.assigneeId)
  if (input.assigneeId !== null && (!assignee || assignee.disabledAt)) {
    throw new AppFailure('invalid_input', `Nobody in the team can take tickets as ${input.assigneeId}.`, [
      { field: 'assigneeId', message: assignee ? 'disabled' : 'not found' }
    ])
  }
  const now = clock.now().toISOString()
  const changed = db.transaction(() => {
    const moved: string[] = []
    ticketIds.forEach((ticketId) => {
      const current = ticketAssignee(db, ticketId)
      if (current === undefined) {
        throw new AppFailure('not_found', `No ticket ${ticketId}.`, [
          { field: `ticketIds.${input.ticketIds.indexOf(ticketId)}`, message: 'not found' }
        ])
      }
      if (current === input.assigneeId) return
      assignTicket(db, ticketId, input.assigneeId, now)
      writeAudit(db, {
        at: now,
        actor: actorName(by),
        actorId: accountIdOf(by),
        action: input.assigneeId ? 'ticket.assigned' : 'ticket.unassigned',
        subjectType: 'ticket',
        subjectId: ticketId,
        detail: { from: current, to: input.assigneeId, toName: assignee?.name ?? null }
      })
      moved.push(ticketId)
    })
    return moved
  })()
  if (changed.length > 0) events.emit('tickets.changed', { ticketIds: changed })
  return changed
}

const AUTO_ASSIGN_SINCE_KEY = 'team.autoAssignSince'

/** Remembers when auto-assignment was turned on: only tickets that arrive after it are handed out. */
export function markAutoAssignStart(db: Db, at: string): void {
  writeSetting(db, AUTO_ASSIGN_SINCE_KEY, at)
}

export interface AutoAssigner {
  /** Hands out what arrived since the last look (runs after ticket changes on its own). */
  run(): string[]
  /** Runs once after this turn's writes; many calls in a turn are one run. */
  schedule(): void
  close(): void
}

/**
 * Round-robin assignment of new tickets among the agents who have a console open. New means
 * created after auto-assignment was turned on and never given to anyone: a ticket a person put back
 * in the queue stays there. Nobody online: tickets wait in the queue for a person to take them.
 */
export function createAutoAssigner(
  deps: AssignmentDeps & { onlinePeople(): readonly string[] }
): AutoAssigner {
  const { db, clock, events } = deps
  let lastGiven: string | null = null
  let scheduled = false

  /** Agents online, in a fixed order, starting after the one who got the last ticket. */
  function rotation(): string[] {
    const online = new Set(deps.onlinePeople())
    const agents = listPeople(db)
      .filter((p) => p.role === 'agent' && !p.disabledAt && online.has(p.id))
      .map((p) => p.id)
    const after = lastGiven === null ? -1 : agents.indexOf(lastGiven)
    return [...agents.slice(after + 1), ...agents.slice(0, after + 1)]
  }

  function run(): string[] {
    if (!readTeamSettings(db).autoAssign) return []
    const since = readSetting(db, AUTO_ASSIGN_SINCE_KEY, z.string(), '')
    const waiting = neverAssignedTicketsSince(db, since)
    if (waiting.length === 0) return []
    const agents = rotation()
    if (agents.length === 0) return []
    const now = clock.now().toISOString()
    const given: string[] = []
    waiting.forEach((ticketId, i) => {
      const agent = agents[i % agents.length]!
      if (!assignNewTicket(db, ticketId, agent, now)) return
      lastGiven = agent
      given.push(ticketId)
      writeAudit(db, {
        at: now,
        actor: 'auto-assignment',
        action: 'ticket.assigned',
        subjectType: 'ticket',
        subjectId: ticketId,
        detail: { from: null, to: agent, round_robin: true }
      })
    })
    if (given.length > 0) events.emit('tickets.changed', { ticketIds: given })
    return given
  }

  let closed = false
  function schedule(): void {
    if (scheduled || closed) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      if (closed) return
      try {
        run()
      } catch (error) {
        console.error('[team] auto-assignment failed', error)
      }
    })
  }
  // Drafting changes tickets many times a second: one look per burst, after the turn's writes.
  const unsubscribe = events.subscribe((event) => {
    if (event === 'tickets.changed') schedule()
  })
  return {
    run,
    schedule,
    close() {
      closed = true
      unsubscribe()
    }
  }
}
