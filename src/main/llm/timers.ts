/** Time for the limiter and the breaker, injected so tests can move it by hand. */
export interface Timers {
  /** Milliseconds, monotonic enough for windows and cool-downs. */
  now(): number
  /** `weak` timers do not keep the process alive (a breaker cool-down must not hold a CLI open). */
  setTimeout(fn: () => void, ms: number, options?: { weak?: boolean }): unknown
  clearTimeout(handle: unknown): void
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout(fn, ms, options) {
    const handle = setTimeout(fn, ms)
    if (options?.weak) handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}
