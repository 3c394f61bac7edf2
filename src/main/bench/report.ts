import type { BenchReport, LevelReport } from './run-bench'

/** The issue's targets, on this 2-core machine with the mock included, at 500 concurrent conversations. */
export const TARGETS = {
  concurrency: 500,
  minThroughputPerSec: 500,
  maxP99LatencyMs: 700,
  maxLoopDelayP99Ms: 20
} as const

export interface TargetCheck {
  name: string
  target: string
  actual: number
  met: boolean
}

/** Null when the run has no level at the target concurrency or did not use the mock (the targets assume it). */
export function checkTargets(report: BenchReport): TargetCheck[] | null {
  const level = report.levels.find((l) => l.concurrency === TARGETS.concurrency)
  if (!level || report.provider.kind !== 'mock') return null
  return [
    {
      name: 'throughput',
      target: `>= ${TARGETS.minThroughputPerSec}/s`,
      actual: level.throughputPerSec,
      met: level.throughputPerSec >= TARGETS.minThroughputPerSec
    },
    {
      name: 'p99 latency',
      target: `< ${TARGETS.maxP99LatencyMs} ms`,
      actual: level.latencyMs.p99,
      met: level.latencyMs.p99 < TARGETS.maxP99LatencyMs
    },
    {
      name: 'event-loop delay p99',
      target: `< ${TARGETS.maxLoopDelayP99Ms} ms`,
      actual: level.loopDelayMs.p99,
      met: level.loopDelayMs.p99 < TARGETS.maxLoopDelayP99Ms
    },
    { name: 'errors', target: '0', actual: level.errors, met: level.errors === 0 }
  ]
}

const COLUMNS: { title: string; value(l: LevelReport): string }[] = [
  { title: 'concurrent', value: (l) => String(l.concurrency) },
  { title: 'convs', value: (l) => String(l.conversations) },
  { title: 'wall s', value: (l) => (l.wallMs / 1000).toFixed(2) },
  { title: 'conv/s', value: (l) => l.throughputPerSec.toFixed(1) },
  { title: 'p50 ms', value: (l) => l.latencyMs.p50.toFixed(0) },
  { title: 'p95 ms', value: (l) => l.latencyMs.p95.toFixed(0) },
  { title: 'p99 ms', value: (l) => l.latencyMs.p99.toFixed(0) },
  {
    title: 'burst p50/p99',
    value: (l) => `${l.burst.p50.toFixed(0)}/${l.burst.p99.toFixed(0)}`
  },
  {
    title: 'overhead p50',
    value: (l) => (l.overheadP50Ms === null ? '-' : `${l.overheadP50Ms.toFixed(0)} ms`)
  },
  { title: 'loop p99 ms', value: (l) => l.loopDelayMs.p99.toFixed(1) },
  { title: 'peak RSS MB', value: (l) => String(l.peakRssMb) },
  { title: 'CPU ms/conv', value: (l) => l.cpuMsPerConversation.toFixed(2) },
  { title: 'calls/conv', value: (l) => `${l.modelCallsPerConversation}+${l.toolCallsPerConversation}` },
  { title: 'errors', value: (l) => String(l.errors) }
]

/** The human part of the output: a table per level, the outcomes, and the targets when they apply. */
export function formatReport(report: BenchReport): string[] {
  const rows = [COLUMNS.map((c) => c.title), ...report.levels.map((l) => COLUMNS.map((c) => c.value(l)))]
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ')
  const m = report.machine
  const out = [
    `Frontline engine benchmark: ${report.provider.kind === 'mock' ? `mock provider, ${report.provider.latencyMs} ms per call` : `external provider, model ${report.provider.model}`}` +
      (report.floorMs === null ? '' : `, floor ${report.floorMs} ms (two model calls)`),
    `Machine: ${m.cpuModel}, ${m.cpus} CPUs, ${m.totalMemMb} MB, Node ${m.nodeVersion} (${m.platform}); load average ${m.loadAverageAtStart} at start`,
    'Each level is a closed loop that ramps up at 500 conversations a second; its figures are of those started once',
    "the ramp's had ended. Then a burst: as many new conversations as the level, started in the same millisecond.",
    '',
    line(rows[0]!),
    ...rows.slice(1).map(line),
    '',
    ...report.levels.map(
      (l) =>
        `  ${l.concurrency} concurrent: ${Object.entries(l.outcomes)
          .map(([outcome, n]) => `${n} ${outcome}`)
          .join(
            ', '
          )}; latency mean ${l.latencyMs.mean} ms, max ${l.latencyMs.max} ms; loop delay max ${l.loopDelayMs.max} ms`
    ),
    ...report.levels.flatMap((l) =>
      Object.entries(l.failureReasons).map(([reason, n]) => `  ${l.concurrency} concurrent, ${n}x: ${reason}`)
    )
  ]
  const targets = checkTargets(report)
  if (targets) {
    out.push('', `Targets at ${TARGETS.concurrency} concurrent conversations:`)
    for (const t of targets)
      out.push(`  ${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.actual} (target ${t.target})`)
  }
  return out
}

/** The last line of the output, for scripts: the whole report and the target checks. */
export function reportJson(report: BenchReport): string {
  return JSON.stringify({ ...report, targets: checkTargets(report) })
}
