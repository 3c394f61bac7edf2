import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { benchArgSchema } from '../../src/main/bench/bench-command'
import type { ImportBenchReport } from '../../src/main/bench/import-bench'
import { checkTargets, formatReport } from '../../src/main/bench/report'
import type { BenchReport, LevelReport } from '../../src/main/bench/run-bench'
import { loopDelayMs, percentile, steadyState, summarize } from '../../src/main/bench/stats'
import { openDb } from '../../src/main/db/connection'
import { countDraftWork, insertOrderStatusTickets } from '../../src/main/db/fixtures/bench-tickets'
import { seedDemoShop } from '../../src/main/db/fixtures/seed-demo-shop'
import { listMessages } from '../../src/main/db/repositories/tickets'
import { builtAppProblem } from '../support/built-app'
import type { TeamBenchReport } from '../../src/main/team-server/team-bench'

describe('bench statistics', () => {
  it('takes percentiles by nearest rank, so each is a value that was observed', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(sorted, 50)).toBe(50)
    expect(percentile(sorted, 95)).toBe(95)
    expect(percentile(sorted, 99)).toBe(99)
    expect(percentile(sorted, 100)).toBe(100)
    expect(percentile(sorted, 0)).toBe(1)
    expect(percentile([7], 99)).toBe(7)
    expect(percentile([10, 20, 30], 50)).toBe(20)
    expect(percentile([10, 20, 30, 40], 50)).toBe(20)
    expect(percentile([], 50)).toBeNaN()
  })

  it('summarizes unsorted samples without reordering the caller’s array', () => {
    const samples = [5, 1, 4, 2, 3]
    expect(summarize(samples)).toEqual({ count: 5, min: 1, mean: 3, p50: 3, p95: 5, p99: 5, max: 5 })
    expect(samples).toEqual([5, 1, 4, 2, 3])
    expect(summarize([]).count).toBe(0)
  })

  it('measures a closed loop once its ramp has ended: steady latencies, and the rate they started at', () => {
    // Three start during the ramp; the slowest of them ends at 1 100 ms. One starts every 5 ms as
    // another ends; those that started before 1 100 ms still ran beside a ramp conversation.
    const samples = [
      { startedMs: 0, latencyMs: 900 },
      { startedMs: 100, latencyMs: 1000 },
      { startedMs: 200, latencyMs: 700 },
      ...Array.from({ length: 31 }, (_, i) => ({ startedMs: 1000 + 5 * i, latencyMs: 410 + i }))
    ]
    const steady = steadyState(samples, 3)
    // Starts at 1 100 ms and later: the last eleven.
    expect(steady.latencies).toEqual(Array.from({ length: 11 }, (_, i) => 430 + i))
    expect(steady.perSec).toBe(200)
    // Too few after the ramp to measure a rate: every sample counts, and there is no rate.
    const short = steadyState(samples.slice(0, 4), 3)
    expect(short.latencies).toEqual([900, 1000, 700, 410])
    expect(short.perSec).toBeNaN()
  })

  it('reads the loop delay as what lies beyond the sampling interval', () => {
    expect(loopDelayMs(10_076_160, 10)).toBeCloseTo(0.076, 3)
    expect(loopDelayMs(35_000_000, 10)).toBe(25)
    expect(loopDelayMs(9_000_000, 10)).toBe(0)
  })
})

describe('bench tickets', () => {
  it('asks about real shipped orders, one ticket per conversation, and counts what drafting wrote', () => {
    const db = openDb(':memory:')
    seedDemoShop(db, { seed: 42, anchor: '2026-11-20T12:00:00.000Z' })
    const now = '2026-11-20T12:00:00.000Z'
    const tickets = insertOrderStatusTickets(db, { prefix: 'TKT-B50-', count: 3, now })
    expect(tickets.map((t) => t.ticketId)).toEqual(['TKT-B50-000001', 'TKT-B50-000002', 'TKT-B50-000003'])
    for (const { ticketId, orderId } of tickets) {
      const status = db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId)
      expect(status).toBe('shipped')
      const [message] = listMessages(db, ticketId)
      expect(message?.body).toContain(orderId)
      expect(message?.author).toBe('customer')
    }
    expect(countDraftWork(db, 'TKT-B50-')).toEqual({
      tickets: 3,
      drafts: {},
      toolCalls: 0,
      modelCalls: 0,
      failedModelCalls: 0
    })
    // The prefix is matched literally: "_" is no wildcard, and other batches are not counted.
    insertOrderStatusTickets(db, { prefix: 'TKT-B5X-', count: 2, now })
    expect(countDraftWork(db, 'TKT-B5_-').tickets).toBe(0)
    expect(countDraftWork(db, 'TKT-B5').tickets).toBe(5)
    db.close()
  })
})

describe('bench arguments', () => {
  it('reads levels and numbers, and names the option that is wrong', () => {
    const ok = benchArgSchema.parse({ concurrency: '1,50,500', rounds: '3', 'latency-ms': '150' })
    expect(ok).toEqual({ concurrency: [1, 50, 500], rounds: 3, 'latency-ms': 150 })

    const paths = (input: unknown) =>
      benchArgSchema.safeParse(input).error?.issues.map((i) => [String(i.path[0]), i.message])
    expect(paths({ 'base-url': 'http://127.0.0.1:9/v1' })).toEqual([
      ['model', 'is required with --base-url (the model id to call)']
    ])
    expect(paths({ 'base-url': 'http://127.0.0.1:9/v1', model: 'm', 'latency-ms': '5' })?.[0]?.[0]).toBe(
      'latency-ms'
    )
    expect(paths({ model: 'm' })?.[0]?.[0]).toBe('model')
    expect(paths({ concurrency: '1,,5' })?.[0]?.[0]).toBe('concurrency')
    expect(paths({ concurrency: '0' })?.[0]?.[0]).toBe('concurrency')
    expect(paths({ 'base-url': 'ftp://example.com', model: 'm' })?.[0]?.[0]).toBe('base-url')
    expect(paths({ rounds: 'many' })?.[0]).toEqual(['rounds', 'expected a whole number'])
    expect(paths({ 'engine-only': true, 'chat-only': true })?.[0]?.[0]).toBe('chat-only')
    expect(paths({ 'base-url': 'http://127.0.0.1:9/v1', model: 'm', 'chat-only': true })?.[0]?.[0]).toBe(
      'chat-only'
    )
    expect(paths({ 'import-only': true, 'engine-only': true })?.[0]?.[0]).toBe('import-only')
    expect(paths({ 'import-orders': '0' })?.[0]?.[0]).toBe('import-orders')
    expect(benchArgSchema.parse({ 'import-only': true, 'import-orders': '5000' })).toEqual({
      'import-only': true,
      'import-orders': 5000
    })
  })
})

const level = (overrides: Partial<LevelReport>): LevelReport => ({
  concurrency: 500,
  conversations: 2500,
  wallMs: 4000,
  throughputPerSec: 625,
  latencyMs: { mean: 700, p50: 690, p95: 800, p99: 850, max: 900 },
  burst: { conversations: 500, p50: 1100, p99: 1300, max: 1310 },
  overheadP50Ms: 290,
  loopDelayMs: { p50: 0.1, p99: 4, max: 9 },
  peakRssMb: 300,
  cpuMsPerConversation: 2,
  outcomes: { ready: 2500 },
  failureReasons: {},
  errors: 0,
  modelCallsPerConversation: 2,
  toolCallsPerConversation: 1,
  ...overrides
})

const report = (levels: LevelReport[], kind: 'mock' | 'external' = 'mock'): BenchReport => ({
  bench: 'frontline-engine',
  provider: { kind, latencyMs: kind === 'mock' ? 200 : null, model: 'bench-model' },
  floorMs: kind === 'mock' ? 400 : null,
  machine: {
    cpuModel: 'Test CPU',
    cpus: 2,
    nodeVersion: 'v20',
    platform: 'linux-x64',
    totalMemMb: 1,
    loadAverageAtStart: 0
  },
  levels
})

describe('bench report', () => {
  it('checks the targets at 500 concurrent conversations of the mock, and only there', () => {
    const checks = checkTargets(report([level({ concurrency: 1 }), level({})]))
    expect(checks?.map((c) => [c.name, c.met])).toEqual([
      ['throughput', true],
      ['p99 latency', false],
      ['event-loop delay p99', true],
      ['errors', true]
    ])
    expect(checkTargets(report([level({ concurrency: 50 })]))).toBeNull()
    expect(checkTargets(report([level({})], 'external'))).toBeNull()
  })

  it('prints one row per level and the missed targets', () => {
    const lines = formatReport(report([level({ concurrency: 1, conversations: 20 }), level({})]))
    expect(lines.filter((l) => /^\s+(1|500)\s+(20|2500)\s/.test(l))).toHaveLength(2)
    expect(lines).toContain('  MISSED p99 latency: 850 (target < 700 ms)')
    expect(lines.find((l) => /^\s+500\s/.test(l))).toContain(' 1100/1300 ')
  })
})

describe('the built benchmark', () => {
  const root = join(__dirname, '../..')
  const cliProblem = builtAppProblem(['bench.js', 'cli.js'])
  it.skipIf(cliProblem !== null)(
    `imports a generated Shopify export with the real CLI in a child process and reports rows/s and peak RSS${cliProblem ? ` (skipped: ${cliProblem})` : ''}`,
    async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(root, 'out/main/bench.js'), '--import-only', '--import-orders', '3000'],
        { timeout: 120_000 }
      )
      const lines = stdout.trim().split('\n')
      const last = JSON.parse(lines.at(-1)!) as { import: ImportBenchReport }
      expect(last.import).toMatchObject({ orders: 3000, ordersInDatabase: 3000 })
      expect(last.import.rows).toBeGreaterThan(3000)
      expect(last.import.rowsPerSec).toBeGreaterThan(0)
      expect(last.import.peakRssMb).toBeGreaterThan(0)
      expect(last.import.cpuSeconds).toBeGreaterThan(0)
      expect(last.import.busiestThreadCpuSeconds).toBeGreaterThan(0)
      expect(lines.some((l) => l.startsWith('Import: 3,000 orders'))).toBe(true)
    },
    120_000
  )

  const problem = builtAppProblem(['bench.js', 'core-worker.js'])
  it.skipIf(problem !== null)(
    `runs the engine in its worker against the mock in a child process and ends with the JSON report${problem ? ` (skipped: ${problem})` : ''}`,
    async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          join(root, 'out/main/bench.js'),
          '--concurrency',
          '1,4',
          '--rounds',
          '2',
          '--warmup',
          '2',
          '--latency-ms',
          '5',
          '--engine-only'
        ],
        { timeout: 60_000 }
      )
      const lines = stdout.trim().split('\n')
      const last = JSON.parse(lines.at(-1)!) as BenchReport
      expect(last.bench).toBe('frontline-engine')
      expect(last.floorMs).toBe(10)
      expect(last.levels.map((l) => [l.concurrency, l.errors])).toEqual([
        [1, 0],
        [4, 0]
      ])
      // Measured: those that started once the ramp had ended (at one at a time, every one).
      expect(last.levels[0]!.conversations).toBe(20)
      expect(last.levels[1]!.conversations).toBeGreaterThan(0)
      expect(last.levels[1]!.conversations).toBeLessThanOrEqual(20)
      for (const l of last.levels) {
        // The ramp, the 20 measured, then the burst: all answered by the model.
        expect(l.outcomes).toEqual({ ready: l.concurrency + 20 + l.concurrency })
        expect(l.burst.conversations).toBe(l.concurrency)
        // Every conversation was the real loop: two model calls and one tool call, all recorded.
        expect(l.modelCallsPerConversation).toBe(2)
        expect(l.toolCallsPerConversation).toBe(1)
        expect(l.latencyMs.p50).toBeGreaterThanOrEqual(10)
        expect(l.peakRssMb).toBeGreaterThan(0)
      }
      expect(lines.some((l) => l.startsWith('concurrent'))).toBe(true)
    },
    60_000
  )

  it.skipIf(problem !== null)(
    `runs the team server with consoles in another process watching the chats draft, and reports the delay and memory${problem ? ` (skipped: ${problem})` : ''}`,
    async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          join(root, 'out/main/bench.js'),
          '--team-only',
          '--team-consoles',
          '3',
          '--team-chats',
          '4',
          '--warmup',
          '2',
          '--latency-ms',
          '5'
        ],
        { timeout: 90_000 }
      )
      const { team } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { team: TeamBenchReport }
      expect(team.bench).toBe('frontline-team-server')
      expect(team.consoles).toBe(3)
      expect(team.chat.errors).toBe(0)
      // Every console was sent every change: three arrivals of each draft written while measuring.
      expect(team.delay.changesPerConsole.min).toBe(team.delay.changesPerConsole.max)
      expect(team.delay.delayMs.count).toBe(3 * team.delay.changesPerConsole.max)
      expect(team.delay.changesPerConsole.max).toBeGreaterThan(0)
      expect(team.memory.idleRssMb).toBeGreaterThan(0)
      expect(stdout).toContain('Team server: 3 consoles signed in while 4 chats draft')
    },
    90_000
  )
})
