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

const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' })

export const formatDateTime = (iso: string): string => {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : dateTime.format(at)
}

export const formatDate = (iso: string): string => {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : dateOnly.format(at)
}

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

const timeOnly = new Intl.DateTimeFormat('en-US', { timeStyle: 'medium' })

export const formatTime = (iso: string): string => {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : timeOnly.format(at)
}

/** Durations of tool calls: "0.4 ms", "12 ms", "1.3 s". */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(1)} ms`
  if (ms < 1_000) return `${Math.round(ms)} ms`
  return `${(ms / 1_000).toFixed(1)} s`
}

export const formatCount = (n: number): string => n.toLocaleString('en-US')

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${formatCount(n)} ${n === 1 ? one : many}`
