import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { Draft } from '../../shared/domain/draft'
import { startCoreWorker, type CoreWorkerHost } from '../core/core-worker-host'
import { customProviderProfile } from '../core/llm-setup'
import type { WorkerData } from '../core/worker-protocol'
import { openDb } from '../db/connection'
import { countDraftWork, insertOrderStatusTickets, type DraftWork } from '../db/fixtures/bench-tickets'
import { seedDemoShop } from '../db/fixtures/seed-demo-shop'
import { writeTriageSettings } from '../triage/triage-settings'
import type { ProviderProfile } from '../llm'
import { startMockProcess, type MockProcess } from './mock-process'
import {
  loopDelayMs,
  RAMP_MS_PER_CONVERSATION,
  round,
  steadyState,
  summarize,
  warmupConversations
} from './stats'

export type BenchProvider =
  { kind: 'mock'; latencyMs: number } | { kind: 'external'; baseURL: string; model: string; apiKey: string }

export interface BenchOptions {
  provider: BenchProvider
  /** Conversations in flight at once, one level after another. */
  concurrency: readonly number[]
  /** Each level runs `rounds × concurrency` conversations (at least `minConversations`), closed loop. */
  rounds: number
  minConversations: number
  /**
   * Unreported conversations first, so the levels measure a warm engine; by default
   * `warmupConversations` of the largest level.
   */
  warmup?: number
  /** The built core worker (out/main/core-worker.js) and the bench entry that serves the mock. */
  coreWorkerFile: string
  benchEntry: string
  log(line: string): void
}

export interface LevelReport {
  concurrency: number
  /** Measured in steady state: every conversation started once the ramp's had all ended, with `concurrency − 1` others in flight. */
  conversations: number
  wallMs: number
  /** Steady-state conversations a second (in a closed loop they start at the rate they end). */
  throughputPerSec: number
  /** Of the steady-state conversations. */
  latencyMs: { mean: number; p50: number; p95: number; p99: number; max: number }
  /** After the level: `concurrency` new conversations started in the same millisecond on an idle engine. */
  burst: { conversations: number; p50: number; p99: number; max: number }
  /** p50 latency minus the two model calls' latency; null when the provider's latency is unknown. */
  overheadP50Ms: number | null
  loopDelayMs: { p50: number; p99: number; max: number }
  /** The process's peak resident memory so far (main thread and core worker share it). */
  peakRssMb: number
  /** CPU time of the whole bench process (host thread, core worker, GC) per conversation; load-independent. */
  cpuMsPerConversation: number
  outcomes: Record<string, number>
  /** Why drafts fell back or failed, as the draft says it, with how often. */
  failureReasons: Record<string, number>
  /** Conversations that did not end in a model-written draft: fallbacks, failures, refused requests. */
  errors: number
  modelCallsPerConversation: number
  toolCallsPerConversation: number
}

export interface BenchReport {
  bench: 'frontline-engine'
  provider: { kind: BenchProvider['kind']; latencyMs: number | null; model: string }
  floorMs: number | null
  machine: {
    cpuModel: string
    cpus: number
    nodeVersion: string
    platform: string
    totalMemMb: number
    /** The 1-minute load average when the run began: other work on the machine skews every figure. */
    loadAverageAtStart: number
  }
  levels: LevelReport[]
}

const MOCK_MODEL = 'bench-model'
const LOOP_RESOLUTION_MS = 10
/**
 * The warm-up runs as many conversations at once as the largest level (never fewer than this), as
 * the chat benchmark's does: warmed 50 at a time, the 500 level's first seconds after its ramp
 * opened 450 new connections and grew the heaps, and ran 15-40 % slower than the rest of the level.
 */
const WARMUP_MIN_CONCURRENCY = 50
const ANCHOR = '2026-11-20T12:00:00.000Z'
const mb = (bytes: number) => round(bytes / 1024 / 1024, 0)

/** Priced like a small hosted model, so every call also runs the cost path (ledger, costs.changed). */
export function mockProviderProfile(baseURL: string, maxInFlight: number): ProviderProfile {
  return {
    id: 'bench-mock',
    name: 'Benchmark mock provider',
    baseURL,
    models: [{ id: MOCK_MODEL, inputPerMTok: 0.4, cachedInputPerMTok: 0.1, outputPerMTok: 1.6 }],
    source: { url: baseURL, checkedOn: '2026-11-25', note: 'the benchmark mock, priced like gpt-4.1-mini' },
    rateLimits: unthrottled(maxInFlight),
    timeoutMs: 30_000
  }
}

/** The bench measures the engine, so our own limiter must never be what holds it back. */
const unthrottled = (maxInFlight: number) => ({
  requestsPerMinute: 10_000_000,
  tokensPerMinute: 2_000_000_000,
  maxInFlight: Math.max(1, maxInFlight)
})

export async function runBenchmark(options: BenchOptions): Promise<BenchReport> {
  const { log } = options
  const loadAverageAtStart = round(loadavg()[0] ?? 0, 2)
  const dir = mkdtempSync(join(tmpdir(), 'frontline-bench-'))
  const dbPath = join(dir, 'bench.db')
  const maxConcurrency = Math.max(...options.concurrency)
  const warmup = options.warmup ?? warmupConversations(maxConcurrency)
  const plan = options.concurrency.map((concurrency) => ({
    concurrency,
    conversations: Math.max(options.minConversations, options.rounds * concurrency)
  }))
  const floorMs = options.provider.kind === 'mock' ? 2 * options.provider.latencyMs : null
  let mock: MockProcess | undefined
  let host: CoreWorkerHost | undefined
  try {
    log(`Seeding the demo shop into ${dbPath}…`)
    const db = openDb(dbPath)
    seedDemoShop(db, { seed: 42, anchor: ANCHOR })
    // The benchmark measures the drafting loop (two model calls per conversation): triage reads the
    // new tickets by the rules, which asks the provider nothing.
    writeTriageSettings(db, { mode: 'rules' })
    const now = new Date().toISOString()
    const warmupTickets = insertOrderStatusTickets(db, { prefix: 'TKT-BW-', count: warmup, now })
    // Per level: the ramp, the measured conversations, then the burst.
    const levelTickets = plan.map((level) =>
      insertOrderStatusTickets(db, {
        prefix: levelPrefix(level.concurrency),
        count: level.concurrency + level.conversations + level.concurrency,
        now
      }).map((t) => t.ticketId)
    )
    db.close()

    let profile: ProviderProfile
    let apiKey: string
    if (options.provider.kind === 'mock') {
      mock = await startMockProcess(options.benchEntry, options.provider.latencyMs)
      log(`Mock provider at ${mock.baseURL} (pid ${mock.pid}), ${options.provider.latencyMs} ms per call.`)
      profile = mockProviderProfile(mock.baseURL, maxConcurrency)
      apiKey = 'sk-bench-mock'
    } else {
      const custom = customProviderProfile(options.provider.baseURL, options.provider.model)
      profile = { ...custom, rateLimits: unthrottled(maxConcurrency) }
      apiKey = options.provider.apiKey
    }
    const model = profile.models[0]!.id
    const workerData: WorkerData = {
      dbPath,
      env: {},
      llm: {
        connections: [{ profile, apiKey }],
        defaultModel: { providerId: profile.id, model },
        dailyBudgetMicroUsd: null
      }
    }
    host = await startCoreWorker(workerData, options.coreWorkerFile)

    if (warmupTickets.length > 0) {
      const warmupConcurrency = Math.min(
        Math.max(WARMUP_MIN_CONCURRENCY, maxConcurrency),
        warmupTickets.length
      )
      log(`Warm-up: ${warmupTickets.length} conversations, ${warmupConcurrency} at once…`)
      await runLevel(
        host,
        warmupTickets.map((t) => t.ticketId),
        warmupConcurrency,
        0
      )
    }
    const measured: { run: LevelRun; burst: LevelRun; concurrency: number }[] = []
    for (const [i, level] of plan.entries()) {
      const tickets = levelTickets[i]!
      const loopTickets = tickets.slice(0, tickets.length - level.concurrency)
      log(`${level.concurrency} concurrent: a ramp, ${level.conversations} conversations, then a burst…`)
      const rampMs = level.concurrency * RAMP_MS_PER_CONVERSATION
      const run = await runLevel(host, loopTickets, level.concurrency, rampMs)
      const burst = await runLevel(host, tickets.slice(loopTickets.length), level.concurrency, 0)
      measured.push({ run, burst, concurrency: level.concurrency })
    }
    await host.close()
    host = undefined

    const counted = openDb(dbPath)
    const levels = measured.map(({ run, burst, concurrency }) =>
      levelReport(run, burst, concurrency, countDraftWork(counted, levelPrefix(concurrency)), floorMs)
    )
    counted.close()
    return {
      bench: 'frontline-engine',
      provider: {
        kind: options.provider.kind,
        latencyMs: options.provider.kind === 'mock' ? options.provider.latencyMs : null,
        model
      },
      floorMs,
      machine: {
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        cpus: availableParallelism(),
        nodeVersion: process.version,
        platform: `${process.platform}-${process.arch}`,
        totalMemMb: mb(totalmem()),
        loadAverageAtStart
      },
      levels
    }
  } finally {
    await host?.close()
    await mock?.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const levelPrefix = (concurrency: number) => `TKT-B${concurrency}-`

interface LevelRun {
  wallMs: number
  /** In the order the conversations started; the first `concurrency` are the ramp. */
  conversations: { startedMs: number; latencyMs: number }[]
  outcomes: Record<string, number>
  failureReasons: Record<string, number>
  loop: { p50: number; p99: number; max: number }
  maxRssBytes: number
  cpuMs: number
}

/**
 * A closed loop: `concurrency` conversations start spread evenly over `rampMs` (all at once when
 * 0) and each one that ends starts the next, until every ticket has had its draft. A ramp is how
 * load reaches a level in life; started in the same millisecond, the 500 would move in lockstep for
 * several rounds, a burst that is measured on its own instead. A conversation's latency runs from the `drafts.generate`
 * request to the `draft.changed` event that takes its draft out of `generating`, both stamped here
 * on the host's thread, which does nothing else but route the messages, as the app's main process does.
 */
async function runLevel(
  host: CoreWorkerHost,
  ticketIds: readonly string[],
  concurrency: number,
  rampMs: number
): Promise<LevelRun> {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
  const startedAt = new Map<string, { order: number; at: number }>()
  const conversations: LevelRun['conversations'] = []
  const outcomes: Record<string, number> = {}
  const failureReasons: Record<string, number> = {}
  let next = 0
  let finished = 0
  const began = performance.now()
  const cpuBefore = process.cpuUsage()
  loop.enable()

  await new Promise<void>((resolve) => {
    let unsubscribe = (): void => undefined
    const end = (ticketId: string, outcome: string) => {
      const started = startedAt.get(ticketId)
      if (started === undefined) return
      startedAt.delete(ticketId)
      conversations[started.order] = {
        startedMs: started.at - began,
        latencyMs: performance.now() - started.at
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
      finished++
      if (next < ticketIds.length) start()
      else if (finished === ticketIds.length) {
        unsubscribe()
        resolve()
      }
    }
    const start = () => {
      const order = next++
      const ticketId = ticketIds[order]!
      startedAt.set(ticketId, { order, at: performance.now() })
      void host.invoke('drafts.generate', { ticketId }).then((result) => {
        if (!result.ok) end(ticketId, `refused:${result.error.code}`)
      })
    }
    unsubscribe = host.subscribe((event, payload) => {
      if (event !== 'draft.changed') return
      const draft = payload as Draft
      if (draft.status === 'generating') return
      if (draft.status !== 'ready' && startedAt.has(draft.ticketId)) {
        const reason = draft.reason ?? draft.status
        failureReasons[reason] = (failureReasons[reason] ?? 0) + 1
      }
      end(draft.ticketId, draft.status)
    })
    if (ticketIds.length === 0) resolve()
    const first = Math.min(concurrency, ticketIds.length)
    for (let i = 0; i < first; i++) {
      if (rampMs > 0 && i > 0) setTimeout(start, (i * rampMs) / first)
      else start()
    }
  })

  const wallMs = performance.now() - began
  const cpu = process.cpuUsage(cpuBefore)
  loop.disable()
  return {
    wallMs,
    conversations,
    outcomes,
    failureReasons,
    loop: {
      p50: loopDelayMs(loop.percentile(50), LOOP_RESOLUTION_MS),
      p99: loopDelayMs(loop.percentile(99), LOOP_RESOLUTION_MS),
      max: loopDelayMs(loop.max, LOOP_RESOLUTION_MS)
    },
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuMs: (cpu.user + cpu.system) / 1000
  }
}

function levelReport(
  run: LevelRun,
  burst: LevelRun,
  concurrency: number,
  work: DraftWork,
  floorMs: number | null
): LevelReport {
  const all = run.conversations.length
  const steady = steadyState(run.conversations, concurrency)
  const s = summarize(steady.latencies)
  const wave = summarize(burst.conversations.map((c) => c.latencyMs))
  const outcomes = { ...run.outcomes }
  for (const [outcome, n] of Object.entries(burst.outcomes)) outcomes[outcome] = (outcomes[outcome] ?? 0) + n
  const failureReasons = { ...run.failureReasons }
  for (const [reason, n] of Object.entries(burst.failureReasons))
    failureReasons[reason] = (failureReasons[reason] ?? 0) + n
  const everyOne = all + wave.count
  const errors = everyOne - (outcomes.ready ?? 0)
  return {
    concurrency,
    conversations: steady.latencies.length,
    wallMs: round(run.wallMs, 0),
    throughputPerSec: round(Number.isNaN(steady.perSec) ? (all / run.wallMs) * 1000 : steady.perSec, 1),
    latencyMs: {
      mean: round(s.mean),
      p50: round(s.p50),
      p95: round(s.p95),
      p99: round(s.p99),
      max: round(s.max)
    },
    burst: {
      conversations: wave.count,
      p50: round(wave.p50),
      p99: round(wave.p99),
      max: round(wave.max)
    },
    overheadP50Ms: floorMs === null ? null : round(s.p50 - floorMs),
    loopDelayMs: { p50: round(run.loop.p50, 2), p99: round(run.loop.p99, 2), max: round(run.loop.max, 2) },
    peakRssMb: mb(run.maxRssBytes),
    cpuMsPerConversation: round(run.cpuMs / Math.max(1, all), 2),
    outcomes,
    failureReasons,
    errors,
    modelCallsPerConversation: round(work.modelCalls / Math.max(1, everyOne), 2),
    toolCallsPerConversation: round(work.toolCalls / Math.max(1, everyOne), 2)
  }
}
