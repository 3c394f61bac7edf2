/** Percentiles by the nearest-rank method: the reported value is one that was actually observed. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  if (p <= 0) return sorted[0]!
  if (p >= 100) return sorted[sorted.length - 1]!
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.max(0, rank - 1)]!
}

export interface Summary {
  count: number
  min: number
  mean: number
  p50: number
  p95: number
  p99: number
  max: number
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const sum = sorted.reduce((total, x) => total + x, 0)
  return {
    count: sorted.length,
    min: sorted.length > 0 ? sorted[0]! : Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN
  }
}

/**
 * Node's event-loop delay histogram records each whole timer interval, resolution included
 * (an idle loop sampled every 10 ms reads about 10 ms); the delay is what lies beyond it.
 */
export const loopDelayMs = (histogramNs: number, resolutionMs: number): number =>
  Math.max(0, histogramNs / 1e6 - resolutionMs)

/** Rounds for a report: whole numbers stay whole, the rest keep `digits` decimals. */
export const round = (x: number, digits = 1): number => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/**
 * A level's conversations join at 500 a second while it ramps up: the rate the targets ask for.
 * Faster, the ramp itself overloads the engine and its queue takes seconds to drain; the
 * conversations move in lockstep meanwhile, which is a burst, measured on its own.
 */
export const RAMP_MS_PER_CONVERSATION = 2

/**
 * How many unmeasured conversations both benchmarks start with: twelve rounds of their largest
 * level (6 000 for 500 at once, six to seven seconds), never fewer than 200. V8 takes that long to
 * compile what a conversation runs: traced with `--trace-opt`, the server finished 100-175
 * optimizing compilations a second for the first five seconds of load and fewer than 10 a second
 * from the eighth on, each a few milliseconds to 90 ms of a helper thread's time on the same two
 * cores. A two-round warm-up (the default until 2026-12-04) left a second of that compiling
 * inside the measured part, so the figures held part of the process's start, not its peak load.
 */
export const warmupConversations = (largestConcurrency: number): number =>
  Math.max(200, 12 * largestConcurrency)

export interface ClosedLoopSample {
  /** When it started, from the start of the level. */
  startedMs: number
  latencyMs: number
}

/**
 * The steady state of a closed loop: the conversations that started once every one of the first
 * `rampCount` had ended. Those first ones start while the load builds up and run slower or faster
 * than the rest; until the last of them is done, the level is not yet in its steady state. Every
 * conversation after that starts as another ends, with the level's full concurrency in flight, and
 * since conversations start at the rate they end in a closed loop, the throughput is the rate of
 * those starts. With fewer than two of them there is no rate, and every sample counts.
 */
export function steadyState(
  samples: readonly ClosedLoopSample[],
  rampCount: number
): { latencies: number[]; perSec: number } {
  const rampEndMs = Math.max(0, ...samples.slice(0, rampCount).map((s) => s.startedMs + s.latencyMs))
  const rest = samples.slice(rampCount).filter((s) => s.startedMs >= rampEndMs)
  if (rest.length < 2) return { latencies: samples.map((s) => s.latencyMs), perSec: Number.NaN }
  const spanMs = rest[rest.length - 1]!.startedMs - rest[0]!.startedMs
  return {
    latencies: rest.map((s) => s.latencyMs),
    perSec: spanMs > 0 ? ((rest.length - 1) / spanMs) * 1000 : Number.NaN
  }
}
