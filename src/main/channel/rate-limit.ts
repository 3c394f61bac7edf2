/**
 * Token buckets per key (a customer id, a client address): `perMinute` refills steadily and up to
 * ten seconds' worth may arrive at once. Buckets live in memory; a restart forgives everyone.
 */
export interface KeyedRateLimiter {
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number }
  readonly perMinute: number
}

export interface KeyedRateLimiterOptions {
  perMinute: number
  /** How many may arrive at once; ten seconds' worth by default (at least 10). */
  burst?: number
  /** Monotonic milliseconds. */
  now?: () => number
  /** Buckets kept before full (idle) ones are dropped. */
  maxKeys?: number
}

export function createKeyedRateLimiter(options: KeyedRateLimiterOptions): KeyedRateLimiter {
  const perMs = options.perMinute / 60_000
  const capacity = options.burst ?? Math.max(10, Math.ceil(options.perMinute / 6))
  const now = options.now ?? (() => performance.now())
  const maxKeys = options.maxKeys ?? 50_000
  const buckets = new Map<string, { tokens: number; at: number }>()

  const sweep = (t: number): void => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (t - bucket.at) * perMs >= capacity) buckets.delete(key)
    }
  }

  return {
    perMinute: options.perMinute,
    take(key) {
      const t = now()
      let bucket = buckets.get(key)
      if (!bucket) {
        if (buckets.size >= maxKeys) sweep(t)
        bucket = { tokens: capacity, at: t }
        buckets.set(key, bucket)
      }
      bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs)
      bucket.at = t
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return { ok: true }
      }
      return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) }
    }
  }
}
