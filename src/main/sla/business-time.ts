import { DateTime } from 'luxon'
import { WEEKDAYS, type BusinessCalendar } from '../../shared/domain/sla'

/**
 * Time counted in a shop's business hours. Opening hours are wall-clock times in the shop's time
 * zone, turned into instants day by day with the zone's rules (luxon over Intl), so a day on which
 * the clocks change still opens and closes when the shop's clock says: 09:00 to 17:00 is eight
 * hours on any day, and a 00:00 to 24:00 day is 23 or 25 hours long when DST starts or ends.
 *
 * Each local day's window is computed once per calendar and kept, so walking many tickets over the
 * same weeks costs arithmetic, not time-zone conversions.
 */

const DAY_MS = 86_400_000
/** How far a walk goes looking for open hours before it gives up (ten years of days). */
const MAX_DAYS = 3_660
const MAX_CACHED_DAYS = 50_000

type Window = readonly [start: number, end: number] | null

export interface BusinessClock {
  /** Business milliseconds between two instants (0 when `to` is not after `from`). */
  between(fromMs: number, toMs: number): number
  /** The instant `amountMs` of business time after `fromMs`; null when the calendar never opens. */
  add(fromMs: number, amountMs: number): number | null
}

/** Local day numbers: days since 1970-01-01 in the shop's own calendar. */
const dateOfDayNumber = (n: number): { year: number; month: number; day: number } => {
  const d = new Date(n * DAY_MS)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

function clockTime(day: DateTime, hhmm: string): number {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number)
  // 24:00 is the next day's midnight, whatever length this day has.
  if (hour === 24) return day.plus({ days: 1 }).startOf('day').toMillis()
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis()
}

export function businessClock(calendar: BusinessCalendar): BusinessClock {
  const zone = calendar.timeZone
  const holidays = new Set(calendar.holidays)
  const windows = new Map<number, Window>()

  const windowOf = (n: number): Window => {
    const known = windows.get(n)
    if (known !== undefined) return known
    const date = dateOfDayNumber(n)
    const day = DateTime.fromObject(date, { zone }).startOf('day')
    const hours = calendar.hours[WEEKDAYS[day.weekday - 1] ?? 'mon']
    const iso = `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`
    const window: Window =
      hours && !holidays.has(iso) ? [clockTime(day, hours.open), clockTime(day, hours.close)] : null
    if (windows.size >= MAX_CACHED_DAYS) windows.clear()
    windows.set(n, window)
    return window
  }

  /** The local day an instant falls on. */
  const dayNumberOf = (ms: number): number => {
    const local = DateTime.fromMillis(ms, { zone })
    return Math.floor(Date.UTC(local.year, local.month - 1, local.day) / DAY_MS)
  }

  return {
    between(fromMs, toMs) {
      if (!(toMs > fromMs)) return 0
      let total = 0
      const last = dayNumberOf(toMs)
      for (let n = dayNumberOf(fromMs); n <= last; n++) {
        const window = windowOf(n)
        if (!window) continue
        const start = Math.max(window[0], fromMs)
        const end = Math.min(window[1], toMs)
        if (end > start) total += end - start
      }
      return total
    },
    add(fromMs, amountMs) {
      if (amountMs <= 0) return fromMs
      let left = amountMs
      const first = dayNumberOf(fromMs)
      for (let n = first; n < first + MAX_DAYS; n++) {
        const window = windowOf(n)
        if (!window) continue
        const start = Math.max(window[0], fromMs)
        if (window[1] <= start) continue
        const open = window[1] - start
        if (open >= left) return start + left
        left -= open
      }
      return null
    }
  }
}
