import { SlaPolicy } from '../../shared/domain/sla'
import type { Db } from '../db/connection'
import { readSetting, writeSetting } from '../db/repositories/settings'

export const SLA_SETTING = 'sla'

const HOUR = 60
const weekday = { open: '09:00', close: '17:00' }

/** The machine's own time zone, as a starting point a shop then sets in Settings. */
const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

/** Weekdays 09:00–17:00; first answers within a business hour (urgent) to two days (low). */
export function defaultSlaPolicy(): SlaPolicy {
  return {
    calendar: {
      timeZone: localTimeZone(),
      hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: null, sun: null },
      holidays: []
    },
    rules: [
      { priority: 'urgent', channel: 'any', firstResponseMinutes: 1 * HOUR, resolutionMinutes: 8 * HOUR },
      { priority: 'high', channel: 'any', firstResponseMinutes: 4 * HOUR, resolutionMinutes: 16 * HOUR },
      { priority: 'normal', channel: 'any', firstResponseMinutes: 8 * HOUR, resolutionMinutes: 24 * HOUR },
      { priority: 'low', channel: 'any', firstResponseMinutes: 16 * HOUR, resolutionMinutes: 40 * HOUR },
      // Someone waiting in a chat window expects an answer within the hour.
      { priority: 'normal', channel: 'chat', firstResponseMinutes: 1 * HOUR, resolutionMinutes: 8 * HOUR }
    ]
  }
}

/** The saved policy; the default one (in this machine's time zone) until a person saves theirs. */
export const readSlaPolicy = (db: Db): SlaPolicy =>
  readSetting(db, SLA_SETTING, SlaPolicy, defaultSlaPolicy())

export function writeSlaPolicy(db: Db, policy: SlaPolicy): void {
  writeSetting(db, SLA_SETTING, policy)
}
