import { z } from 'zod'

/**
 * Service-level targets: how soon a ticket gets its first answer and how soon it is solved,
 * counted in the shop's business hours (its calendar and time zone). Clocks run while a ticket
 * waits on the shop (new, open), pause while it waits on the customer (pending, on hold), and stop
 * when it is solved or closed.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

const ClockTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time such as 09:00 (24-hour, 24:00 for midnight)')

/** One day's opening hours, local to the shop; null: closed that day. */
export const OpeningHours = z
  .object({ open: ClockTime, close: ClockTime })
  .refine((h) => h.open < h.close, { message: 'closes before it opens', path: ['close'] })
  .nullable()
export type OpeningHours = z.infer<typeof OpeningHours>

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export const TimeZoneName = z
  .string()
  .trim()
  .min(1, 'Choose a time zone.')
  .max(64)
  .refine(isTimeZone, 'not a time zone this system knows (use an IANA name such as Europe/Paris)')

export const BusinessCalendar = z
  .object({
    timeZone: TimeZoneName,
    hours: z.object({
      mon: OpeningHours,
      tue: OpeningHours,
      wed: OpeningHours,
      thu: OpeningHours,
      fri: OpeningHours,
      sat: OpeningHours,
      sun: OpeningHours
    }),
    /** Local dates the shop is closed (YYYY-MM-DD). */
    holidays: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-12-25'))
      .max(366)
      .default([])
  })
  .refine((c) => WEEKDAYS.some((day) => c.hours[day] !== null), {
    message: 'The shop must be open at least one day a week.',
    path: ['hours']
  })
export type BusinessCalendar = z.infer<typeof BusinessCalendar>

/** Minutes of business time; null: no target. At most a business year. */
const TargetMinutes = z.number().int().min(1, 'at least a minute').max(525_600).nullable()

export const SlaChannel = z.enum(['any', 'email', 'chat', 'web'])
export type SlaChannel = z.infer<typeof SlaChannel>

export const SlaRule = z.object({
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  /** A rule for one channel wins over the `any` rule of the same priority. */
  channel: SlaChannel.default('any'),
  firstResponseMinutes: TargetMinutes,
  resolutionMinutes: TargetMinutes
})
export type SlaRule = z.infer<typeof SlaRule>

export const SlaPolicy = z
  .object({
    calendar: BusinessCalendar,
    rules: z.array(SlaRule).min(1).max(40)
  })
  .refine((p) => new Set(p.rules.map((r) => `${r.priority}|${r.channel}`)).size === p.rules.length, {
    message: 'Two rules have the same priority and channel.',
    path: ['rules']
  })
export type SlaPolicy = z.infer<typeof SlaPolicy>

/** Where one clock (first response, or resolution) of a ticket stands. */
export const SlaClockState = z.enum([
  /** No target for this ticket's priority and channel. */
  'none',
  'running',
  /** Waiting on the customer: the clock does not run. */
  'paused',
  /** Done within the target. */
  'met',
  /** The target passed: still running, or done late. */
  'breached'
])
export type SlaClockState = z.infer<typeof SlaClockState>

export const TicketSla = z.object({
  /** The clock that is due next, and when (in the past when breached); null when none runs. */
  nextDueKind: z.enum(['first_response', 'resolution']).nullable(),
  nextDueAt: z.string().nullable(),
  /** From this instant under 25 % of the target's business time is left. */
  atRiskAt: z.string().nullable(),
  firstResponse: z.object({
    state: SlaClockState,
    targetMinutes: z.number().nullable(),
    dueAt: z.string().nullable(),
    at: z.string().nullable()
  }),
  resolution: z.object({
    state: SlaClockState,
    targetMinutes: z.number().nullable(),
    dueAt: z.string().nullable(),
    at: z.string().nullable()
  })
})
export type TicketSla = z.infer<typeof TicketSla>

/** The small report in Costs: how fast the shop answers, what it breached, who wrote the replies. */
export const SupportReport = z.object({
  days: z.number().int(),
  firstResponse: z.object({
    answered: z.number().int(),
    medianMinutes: z.number().nullable(),
    p90Minutes: z.number().nullable()
  }),
  breachesByDay: z.array(
    z.object({ day: z.string(), firstResponse: z.number().int(), resolution: z.number().int() })
  ),
  replies: z.object({
    aiDrafted: z.number().int(),
    handWritten: z.number().int(),
    /** AI-drafted replies that the fallback drafter wrote (the AI was unavailable). */
    fallback: z.number().int()
  })
})
export type SupportReport = z.infer<typeof SupportReport>
