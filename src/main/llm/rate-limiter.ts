import type { RateLimits } from './providers'
import { systemTimers, type Timers } from './timers'

export interface RateLimiterOptions extends RateLimits {
  /** Past this wait in the queue a call gives up as rate-limited, so the draft falls back instead of hanging. */
  maxQueueWaitMs: number
  timers?: Timers
  /** The sliding window the per-minute limits apply to (tests shorten it). */
  windowMs?: number
}

/** Held while a call runs; `release` frees the in-flight slot and corrects the token estimate. */
export interface Permit {
  release(actualTokens?: number): void
}

export type Acquired =
  | { ok: true; permit: Permit; waitedMs: number }
  | { ok: false; reason: 'queue_timeout' | 'paused' | 'cancelled'; retryAfterMs?: number; waitedMs: number }

export interface RateLimiterState {
  inFlight: number
  queued: number
  /** How long the provider stays paused by a Retry-After, 0 when it is not. */
  pausedForMs: number
}

export interface RateLimiter {
  acquire(estimatedTokens: number, signal?: AbortSignal): Promise<Acquired>
  /** Honour a provider's Retry-After: nothing is sent to it until the pause ends. */
  pause(ms: number): void
  state(): RateLimiterState
}

interface Waiter {
  tokens: number
  enqueuedAt: number
  deadline: number
  settle(result: Acquired): void
}

interface WindowEntry {
  at: number
  tokens: number
  /** Out of the window: a late `release` must no longer change the window's total. */
  expired: boolean
}

/**
 * A per-provider limiter: requests and tokens per sliding minute, a cap on calls in flight, and a
 * strictly FIFO queue (only its head may start), so a burst of drafts is served in arrival order
 * and a large prompt is not starved by small ones behind it.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const timers = options.timers ?? systemTimers
  const windowMs = options.windowMs ?? 60_000
  const queue: Waiter[] = []
  const window: WindowEntry[] = []
  // The window's token total, kept as entries come and go: summing it on every call grew with the
  // window (60 s of calls) and became the limiter's main cost at a few hundred calls a second.
  let windowTokens = 0
  let inFlight = 0
  let pausedUntil = 0
  let wakeTimer: unknown = undefined

  const prune = (now: number) => {
    while (window.length > 0 && (window[0]?.at ?? 0) + windowMs <= now) {
      const entry = window.shift()!
      entry.expired = true
      windowTokens -= entry.tokens
    }
  }

  /** 0 = may start now; Infinity = waits for a call to finish; otherwise ms until it may start. */
  const waitFor = (tokens: number, now: number): number => {
    if (pausedUntil > now) return pausedUntil - now
    if (inFlight >= options.maxInFlight) return Infinity
    prune(now)
    const oldest = window[0]
    if (window.length >= options.requestsPerMinute && oldest) return oldest.at + windowMs - now
    let used = windowTokens
    // A prompt larger than the whole budget may still go once the window is empty, or it never would.
    if (window.length === 0 || used + tokens <= options.tokensPerMinute) return 0
    for (const entry of window) {
      used -= entry.tokens
      if (used + tokens <= options.tokensPerMinute) return entry.at + windowMs - now
    }
    return (window.at(-1)?.at ?? now) + windowMs - now
  }

  const schedule = (ms: number) => {
    if (wakeTimer !== undefined) timers.clearTimeout(wakeTimer)
    wakeTimer = timers.setTimeout(
      () => {
        wakeTimer = undefined
        pump()
      },
      Math.max(1, ms)
    )
  }

  const grant = (waiter: Waiter, now: number) => {
    inFlight++
    const entry: WindowEntry = { at: now, tokens: waiter.tokens, expired: false }
    window.push(entry)
    windowTokens += entry.tokens
    let released = false
    waiter.settle({
      ok: true,
      waitedMs: now - waiter.enqueuedAt,
      permit: {
        release(actualTokens) {
          if (released) return
          released = true
          if (actualTokens !== undefined && Number.isFinite(actualTokens)) {
            const tokens = Math.max(0, actualTokens)
            if (!entry.expired) windowTokens += tokens - entry.tokens
            entry.tokens = tokens
          }
          inFlight--
          pump()
        }
      }
    })
  }

  function pump() {
    for (;;) {
      const head = queue[0]
      if (!head) return
      const now = timers.now()
      const wait = waitFor(head.tokens, now)
      if (wait === Infinity) return
      if (wait > 0) return schedule(wait)
      queue.shift()
      grant(head, now)
    }
  }

  const remove = (waiter: Waiter): boolean => {
    const i = queue.indexOf(waiter)
    if (i < 0) return false
    queue.splice(i, 1)
    return true
  }

  return {
    acquire(estimatedTokens, signal) {
      const now = timers.now()
      if (signal?.aborted) return Promise.resolve({ ok: false, reason: 'cancelled', waitedMs: 0 })
      if (pausedUntil - now > options.maxQueueWaitMs) {
        return Promise.resolve({ ok: false, reason: 'paused', retryAfterMs: pausedUntil - now, waitedMs: 0 })
      }
      const tokens = Math.max(0, estimatedTokens)
      if (queue.length === 0 && waitFor(tokens, now) === 0) {
        // The usual case needs no queue deadline timer and no abort listener.
        return new Promise<Acquired>((resolve) =>
          grant({ tokens, enqueuedAt: now, deadline: now, settle: resolve }, now)
        )
      }
      return new Promise<Acquired>((resolve) => {
        let done = false
        const onAbort = () => {
          if (remove(waiter)) waiter.settle({ ok: false, reason: 'cancelled', waitedMs: timers.now() - now })
          pump()
        }
        const timeout = timers.setTimeout(() => {
          if (remove(waiter))
            waiter.settle({ ok: false, reason: 'queue_timeout', waitedMs: timers.now() - now })
          pump()
        }, options.maxQueueWaitMs)
        const waiter: Waiter = {
          tokens,
          enqueuedAt: now,
          deadline: now + options.maxQueueWaitMs,
          settle(result) {
            if (done) return
            done = true
            timers.clearTimeout(timeout)
            signal?.removeEventListener('abort', onAbort)
            resolve(result)
          }
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        queue.push(waiter)
        pump()
      })
    },

    pause(ms) {
      const now = timers.now()
      pausedUntil = Math.max(pausedUntil, now + Math.max(0, ms))
      // Whoever would still be waiting when their deadline passes gives up now, with the reason.
      for (const waiter of [...queue]) {
        if (waiter.deadline < pausedUntil && remove(waiter)) {
          waiter.settle({
            ok: false,
            reason: 'paused',
            retryAfterMs: pausedUntil - now,
            waitedMs: now - waiter.enqueuedAt
          })
        }
      }
      pump()
    },

    state() {
      return { inFlight, queued: queue.length, pausedForMs: Math.max(0, pausedUntil - timers.now()) }
    }
  }
}
