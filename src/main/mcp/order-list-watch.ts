import type { Db } from '../db/connection'
import { listedOrders } from './register-resources'

export interface OrderListWatch {
  /** Compares the listed orders with the last look now; the poll calls it, and so can a writer in this process. */
  check(): void
  stop(): void
}

export const ORDER_WATCH_INTERVAL_MS = 2000

/**
 * Calls `onChange` when the orders that `resources/list` names change. Another process (the desktop
 * app) writes the file, so this polls: `data_version` is one integer read that moves only when
 * another connection commits, and only then is the short order list read and compared, so drafts
 * streaming in the app do not announce anything.
 */
export function watchOrderList(
  db: Db,
  onChange: () => void,
  intervalMs = ORDER_WATCH_INTERVAL_MS
): OrderListWatch {
  const fingerprint = (): string => JSON.stringify(listedOrders({ db }))
  const dataVersion = (): number => db.pragma('data_version', { simple: true }) as number
  let seenVersion = dataVersion()
  let seen = fingerprint()

  const compare = (): void => {
    const now = fingerprint()
    if (now === seen) return
    seen = now
    onChange()
  }
  const guarded = (fn: () => void) => (): void => {
    if (!db.open) return
    try {
      fn()
    } catch (error) {
      console.error('[mcp] could not check the order list', error)
    }
  }

  const timer = setInterval(
    guarded(() => {
      const version = dataVersion()
      if (version === seenVersion) return
      seenVersion = version
      compare()
    }),
    intervalMs
  )
  // The watch must never be what keeps a finished `frontline mcp` process alive.
  timer.unref()
  return { check: guarded(compare), stop: () => clearInterval(timer) }
}
