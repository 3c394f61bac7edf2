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
