import { describe, expect, it } from 'vitest'
import {
  createCircuitBreaker,
  type BreakerChange,
  type BreakerTicket,
  type CircuitBreakerOptions
} from '../../src/main/llm/circuit-breaker'
import { createManualTimers } from './llm-manual-timers'

const setup = (overrides: Partial<CircuitBreakerOptions> = {}) => {
  const timers = createManualTimers()
  const changes: BreakerChange[] = []
  const breaker = createCircuitBreaker({
    failureThreshold: 3,
    coolDownMs: 30_000,
    failureRate: { threshold: 1.1, window: 20, minCalls: 10 }, // off unless a test sets it
    timers,
    onStateChange: (change) => changes.push(change),
    ...overrides
  })
  const admitted = (): BreakerTicket => {
    const admission = breaker.admit()
    if (!admission.ok) throw new Error('refused')
    return admission.ticket
  }
  return { timers, breaker, changes, admitted }
}

describe('circuit breaker', () => {
  it('opens after N consecutive failures and refuses calls while open', () => {
    const { breaker, changes, admitted } = setup()
    admitted().fail('HTTP 500')
    admitted().fail('HTTP 500')
    expect(breaker.state()).toBe('closed')
    admitted().fail('timeout')
    expect(breaker.state()).toBe('open')
    expect(changes).toEqual([
      {
        state: 'open',
        previous: 'closed',
        reason: '3 failures in a row; last: timeout',
        retryAfterMs: 30_000
      }
    ])
    expect(breaker.admit()).toEqual({ ok: false, retryAfterMs: 30_000 })
  })

  it('a success resets the consecutive count', () => {
    const { breaker, admitted } = setup()
    admitted().fail('x')
    admitted().fail('x')
    admitted().succeed()
    admitted().fail('x')
    admitted().fail('x')
    expect(breaker.state()).toBe('closed')
    expect(breaker.failures()).toBe(2)
  })

  it('goes half-open after the cool-down, lets exactly one probe through, and closes when it succeeds', async () => {
    const { breaker, changes, admitted, timers } = setup()
    for (let i = 0; i < 3; i++) admitted().fail('HTTP 503')
    await timers.advance(10_000)
    expect(breaker.admit()).toEqual({ ok: false, retryAfterMs: 20_000 })
    await timers.advance(20_000)
    // The cool-down timer reports half-open without waiting for a call.
    expect(changes.map((c) => c.state)).toEqual(['open', 'half_open'])
    const probe = admitted()
    expect(probe.probe).toBe(true)
    expect(breaker.admit().ok).toBe(false)
    expect(breaker.admit().ok).toBe(false)
    probe.succeed()
    expect(breaker.state()).toBe('closed')
    expect(changes.map((c) => `${c.previous}→${c.state}`)).toEqual([
      'closed→open',
      'open→half_open',
      'half_open→closed'
    ])
    expect(admitted().probe).toBe(false)
  })

  it('opens again when the probe fails, for another full cool-down', async () => {
    const { breaker, changes, admitted, timers } = setup()
    for (let i = 0; i < 3; i++) admitted().fail('HTTP 500')
    await timers.advance(30_000)
    admitted().fail('HTTP 502')
    expect(breaker.state()).toBe('open')
    expect(changes.at(-1)).toMatchObject({
      state: 'open',
      previous: 'half_open',
      reason: 'probe call failed: HTTP 502'
    })
    await timers.advance(29_999)
    expect(breaker.admit().ok).toBe(false)
    await timers.advance(1)
    expect(breaker.state()).toBe('half_open')
  })

  it('frees the probe slot when the probe ends without a verdict (cancelled)', async () => {
    const { breaker, admitted, timers } = setup()
    for (let i = 0; i < 3; i++) admitted().fail('x')
    await timers.advance(30_000)
    admitted().abandon()
    expect(breaker.state()).toBe('half_open')
    const second = admitted()
    expect(second.probe).toBe(true)
    second.succeed()
    expect(breaker.state()).toBe('closed')
  })

  it('ignores late results of calls admitted before the state changed', async () => {
    const { breaker, admitted, timers } = setup()
    const slowSuccess = admitted()
    const slowFailure = admitted()
    for (let i = 0; i < 3; i++) admitted().fail('x')
    await timers.advance(30_000)
    expect(breaker.state()).toBe('half_open')
    slowSuccess.succeed() // started while closed: says nothing about recovery
    slowFailure.fail('late')
    expect(breaker.state()).toBe('half_open')
  })

  it('can open on a failure rate without a long streak', () => {
    const { breaker, admitted } = setup({
      failureThreshold: 100,
      failureRate: { threshold: 0.5, window: 10, minCalls: 6 }
    })
    for (let i = 0; i < 2; i++) {
      admitted().fail('x')
      admitted().succeed()
    }
    admitted().fail('x')
    expect(breaker.state()).toBe('closed') // 3 of 5: not enough calls yet
    admitted().succeed()
    expect(breaker.state()).toBe('closed') // a success never opens it
    admitted().fail('x')
    expect(breaker.state()).toBe('open') // 4 of 7
  })
})
