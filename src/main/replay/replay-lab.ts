import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type {
  OriginalReply,
  ReplayCandidatePage,
  ReplayCandidatesQuery,
  ReplayDetail,
  ReplayDetailQuery,
  ReplayItemStatus,
  ReplayRun,
  ReplaySelection,
  ReplayStartInput,
  ReplayStatus
} from '../../shared/domain/replay'
import { MAX_REPLAY_TICKETS } from '../../shared/domain/replay'
import { AppFailure, type FieldIssue } from '../../shared/result'
import type { ChatPort, ModelChoice } from '../agent/chat-port'
import { createDraftEngine, type DraftEngine } from '../agent/draft-engine'
import { shopInstructions } from '../agent/shop-prompt'
import { fixedClock, type Clock } from '../core/clock'
import { CoreEvents } from '../core/events'
import type { LlmRuntime } from '../core/llm-setup'
import type { Db } from '../db/connection'
import { usageForDraft, usageForReplay } from '../db/repositories/llm-calls'
import {
  answeredTicket,
  cancelPendingReplayItems,
  chooseAnsweredTickets,
  finishReplayItem,
  getReplayRow,
  insertReplay,
  interruptOrphanedReplays,
  listAnsweredTickets,
  listReplayItems,
  listReplayRows,
  replayItemCounts,
  setReplayStatus,
  type ReplayRow,
  type ReplayTarget
} from '../db/repositories/replays'
import { getTicketSummary } from '../db/repositories/tickets'
import { findModel, isFree, type ProviderProfile } from '../llm'
import { shopOrderIdRules } from '../shop/shop-settings'
import type { ToolRegistry } from '../tools/registry'
import { compareReplies } from './agreement'
import { answeredMessageAt, readOriginalReply, readShadowDraft } from './reply-work'
import { replayCsv } from './replay-csv'
import { summarizeReplay } from './replay-summary'
import {
  CopyCancelled,
  makeScratchCopy,
  removeStaleScratchCopies,
  rewindScratchCopy,
  type ReplayedThread,
  type ScratchCopy
} from './scratch-copy'

/**
 * A replay stops starting tickets once today's spend reaches this share of the daily budget: the
 * rest is kept for live drafting. A free model (the demo) is never stopped by it.
 */
export const REPLAY_BUDGET_SHARE = 0.8
/** A replay stops when the AI failed on this many tickets in a row (no key, breaker open, budget spent). */
export const MAX_AI_FAILURES_IN_A_ROW = 3

export const INTERRUPTED_REPLAY_NOTE = 'Frontline stopped while this replay was running.'

export interface ReplayLabDeps {
  /** The live shop: only the replay's own rows and its ledger rows are ever written here. */
  db: Db
  clock: Clock
  events: CoreEvents
  tools: ToolRegistry
  llm: Pick<LlmRuntime, 'chat' | 'defaultModel' | 'profiles' | 'budget'>
  /** A private folder for the scratch copies (beside the database). */
  scratchDir: string
  /** The running core (core_instances) doing the replays. */
  owner: string | null
  budgetShare?: number
  maxFailuresInARow?: number
}

export interface ReplayLab {
  candidates(query: z.output<typeof ReplayCandidatesQuery>): ReplayCandidatePage
  /** Records the run and starts it; the answer comes at once, progress as `replay.progress` events. */
  start(input: z.output<typeof ReplayStartInput>, startedBy: string): ReplayRun
  /** Stops a running replay: tickets not yet drafted are not, drafts in flight are cancelled. */
  cancel(replayId: string): ReplayRun
  detail(query: z.output<typeof ReplayDetailQuery>): ReplayDetail
  list(limit: number): ReplayRun[]
  exportCsv(replayId: string): { filename: string; csv: string }
  /** Resolves with the run once it has ended. */
  finished(replayId: string): Promise<ReplayRun>
  /** Replays this core is running. */
  running(): number
  /** Cancels what runs and waits for it (the core is closing). */
  close(): Promise<void>
}

interface Job {
  id: string
  choice: ModelChoice
  paid: boolean
  concurrency: number
  instructions: string
  targets: (ReplayTarget & { position: number; original: OriginalReply; answeredAt: string | null })[]
  controller: AbortController
  engines: Set<DraftEngine>
  preparedPercent: number
  /** Why Frontline stopped it (the budget, the AI failing), when it did. */
  stopNote: string | null
  failuresInARow: number
  done?: Promise<ReplayRun>
}

const notFound = (replayId: string): AppFailure =>
  new AppFailure('not_found', `No replay ${replayId}.`, [{ field: 'replayId', message: 'not found' }])

const usd = (micro: number): string => `$${(micro / 1_000_000).toFixed(2)}`

export function createReplayLab(deps: ReplayLabDeps): ReplayLab {
  const { db, llm } = deps
  const budgetShare = deps.budgetShare ?? REPLAY_BUDGET_SHARE
  const maxFailures = deps.maxFailuresInARow ?? MAX_AI_FAILURES_IN_A_ROW
  const jobs = new Map<string, Job>()
  const now = (): string => deps.clock.now().toISOString()

  interruptOrphanedReplays(db, INTERRUPTED_REPLAY_NOTE, now())
  // Another process on this database may be running a replay: its copy is kept.
  removeStaleScratchCopies(deps.scratchDir, (id) => {
    const status = getReplayRow(db, id)?.status
    return status === 'preparing' || status === 'running'
  })

  const view = (row: ReplayRow): ReplayRun => {
    const counts = replayItemCounts(db, row.id)
    return {
      id: row.id,
      status: row.status,
      providerId: row.provider,
      model: row.model,
      baseline: { providerId: row.baseline_provider, model: row.baseline_model },
      promptEdited: row.prompt_edited === 1,
      concurrency: row.concurrency,
      total: row.total,
      ...counts,
      spentMicroUsd: usageForReplay(db, row.id).costMicroUsd,
      preparedPercent: row.status === 'preparing' ? (jobs.get(row.id)?.preparedPercent ?? 0) : 100,
      startedBy: row.started_by,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      note: row.note
    }
  }
  const runOf = (replayId: string): ReplayRun => {
    const row = getReplayRow(db, replayId)
    if (!row) throw notFound(replayId)
    return view(row)
  }
  const publish = (replayId: string): ReplayRun => {
    const run = runOf(replayId)
    deps.events.emit('replay.progress', run)
    return run
  }

  const profileOf = (providerId: string): ProviderProfile | undefined =>
    llm.profiles().find((p) => p.id === providerId)

  function resolveChoice(input: z.output<typeof ReplayStartInput>): { choice: ModelChoice; paid: boolean } {
    const choice =
      input.providerId && input.model
        ? { providerId: input.providerId, model: input.model }
        : llm.defaultModel()
    const profile = profileOf(choice.providerId)
    if (!profile)
      throw new AppFailure('invalid_input', `Unknown AI provider "${choice.providerId}".`, [
        { field: 'providerId', message: 'unknown provider' }
      ])
    const price = findModel(profile, choice.model)
    if (!price)
      throw new AppFailure('invalid_input', `${profile.name} has no model "${choice.model}".`, [
        { field: 'model', message: 'unknown model for this provider' }
      ])
    return { choice, paid: !isFree(price) }
  }

  function resolveSelection(selection: z.output<typeof ReplaySelection>): ReplayTarget[] {
    if (selection.kind === 'latest')
      return chooseAnsweredTickets(db, selection.filter, selection.limit, 'latest')
    if (selection.kind === 'sample')
      return chooseAnsweredTickets(db, selection.filter, selection.size, 'sample')
    const issues: FieldIssue[] = []
    const targets: ReplayTarget[] = []
    const seen = new Set<string>()
    selection.ticketIds.forEach((ticketId, i) => {
      if (seen.has(ticketId)) return
      seen.add(ticketId)
      const field = `selection.ticketIds.${i}`
      if (!getTicketSummary(db, ticketId))
        return void issues.push({ field, message: `no ticket ${ticketId}` })
      const target = answeredTicket(db, ticketId)
      if (!target)
        return void issues.push({
          field,
          message: `${ticketId} has no reply sent after a customer's message`
        })
      targets.push(target)
    })
    if (issues.length > 0)
      throw new AppFailure(
        'invalid_input',
        `Not every ticket can be replayed: ${issues.map((i) => i.message).join('; ')}.`,
        issues
      )
    return targets
  }

  function refuseWhileRunning(): void {
    interruptOrphanedReplays(db, INTERRUPTED_REPLAY_NOTE, now())
    const running = listReplayRows(db, 20).find((r) => r.status === 'preparing' || r.status === 'running')
    if (running)
      throw new AppFailure(
        'conflict',
        `Replay ${running.id} is still running: wait for it, or cancel it, before starting another.`
      )
  }

  /** Why the next ticket should not start, if it should not. */
  function stopReason(job: Job): string | null {
    if (job.controller.signal.aborted) return 'cancelled'
    if (job.stopNote) return job.stopNote
    if (job.paid) {
      const budget = llm.budget.status()
      const limit = budget.limitMicroUsd
      if (limit !== null && budget.spentTodayMicroUsd + budget.reservedMicroUsd >= limit * budgetShare) {
        job.stopNote =
          `Stopped to keep the rest of today's AI budget for live drafting: ${usd(budget.spentTodayMicroUsd)} ` +
          `of ${usd(limit)} spent (a replay stops at ${Math.round(budgetShare * 100)}%).`
      }
    }
    return job.stopNote
  }

  async function replayOne(job: Job, scratch: ScratchCopy, target: Job['targets'][number]): Promise<void> {
    // The clock stands at the moment the reply was sent: "today" in the prompt and the return window are as they were.
    const port: ChatPort = {
      chat: (request) => llm.chat({ ...request, ticketId: undefined, replayId: job.id })
    }
    const engine = createDraftEngine({
      db: scratch.db,
      clock: fixedClock(target.original.sentAt),
      events: new CoreEvents(),
      tools: deps.tools,
      gateway: port,
      defaultModel: () => job.choice
    })
    job.engines.add(engine)
    let status: Exclude<ReplayItemStatus, 'pending'> = 'failed'
    let error: string | null = null
    let draftId: string | null = null
    let outcome: Pick<Parameters<typeof finishReplayItem>[1], 'shadow' | 'agreement'> = {
      shadow: null,
      agreement: null
    }
    try {
      const draft = await engine.start(target.ticketId, job.choice, { streamTokens: false }).done
      draftId = draft.id
      const shadow = readShadowDraft(scratch.db, draft, shopOrderIdRules(scratch.db))
      if (draft.status === 'failed' && job.controller.signal.aborted) {
        status = 'cancelled'
        error = 'Cancelled while the draft was being written.'
      } else if (draft.status === 'ready' || draft.status === 'fallback') {
        status = 'done'
        outcome = { shadow, agreement: compareReplies(target.original, shadow) }
      } else {
        error = draft.reason ?? `The draft ended ${draft.status}.`
        outcome = { shadow, agreement: null }
      }
      job.failuresInARow = draft.status === 'ready' ? 0 : job.failuresInARow + 1
      if (job.failuresInARow >= maxFailures && !job.controller.signal.aborted) {
        job.stopNote = `Stopped: the AI failed on ${job.failuresInARow} tickets in a row (${draft.reason ?? draft.status}).`
      }
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure)
      console.error(`[replay] ${job.id} ${target.ticketId} failed`, failure)
    } finally {
      job.engines.delete(engine)
    }
    const usage = draftId ? usageForDraft(db, draftId) : null
    finishReplayItem(db, {
      replayId: job.id,
      position: target.position,
      status,
      ...outcome,
      usage: {
        calls: usage?.calls ?? 0,
        tokensIn: usage?.tokensIn ?? 0,
        tokensOut: usage?.tokensOut ?? 0,
        tokensCached: usage?.tokensCached ?? 0,
        costMicroUsd: usage?.costMicroUsd ?? 0
      },
      error,
      now: now()
    })
    publish(job.id)
  }

  async function execute(job: Job): Promise<ReplayRun> {
    let scratch: ScratchCopy | undefined
    let final: ReplayStatus = 'done'
    let note: string | null = null
    try {
      let lastShown = -1
      scratch = await makeScratchCopy(db, {
        dir: deps.scratchDir,
        replayId: job.id,
        signal: job.controller.signal,
        onProgress: (percent) => {
          job.preparedPercent = percent
          if (percent - lastShown >= 5) {
            lastShown = percent
            publish(job.id)
          }
        }
      })
      const threads: ReplayedThread[] = job.targets.map((t) => ({
        ticketId: t.ticketId,
        replyMessageId: t.replyMessageId,
        answeredAt: t.answeredAt
      }))
      rewindScratchCopy(scratch.db, threads, { instructions: job.instructions, at: now() })
      if (!job.controller.signal.aborted) {
        setReplayStatus(db, job.id, 'running')
        publish(job.id)
        const queue = [...job.targets]
        const worker = async (copy: ScratchCopy): Promise<void> => {
          while (queue.length > 0 && stopReason(job) === null) {
            const target = queue.shift()
            if (target) await replayOne(job, copy, target)
          }
        }
        const copy = scratch
        await Promise.all(Array.from({ length: Math.min(job.concurrency, queue.length) }, () => worker(copy)))
      }
      if (job.controller.signal.aborted) final = 'cancelled'
      else if (job.stopNote) {
        final = 'stopped'
        note = job.stopNote
      }
    } catch (error) {
      if (error instanceof CopyCancelled || job.controller.signal.aborted) final = 'cancelled'
      else {
        final = 'failed'
        note = `The replay failed: ${error instanceof Error ? error.message : String(error)}`
        console.error(`[replay] ${job.id} failed`, error)
      }
    } finally {
      try {
        scratch?.discard()
      } catch (error) {
        console.error(`[replay] could not delete the scratch copy of ${job.id}`, error)
      }
    }
    const at = now()
    const why =
      final === 'cancelled'
        ? 'Cancelled before it was drafted.'
        : (note ?? 'Not drafted: the replay ended first.')
    cancelPendingReplayItems(db, job.id, why, at)
    setReplayStatus(db, job.id, final, { note, finishedAt: at })
    jobs.delete(job.id)
    return publish(job.id)
  }

  return {
    candidates: (query) => listAnsweredTickets(db, query.filter, query.limit, query.offset),

    start(input, startedBy) {
      refuseWhileRunning()
      const { choice, paid } = resolveChoice(input)
      const chosen = resolveSelection(input.selection).slice(0, MAX_REPLAY_TICKETS)
      if (chosen.length === 0)
        throw new AppFailure('not_found', 'No answered tickets match: there is nothing to replay.', [
          { field: 'selection', message: 'no answered tickets match' }
        ])
      const rules = shopOrderIdRules(db)
      const targets = chosen.map((target, position) => ({
        ...target,
        position,
        original: readOriginalReply(db, target, rules),
        answeredAt: answeredMessageAt(db, target)
      }))
      const current = shopInstructions(db)
      const instructions = input.instructions ?? current
      const id = `RPL-${randomUUID()}`
      insertReplay(db, {
        id,
        ...choice,
        baseline: llm.defaultModel(),
        instructions,
        promptEdited: instructions.trim() !== current.trim(),
        selection: input.selection,
        concurrency: input.concurrency,
        startedBy,
        owner: deps.owner,
        now: now(),
        targets
      })
      const job: Job = {
        id,
        choice,
        paid,
        concurrency: input.concurrency,
        instructions,
        targets,
        controller: new AbortController(),
        engines: new Set(),
        preparedPercent: 0,
        stopNote: null,
        failuresInARow: 0
      }
      jobs.set(id, job)
      job.done = execute(job)
      return publish(id)
    },

    cancel(replayId) {
      const job = jobs.get(replayId)
      if (!job) return runOf(replayId)
      job.controller.abort()
      for (const engine of job.engines) void engine.cancelAll('The replay was cancelled.')
      return runOf(replayId)
    },

    detail({ replayId, limit, offset }) {
      const row = getReplayRow(db, replayId)
      if (!row) throw notFound(replayId)
      const all = listReplayItems(db, replayId, MAX_REPLAY_TICKETS, 0)
      const baseline = profileOf(row.baseline_provider)
      return {
        run: view(row),
        instructions: row.instructions,
        summary: summarizeReplay(
          all,
          usageForReplay(db, replayId).costMicroUsd,
          baseline ? findModel(baseline, row.baseline_model) : undefined
        ),
        items: all.slice(offset, offset + limit)
      }
    },

    list: (limit) => listReplayRows(db, limit).map(view),

    exportCsv(replayId) {
      const row = getReplayRow(db, replayId)
      if (!row) throw notFound(replayId)
      return replayCsv(view(row), listReplayItems(db, replayId, MAX_REPLAY_TICKETS, 0))
    },

    finished: (replayId) => jobs.get(replayId)?.done ?? Promise.resolve(runOf(replayId)),

    running: () => jobs.size,

    async close() {
      const running = [...jobs.values()]
      for (const job of running) {
        job.controller.abort()
        for (const engine of job.engines) void engine.cancelAll('Frontline is closing.')
      }
      await Promise.allSettled(running.map((job) => job.done))
    }
  }
}
