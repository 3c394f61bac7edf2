import type { Clock } from '../core/clock'

export interface BudgetStatus {
  /** null = no daily limit. */
  limitMicroUsd: number | null
  spentTodayMicroUsd: number
  /** Estimated cost of paid calls still running. */
  reservedMicroUsd: number
  /** Start of the budget day (UTC midnight), ISO. */
  dayStart: string
}

export interface Reservation {
  /** Call after the call's real cost is in the ledger. */
  release(): void
}

export type ReserveResult =
  { ok: true; reservation: Reservation } | { ok: false; message: string; status: BudgetStatus }

export interface DailyBudget {
  /** Reserves the estimated cost of a paid call, or refuses it when the day's limit would be passed. */
  reserve(estimateMicroUsd: number): ReserveResult
  status(): BudgetStatus
  setLimit(limitMicroUsd: number | null): void
}

export interface DailyBudgetOptions {
  limitMicroUsd: number | null
  /** Spend recorded in the ledger since an ISO time (see `spendSinceMicroUsd` in the llm-calls repository). */
  spentSince(isoStart: string): number
  clock: Clock
}

export const utcDayStart = (at: Date): string =>
  new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate())).toISOString()

const usd = (micro: number) => `$${(micro / 1_000_000).toFixed(4)}`

/**
 * A daily spending limit (UTC day). Before a paid call: the ledger's spend today plus what calls
 * in flight have reserved plus this call's estimate must stay within the limit. Reservations
 * cover the gap between a call starting and its cost reaching the ledger, so a burst of parallel
 * drafts cannot all slip under the limit at once.
 */
export function createDailyBudget(options: DailyBudgetOptions): DailyBudget {
  let limit = options.limitMicroUsd
  let reserved = 0

  const status = (): BudgetStatus => {
    const dayStart = utcDayStart(options.clock.now())
    return {
      limitMicroUsd: limit,
      spentTodayMicroUsd: options.spentSince(dayStart),
      reservedMicroUsd: reserved,
      dayStart
    }
  }

  return {
    reserve(estimateMicroUsd) {
      const estimate = Math.max(0, Math.ceil(estimateMicroUsd))
      if (limit !== null) {
        const now = status()
        const committed = now.spentTodayMicroUsd + now.reservedMicroUsd
        if (committed >= limit || committed + estimate > limit) {
          return {
            ok: false,
            status: now,
            message:
              `Daily AI budget reached: ${usd(now.spentTodayMicroUsd)} spent today` +
              (now.reservedMicroUsd > 0 ? ` (+${usd(now.reservedMicroUsd)} in flight)` : '') +
              ` of ${usd(limit)}; this call could cost up to ${usd(estimate)}.`
          }
        }
      }
      reserved += estimate
      let released = false
      return {
        ok: true,
        reservation: {
          release() {
            if (released) return
            released = true
            reserved -= estimate
          }
        }
      }
    },
    status,
    setLimit(next) {
      limit = next
    }
  }
}
