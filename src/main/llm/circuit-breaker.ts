import { systemTimers, type Timers } from './timers'

export type BreakerState = 'closed' | 'open' | 'half_open'

export interface BreakerChange {
  state: BreakerState
  previous: BreakerState
  /** Why it changed, for the provider health line in the UI. */
  reason: string
  /** While open: how long until a probe call is allowed. */
  retryAfterMs?: number
}

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold?: number
  /** Or a failure rate over the last `window` calls, once at least `minCalls` were seen. */
  failureRate?: { threshold: number; window: number; minCalls: number }
  coolDownMs?: number
  timers?: Timers
  onStateChange?: (change: BreakerChange) => void
}

/** One admitted call. Exactly one of its methods should be called when the call ends. */
export interface BreakerTicket {
  readonly probe: boolean
  succeed(): void
  fail(reason: string): void
  /** The call ended without saying anything about the provider's health (cancelled, refused, 429). */
  abandon(): void
}

export type BreakerAdmission = { ok: true; ticket: BreakerTicket } | { ok: false; retryAfterMs: number }

export interface CircuitBreaker {
  admit(): BreakerAdmission
  state(): BreakerState
  /** Consecutive failures counted towards opening. */
  failures(): number
  /** While open: ms until a probe is let through; otherwise null. */
  retryInMs(): number | null
}

export const defaultBreakerOptions = {
  failureThreshold: 5,
  coolDownMs: 30_000,
  failureRate: { threshold: 0.5, window: 20, minCalls: 10 }
}

/**
 * closed → open after too many failures → half-open after the cool-down, when exactly one probe
 * call is let through → closed if it succeeds, open again if it fails. Results of calls admitted
 * before a change of state are ignored: a slow call that started while closed says nothing about
 * whether the provider has recovered.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const timers = options.timers ?? systemTimers
  const threshold = options.failureThreshold ?? defaultBreakerOptions.failureThreshold
  const coolDownMs = options.coolDownMs ?? defaultBreakerOptions.coolDownMs
  const rate = options.failureRate ?? defaultBreakerOptions.failureRate

  let state: BreakerState = 'closed'
  let generation = 0
  let consecutive = 0
  let recent: boolean[] = []
  let openedAt = 0
  let probeOut = false
  let coolDownTimer: unknown = undefined

  const change = (next: BreakerState, reason: string) => {
    const previous = state
    state = next
    generation++
    probeOut = false
    if (coolDownTimer !== undefined) timers.clearTimeout(coolDownTimer)
    coolDownTimer = undefined
    if (next === 'open') {
      openedAt = timers.now()
      // Only to tell the UI promptly; admit() also checks the clock.
      coolDownTimer = timers.setTimeout(() => toHalfOpenIfDue(), coolDownMs, { weak: true })
    }
    if (next === 'closed') {
      consecutive = 0
      recent = []
    }
    try {
      options.onStateChange?.({
        state: next,
        previous,
        reason,
        ...(next === 'open' ? { retryAfterMs: coolDownMs } : {})
      })
    } catch (error) {
      console.error('[llm] breaker state listener failed', error)
    }
  }

  function toHalfOpenIfDue() {
    if (state === 'open' && timers.now() - openedAt >= coolDownMs)
      change('half_open', 'cool-down over: next call probes')
  }

  const ticket = (probe: boolean): BreakerTicket => {
    const issuedIn = generation
    let settled = false
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      if (issuedIn === generation) fn()
    }
    return {
      probe,
      succeed: () =>
        settle(() => {
          if (state === 'half_open') return change('closed', 'probe call succeeded')
          consecutive = 0
          recent = [...recent, true].slice(-rate.window)
        }),
      fail: (reason) =>
        settle(() => {
          if (state === 'half_open') return change('open', `probe call failed: ${reason}`)
          consecutive++
          recent = [...recent, false].slice(-rate.window)
          const failed = recent.filter((okCall) => !okCall).length
          if (consecutive >= threshold)
            return change('open', `${consecutive} failures in a row; last: ${reason}`)
          if (recent.length >= rate.minCalls && failed / recent.length >= rate.threshold) {
            change('open', `${failed} of the last ${recent.length} calls failed; last: ${reason}`)
          }
        }),
      abandon: () =>
        settle(() => {
          if (probe) probeOut = false
        })
    }
  }

  return {
    admit() {
      toHalfOpenIfDue()
      if (state === 'closed') return { ok: true, ticket: ticket(false) }
      if (state === 'half_open' && !probeOut) {
        probeOut = true
        return { ok: true, ticket: ticket(true) }
      }
      const retryAfterMs = state === 'open' ? Math.max(0, openedAt + coolDownMs - timers.now()) : coolDownMs
      return { ok: false, retryAfterMs }
    },
    state: () => {
      toHalfOpenIfDue()
      return state
    },
    failures: () => consecutive,
    retryInMs: () => (state === 'open' ? Math.max(0, openedAt + coolDownMs - timers.now()) : null)
  }
}
