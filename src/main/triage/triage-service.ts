import type { TriageResult, TriageSettings } from '../../shared/domain/triage'
import type { ChatPort, ModelChoice } from '../agent/chat-port'
import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import type { Db } from '../db/connection'
import { commitPendingTurn } from '../db/turn-commit'
import { writeAudit } from '../db/repositories/audit-log'
import { putTicketTag, removeTriageTags } from '../db/repositories/ticket-tags'
import { setTicketPriority } from '../db/repositories/tickets'
import {
  claimForTriage,
  failTriage,
  prioritySetBy,
  queuedForTriage,
  releaseOrphanedTriage,
  releaseTriageClaims,
  requeueTriage,
  triageSubject,
  writeTriage,
  type TriageSubject
} from '../db/repositories/triage'
import { triageWithModel } from './model-triage'
import { triageByRules } from './rules'
import { readTriageSettings, writeTriageSettings } from './triage-settings'

/**
 * The triage worker. A trigger queues every ticket as it is stored; this worker takes the queue
 * after the write has committed (a turn later, on the core's own thread), so storing a ticket, by
 * chat, email, fixture or import, never waits for it. Each ticket gets the model's reading when a
 * model is configured (one small structured call, at most a few in flight), the rules' otherwise
 * and whenever the model fails; a ticket whose triage fails stays untriaged and says why.
 *
 * A ticket that was already waiting when triage reached it (stored over an hour earlier: a
 * database from before triage, an imported history, a seeded fixture) is backlog: the rules
 * describe it (intent, language, summary) but leave its priority and tags as the team had them.
 */

export interface TriageServiceDeps {
  db: Db
  clock: Clock
  events: CoreEvents
  llm: ChatPort & { defaultModel(): ModelChoice; isDemo(): boolean }
  /** This core's id (core_instances): claims of a core that is gone go back to the queue. */
  owner: string
  /** How often the queue is looked at besides after each change (other processes store tickets too). */
  pollMs?: number
  /** Model calls in flight at once. */
  concurrency?: number
  /** Takes no work from the queue (a one-shot command's core); settings and requeueing still work. */
  passive?: boolean
}

interface HowTriaged {
  source: 'model' | 'rules'
  model: string | null
  note: string | null
}

export interface TriageService {
  /** Looks at the queue soon (a write may have queued tickets). */
  poke(): void
  /** A person asks for the ticket to be triaged again; what people set stays. */
  again(ticketId: string): void
  settings(): TriageSettings
  updateSettings(patch: Partial<TriageSettings>): TriageSettings
  /** Resolves once nothing this worker can take is queued or in flight (tests, benchmarks). */
  idle(): Promise<void>
  close(): Promise<void>
}

/** A ticket stored this long before triage reached it is backlog. */
export const BACKLOG_AFTER_MS = 60 * 60 * 1000
const BATCH = 200
const POKE_DELAY_MS = 20

export function createTriageService(deps: TriageServiceDeps): TriageService {
  const { db, clock, events, llm } = deps
  const concurrency = Math.max(1, deps.concurrency ?? 4)
  let closed = false
  let scheduled: NodeJS.Timeout | null = null
  let pumping: Promise<void> | null = null
  const inFlight = new Set<Promise<void>>()
  const waiters: (() => void)[] = []
  // Model calls still out when the core closes are abandoned, not awaited to their timeout.
  const stopping = new AbortController()
  const now = (): string => clock.now().toISOString()

  const modelChoice = (settings: TriageSettings): ModelChoice | null => {
    if (settings.mode !== 'auto') return null
    if (settings.model) return settings.model
    return llm.isDemo() ? null : llm.defaultModel()
  }

  /** Writes what triage read, in one transaction with its tags, priority and history line. */
  function apply(subject: TriageSubject, result: TriageResult, how: HowTriaged, backlog: boolean): void {
    const at = now()
    const setBy = how.model ? `triage (${how.model})` : 'triage (rules)'
    db.transaction(() => {
      writeTriage(db, {
        ticketId: subject.ticketId,
        intent: result.intent,
        language: result.language,
        summary: result.summary,
        priority: result.priority,
        source: how.source,
        model: how.model,
        note: how.note,
        now: at
      })
      if (backlog) return
      const changes: Record<string, unknown> = { source: how.source, intent: result.intent }
      if (prioritySetBy(db, subject.ticketId) === null && result.priority !== subject.priority) {
        setTicketPriority(db, subject.ticketId, result.priority, at)
        changes.priority = { from: subject.priority, to: result.priority }
      }
      const added = result.tags.filter((tag) =>
        putTicketTag(db, { ticketId: subject.ticketId, tag, source: 'triage', setBy, now: at })
      )
      if (added.length > 0) changes.tags = added
      writeAudit(db, {
        at,
        actor: setBy,
        action: 'ticket.triaged',
        subjectType: 'ticket',
        subjectId: subject.ticketId,
        detail: changes
      })
    })()
    commitPendingTurn(db)
  }

  async function triageOne(ticketId: string, settings: TriageSettings): Promise<void> {
    try {
      const subject = triageSubject(db, ticketId)
      if (!subject) return
      const backlog = Date.parse(subject.createdAt) < clock.now().getTime() - BACKLOG_AFTER_MS
      const choice = backlog ? null : modelChoice(settings)
      if (choice) {
        const answer = await triageWithModel(llm, choice, subject, stopping.signal)
        if (closed) return
        if (answer.ok) {
          apply(
            subject,
            answer.result,
            { source: 'model', model: `${choice.providerId}/${choice.model}`, note: null },
            false
          )
          return
        }
        apply(
          subject,
          triageByRules(subject),
          {
            source: 'rules',
            model: null,
            note: `Triaged by the rules: the model could not (${answer.why}).`
          },
          false
        )
        return
      }
      apply(
        subject,
        triageByRules(subject),
        {
          source: 'rules',
          model: null,
          note: backlog
            ? 'Triaged by the rules as backlog: it was already waiting, so its priority and tags were left as they were.'
            : settings.mode === 'rules'
              ? null
              : 'Triaged by the rules: no AI model is configured (demo mode).'
        },
        backlog
      )
    } catch (error) {
      console.error(`[triage] ${ticketId} could not be triaged`, error)
      try {
        failTriage(
          db,
          ticketId,
          'Triage failed unexpectedly; the ticket is untriaged. Try Triage again.',
          now()
        )
      } catch {
        // The database is closing; the claim goes back to the queue at the next start.
      }
    }
  }

  async function pump(): Promise<void> {
    for (;;) {
      if (closed || !db.open) return
      const settings = readTriageSettings(db)
      if (settings.mode === 'off') return
      const batch = queuedForTriage(db, BATCH).filter((id) => claimForTriage(db, id, deps.owner))
      // Claims and results are committed at once, not at the end of the turn: another core in this
      // process (a CLI command beside `serve`) would otherwise wait for the lock on this thread.
      commitPendingTurn(db)
      if (batch.length === 0) return
      const changed: string[] = []
      for (const ticketId of batch) {
        while (inFlight.size >= concurrency) await Promise.race(inFlight)
        if (closed) return
        const running = triageOne(ticketId, settings).then(() => {
          inFlight.delete(running)
          changed.push(ticketId)
        })
        inFlight.add(running)
      }
      await Promise.all(inFlight)
      if (changed.length > 0 && !closed) events.emit('tickets.changed', { ticketIds: changed })
      // Triage by the rules never waits on anything: without this the whole queue (a database of
      // 50,000 tickets from before triage) would be read in one turn, and the console wait for it.
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }

  function settle(): void {
    if (pumping || scheduled || inFlight.size > 0) return
    for (const resolve of waiters.splice(0)) resolve()
  }

  function run(): void {
    scheduled = null
    if (pumping || closed) return
    pumping = pump()
      .catch((error: unknown) => console.error('[triage] the queue could not be read', error))
      .finally(() => {
        pumping = null
        settle()
      })
  }

  function poke(): void {
    if (closed || scheduled || deps.passive) return
    scheduled = setTimeout(run, POKE_DELAY_MS)
    scheduled.unref?.()
  }

  if (!deps.passive) releaseOrphanedTriage(db)
  const unsubscribe = events.subscribe((event) => {
    if (event === 'tickets.changed') poke()
  })
  const poll = setInterval(poke, deps.pollMs ?? 5_000)
  poll.unref()
  poke()

  return {
    poke,
    again(ticketId) {
      db.transaction(() => {
        removeTriageTags(db, ticketId)
        requeueTriage(db, ticketId)
      })()
      poke()
    },
    settings: () => readTriageSettings(db),
    updateSettings(patch) {
      const next = writeTriageSettings(db, patch)
      poke()
      return next
    },
    idle: () =>
      new Promise<void>((resolve) => {
        if (deps.passive) return resolve()
        waiters.push(resolve)
        poke()
      }),
    async close() {
      closed = true
      if (scheduled) clearTimeout(scheduled)
      scheduled = null
      clearInterval(poll)
      unsubscribe()
      stopping.abort()
      await pumping
      await Promise.allSettled([...inFlight])
      // What this core claimed and did not finish goes back to the queue for the next one.
      if (db.open) releaseTriageClaims(db, deps.owner)
      for (const resolve of waiters.splice(0)) resolve()
    }
  }
}
