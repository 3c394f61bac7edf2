import { describe, expect, it } from 'vitest'
import { createRateLimiter, type Acquired } from '../../src/main/llm/rate-limiter'
import { createManualTimers, settle } from './llm-manual-timers'

const granted = async (promise: Promise<Acquired>) => {
  const result = await promise
  if (!result.ok) throw new Error(`not granted: ${result.reason}`)
  return result.permit
}

describe('rate limiter token window', () => {
  it('forgets a call that left the window, even when its correction arrives afterwards', async () => {
    const timers = createManualTimers()
    const limiter = createRateLimiter({
      requestsPerMinute: 1_000,
      tokensPerMinute: 1_000,
      maxInFlight: 10,
      maxQueueWaitMs: 120_000,
      timers
    })
    const long = await granted(limiter.acquire(900)) // a call still running when its minute is over
    await timers.advance(60_001)
    const full = await granted(limiter.acquire(1_000)) // the 900 left the window
    long.release(50) // a late correction must not count against the new window
    let waiting: Acquired | undefined
    void limiter.acquire(1).then((r) => (waiting = r))
    await settle()
    expect(waiting).toBeUndefined() // 1000 + 1 would pass the budget
    full.release(990)
    await settle()
    expect(waiting).toMatchObject({ ok: true }) // 990 + 1 fits
  })
})
