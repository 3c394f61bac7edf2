const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Compact age of a ticket for the inbox: "just now", "12m", "5h", "3d", "6w". */
export function formatAge(iso: string, now: number = Date.now()): string {
  const elapsed = now - Date.parse(iso)
  if (!Number.isFinite(elapsed)) return '—'
  if (elapsed < MINUTE) return 'just now'
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m`
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)}h`
  if (elapsed < 14 * DAY) return `${Math.floor(elapsed / DAY)}d`
  return `${Math.floor(elapsed / (7 * DAY))}w`
}

/** The person's own language and region, as their browser (or the desktop app) reports it. */
export const personLocale = (): string | undefined =>
  globalThis.navigator?.languages?.[0] ?? globalThis.navigator?.language

const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** Dates and times read the way the person writes them: "20/11/2026, 14:05" in London, "11/20/2026" in Ohio. */
function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = personLocale()
  const key = `${locale ?? ''}|${JSON.stringify(options)}`
  let format = dateFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options)
    dateFormats.set(key, format)
  }
  return format
}

const formatWith =
  (options: Intl.DateTimeFormatOptions) =>
  (iso: string): string => {
    const at = new Date(iso)
    return Number.isNaN(at.getTime()) ? iso : dateFormat(options).format(at)
  }

export const formatDateTime = formatWith({ dateStyle: 'medium', timeStyle: 'short' })
export const formatDate = formatWith({ dateStyle: 'medium' })
/** A UTC calendar day (yyyy-mm-dd) as a short date, for charts of daily totals. */
export const formatDay = (day: string): string =>
  formatWith({ month: 'short', day: 'numeric', timeZone: 'UTC' })(`${day}T00:00:00Z`)

export const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)

const usd = (digits: number) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits
  })
const usdCents = usd(2)
const usdFine = usd(4)

/** LLM spend: cents once it reaches a dollar, tenths of a cent below, since a draft often costs less than one. */
export function formatMicroUsd(micro: number): string {
  const dollars = micro / 1_000_000
  return dollars >= 1 || dollars === 0 ? usdCents.format(dollars) : usdFine.format(dollars)
}

/** How long is left, roughly, as a person says it: "a few seconds", "about 40 s", "about 3 min". */
export function formatEta(ms: number): string {
  if (ms < 5_000) return 'a few seconds'
  if (ms < 60_000) return `about ${Math.round(ms / 5_000) * 5} s`
  if (ms < 3_600_000) return `about ${Math.round(ms / 60_000)} min`
  return `about ${(ms / 3_600_000).toFixed(1)} h`
}

export const formatTime = formatWith({ timeStyle: 'medium' })

/** Durations of tool calls: "0.4 ms", "12 ms", "1.3 s". */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(1)} ms`
  if (ms < 1_000) return `${Math.round(ms)} ms`
  return `${(ms / 1_000).toFixed(1)} s`
}

export const formatCount = (n: number): string => n.toLocaleString('en-US')

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${formatCount(n)} ${n === 1 ? one : many}`
