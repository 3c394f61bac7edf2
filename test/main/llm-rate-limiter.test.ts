import { describe, expect, it } from 'vitest'
import { createRateLimiter, type Acquired, type RateLimiterOptions } from '../../src/main/llm/rate-limiter'
import { createManualTimers, settle } from './llm-manual-timers'

const setup = (overrides: Partial<RateLimiterOptions> = {}) => {
  const timers = createManualTimers()
  const limiter = createRateLimiter({
    requestsPerMinute: 1_000,
    tokensPerMinute: 1_000_000,
    maxInFlight: 1,
    maxQueueWaitMs: 10_000,
    timers,
    ...overrides
  })
  return { timers, limiter }
}

/** Starts an acquisition and remembers when (and how) it resolved. */
const track = (promise: Promise<Acquired>, log: string[], name: string) => {
  const box: { result?: Acquired } = {}
  void promise.then((result) => {
    box.result = result
    log.push(`${name}:${result.ok ? 'granted' : result.reason}`)
  })
  return box
}

const permitOf = (box: { result?: Acquired }) => {
  if (!box.result?.ok) throw new Error('not granted')
  return box.result.permit
}

describe('rate limiter', () => {
  it('serves the queue in arrival order, a big request before later small ones', async () => {
    const { limiter } = setup({ maxInFlight: 1 })
    const log: string[] = []
    const a = track(limiter.acquire(10), log, 'a')
    await settle()
    const b = track(limiter.acquire(50_000), log, 'b')
    const c = track(limiter.acquire(1), log, 'c')
    const d = track(limiter.acquire(1), log, 'd')
    await settle()
    expect(log).toEqual(['a:granted'])
    permitOf(a).release()
    await settle()
    permitOf(b).release()
    await settle()
    permitOf(c).release()
    await settle()
    expect(log).toEqual(['a:granted', 'b:granted', 'c:granted', 'd:granted'])
    permitOf(d).release()
  })

  it('never has more calls in flight than the cap', async () => {
    const { limiter } = setup({ maxInFlight: 2 })
    const log: string[] = []
    const boxes = [0, 1, 2, 3, 4].map((i) => track(limiter.acquire(1), log, `r${i}`))
    await settle()
    expect(limiter.state()).toMatchObject({ inFlight: 2, queued: 3 })
    expect(log).toEqual(['r0:granted', 'r1:granted'])
    for (const box of boxes) {
      permitOf(box).release()
      permitOf(box).release() // a second release is a no-op, not a freed slot
      await settle()
      expect(limiter.state().inFlight).toBeLessThanOrEqual(2)
    }
    expect(log).toEqual(['r0:granted', 'r1:granted', 'r2:granted', 'r3:granted', 'r4:granted'])
    expect(limiter.state()).toMatchObject({ inFlight: 0, queued: 0 })
  })

  it('holds requests past the per-minute count until the window slides', async () => {
    const { limiter, timers } = setup({ requestsPerMinute: 2, maxInFlight: 10, maxQueueWaitMs: 120_000 })
    const log: string[] = []
    for (const name of ['a', 'b', 'c']) {
      const box = track(limiter.acquire(1), log, name)
      await settle()
      if (box.result?.ok) box.result.permit.release()
    }
    expect(log).toEqual(['a:granted', 'b:granted'])
    await timers.advance(59_999)
    expect(log).toEqual(['a:granted', 'b:granted'])
    await timers.advance(1)
    expect(log).toEqual(['a:granted', 'b:granted', 'c:granted'])
  })

  it('counts estimated tokens before a call and corrects them after', async () => {
    const { limiter, timers } = setup({ tokensPerMinute: 1_000, maxInFlight: 10, maxQueueWaitMs: 120_000 })
    const log: string[] = []
    const first = track(limiter.acquire(600), log, 'first')
    await settle()
    const second = track(limiter.acquire(600), log, 'second')
    await settle()
    expect(log).toEqual(['first:granted']) // 600 + 600 > 1000
    permitOf(first).release(300) // the call really used 300 tokens
    await settle()
    expect(log).toEqual(['first:granted', 'second:granted']) // 300 + 600 fits
    permitOf(second).release(600)
    const third = track(limiter.acquire(200), log, 'third')
    await settle()
    expect(third.result).toBeUndefined() // 900 used, 200 more would pass 1000
    await timers.advance(60_000)
    expect(log.at(-1)).toBe('third:granted')
  })

  it('lets a prompt bigger than the whole token budget through once the window is empty', async () => {
    const { limiter } = setup({ tokensPerMinute: 100, maxInFlight: 10 })
    const log: string[] = []
    track(limiter.acquire(5_000), log, 'huge')
    await settle()
    expect(log).toEqual(['huge:granted'])
  })

  it('gives up after the max queue wait so the caller can fall back', async () => {
    const { limiter, timers } = setup({ maxInFlight: 1, maxQueueWaitMs: 5_000 })
    const log: string[] = []
    const holder = track(limiter.acquire(1), log, 'holder')
    const waiter = track(limiter.acquire(1), log, 'waiter')
    await timers.advance(4_999)
    expect(log).toEqual(['holder:granted'])
    await timers.advance(1)
    expect(log).toEqual(['holder:granted', 'waiter:queue_timeout'])
    expect(waiter.result).toMatchObject({ ok: false, reason: 'queue_timeout', waitedMs: 5_000 })
    permitOf(holder).release()
    expect(limiter.state()).toMatchObject({ inFlight: 0, queued: 0 })
  })

  it('pauses for a Retry-After, and refuses at once when the pause outlasts the queue wait', async () => {
    const { limiter, timers } = setup({ maxInFlight: 5, maxQueueWaitMs: 10_000 })
    const log: string[] = []
    limiter.pause(3_000)
    track(limiter.acquire(1), log, 'during-pause')
    await timers.advance(2_999)
    expect(log).toEqual([])
    await timers.advance(1)
    expect(log).toEqual(['during-pause:granted'])

    limiter.pause(30_000)
    const refused = await limiter.acquire(1)
    expect(refused).toMatchObject({ ok: false, reason: 'paused', retryAfterMs: 30_000 })
  })

  it('fails queued calls early when a new pause would outlast their wait', async () => {
    const { limiter, timers } = setup({ maxInFlight: 1, maxQueueWaitMs: 10_000 })
    const log: string[] = []
    track(limiter.acquire(1), log, 'holder')
    const waiter = track(limiter.acquire(1), log, 'waiter')
    await timers.advance(1_000)
    limiter.pause(60_000)
    await settle()
    expect(waiter.result).toMatchObject({
      ok: false,
      reason: 'paused',
      retryAfterMs: 60_000,
      waitedMs: 1_000
    })
  })

  it('drops a cancelled waiter and serves the next one', async () => {
    const { limiter } = setup({ maxInFlight: 1 })
    const log: string[] = []
    const holder = track(limiter.acquire(1), log, 'holder')
    const controller = new AbortController()
    track(limiter.acquire(1, controller.signal), log, 'cancelled')
    const next = track(limiter.acquire(1), log, 'next')
    await settle()
    controller.abort()
    await settle()
    permitOf(holder).release()
    await settle()
    expect(log).toEqual(['holder:granted', 'cancelled:cancelled', 'next:granted'])
    permitOf(next).release()
  })
})
