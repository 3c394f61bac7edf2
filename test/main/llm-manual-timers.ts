import type { Timers } from '../../src/main/llm/timers'

export interface ManualTimers extends Timers {
  /** Moves time forward, firing due timers in order and letting promise callbacks run between them. */
  advance(ms: number): Promise<void>
  pending(): number
}

/** Lets promise continuations (resolved acquisitions, state listeners) run before the test looks. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

export function createManualTimers(start = 1_000_000): ManualTimers {
  let now = start
  let seq = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq
      timers.set(id, { at: now + Math.max(0, ms), fn })
      return id
    },
    clearTimeout(handle) {
      timers.delete(handle as number)
    },
    async advance(ms) {
      const target = now + ms
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= target)
          .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0]
        if (!due) break
        timers.delete(due[0])
        now = Math.max(now, due[1].at)
        due[1].fn()
        await settle()
      }
      now = target
      await settle()
    },
    pending: () => timers.size
  }
}
