import { describe, expect, it } from 'vitest'
import { businessClock } from '../../src/main/sla/business-time'
import { computeSla, type SlaTicket } from '../../src/main/sla/sla-clock'
import type { BusinessCalendar, SlaPolicy } from '../../src/shared/domain/sla'
import { SlaPolicy as SlaPolicySchema } from '../../src/shared/domain/sla'

const HOUR = 3_600_000
const nineToFive = { open: '09:00', close: '17:00' }
const weekdays = (timeZone: string, holidays: string[] = []): BusinessCalendar => ({
  timeZone,
  hours: {
    mon: nineToFive,
    tue: nineToFive,
    wed: nineToFive,
    thu: nineToFive,
    fri: nineToFive,
    sat: null,
    sun: null
  },
  holidays
})
const allDay = { open: '00:00', close: '24:00' }
const everyHour = (timeZone: string): BusinessCalendar => ({
  timeZone,
  hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  holidays: []
})
const ms = (iso: string) => Date.parse(iso)
const iso = (n: number | null) => (n === null ? null : new Date(n).toISOString())

describe('business time', () => {
  it('skips the weekend: an hour left on Friday, the rest on Monday', () => {
    const clock = businessClock(weekdays('Europe/Paris'))
    // Friday 20 November 2026, 16:00 in Paris (UTC+1).
    const friday4pm = ms('2026-11-20T15:00:00.000Z')
    expect(iso(clock.add(friday4pm, 8 * HOUR))).toBe('2026-11-23T15:00:00.000Z')
    expect(clock.between(friday4pm, ms('2026-11-23T15:00:00.000Z'))).toBe(8 * HOUR)
    // Asked on Saturday, the clock starts on Monday at nine.
    expect(iso(clock.add(ms('2026-11-21T12:00:00.000Z'), HOUR))).toBe('2026-11-23T09:00:00.000Z')
    expect(clock.between(ms('2026-11-21T00:00:00.000Z'), ms('2026-11-22T23:00:00.000Z'))).toBe(0)
  })

  it("follows the shop's wall clock across the start and the end of summer time", () => {
    const clock = businessClock(weekdays('Europe/Paris'))
    // Friday 27 March 2026 16:00 (UTC+1); summer time starts on Sunday 29; Monday 10:00 is UTC+2.
    expect(iso(clock.add(ms('2026-03-27T15:00:00.000Z'), 2 * HOUR))).toBe('2026-03-30T08:00:00.000Z')
    // Friday 23 October 2026 16:00 (UTC+2); winter time on Sunday 25; Monday 10:00 is UTC+1.
    expect(iso(clock.add(ms('2026-10-23T14:00:00.000Z'), 2 * HOUR))).toBe('2026-10-26T09:00:00.000Z')
  })

  it('counts a day open round the clock as 23 or 25 hours when the clocks change', () => {
    const clock = businessClock(everyHour('Europe/Paris'))
    expect(clock.between(ms('2026-03-28T23:00:00.000Z'), ms('2026-03-29T22:00:00.000Z'))).toBe(23 * HOUR)
    expect(clock.between(ms('2026-10-24T22:00:00.000Z'), ms('2026-10-25T23:00:00.000Z'))).toBe(25 * HOUR)
    expect(iso(clock.add(ms('2026-03-28T23:00:00.000Z'), 24 * HOUR))).toBe('2026-03-29T23:00:00.000Z')
  })

  it('keeps holidays closed and answers null when the calendar never opens', () => {
    const clock = businessClock(weekdays('America/New_York', ['2026-11-26']))
    // Wednesday 25 November 16:00 in New York (UTC-5): one hour that day, Thanksgiving closed, Friday.
    expect(iso(clock.add(ms('2026-11-25T21:00:00.000Z'), 2 * HOUR))).toBe('2026-11-27T15:00:00.000Z')
    const never = businessClock({
      timeZone: 'UTC',
      hours: { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null },
      holidays: []
    })
    expect(never.add(ms('2026-11-25T10:00:00.000Z'), HOUR)).toBeNull()
  })
})

const policy: SlaPolicy = SlaPolicySchema.parse({
  calendar: weekdays('Europe/Paris'),
  rules: [
    { priority: 'normal', channel: 'any', firstResponseMinutes: 4 * 60, resolutionMinutes: 16 * 60 },
    { priority: 'normal', channel: 'chat', firstResponseMinutes: 60, resolutionMinutes: null },
    { priority: 'low', channel: 'any', firstResponseMinutes: null, resolutionMinutes: null }
  ]
})
const clock = businessClock(policy.calendar)
// Monday 23 November 2026, 09:00 in Paris.
const MONDAY_9 = '2026-11-23T08:00:00.000Z'
const ticket = (overrides: Partial<SlaTicket> = {}): SlaTicket => ({
  createdAt: MONDAY_9,
  priority: 'normal',
  channel: 'email',
  statusChanges: [{ status: 'new', at: MONDAY_9 }],
  firstResponseAt: null,
  ...overrides
})

describe('SLA clocks', () => {
  it('are due after the target in business hours, at risk with a quarter left', () => {
    const sla = computeSla(policy, clock, ticket(), ms('2026-11-23T09:00:00.000Z'))
    expect(sla.firstResponse).toMatchObject({
      state: 'running',
      dueAt: '2026-11-23T12:00:00.000Z',
      atRiskAt: '2026-11-23T11:00:00.000Z'
    })
    expect(sla.nextDueKind).toBe('first_response')
    expect(sla.nextDueAt).toBe('2026-11-23T12:00:00.000Z')
    // 16 business hours: Monday and Tuesday.
    expect(sla.resolution.dueAt).toBe('2026-11-24T16:00:00.000Z')
  })

  it('pause while the ticket waits on the customer and run again when it answers', () => {
    const paused = ticket({
      statusChanges: [
        { status: 'new', at: MONDAY_9 },
        // Monday 10:00: the shop asked a question; Tuesday 09:00 the customer answered.
        { status: 'pending', at: '2026-11-23T09:00:00.000Z' },
        { status: 'open', at: '2026-11-24T08:00:00.000Z' }
      ]
    })
    const whilePaused = computeSla(
      policy,
      clock,
      { ...paused, statusChanges: paused.statusChanges.slice(0, 2) },
      ms('2026-11-23T15:00:00.000Z')
    )
    expect(whilePaused.firstResponse.state).toBe('paused')
    expect(whilePaused.firstResponse.dueAt).toBeNull()
    expect(whilePaused.nextDueAt).toBeNull()

    const resumed = computeSla(policy, clock, paused, ms('2026-11-24T09:00:00.000Z'))
    // One hour on Monday, three on Tuesday: due Tuesday 12:00 in Paris.
    expect(resumed.firstResponse).toMatchObject({ state: 'running', dueAt: '2026-11-24T11:00:00.000Z' })
    expect(resumed.nextDueAt).toBe('2026-11-24T11:00:00.000Z')
  })

  it('are breached once the due time has passed, and met or breached when the goal is reached', () => {
    const late = computeSla(policy, clock, ticket(), ms('2026-11-23T13:00:00.000Z'))
    expect(late.firstResponse.state).toBe('breached')
    expect(late.nextDueAt).toBe('2026-11-23T12:00:00.000Z')

    const answered = computeSla(
      policy,
      clock,
      ticket({
        firstResponseAt: '2026-11-23T10:00:00.000Z',
        statusChanges: [
          { status: 'new', at: MONDAY_9 },
          { status: 'pending', at: '2026-11-23T10:00:00.000Z' }
        ]
      }),
      ms('2026-11-25T10:00:00.000Z')
    )
    expect(answered.firstResponse).toMatchObject({ state: 'met', completedAt: '2026-11-23T10:00:00.000Z' })
    // Waiting on the customer: no next due time, the resolution clock paused.
    expect(answered.resolution.state).toBe('paused')
    expect(answered.nextDueKind).toBeNull()

    const answeredLate = computeSla(
      policy,
      clock,
      ticket({ firstResponseAt: '2026-11-23T14:00:00.000Z' }),
      ms('2026-11-23T14:00:00.000Z')
    )
    expect(answeredLate.firstResponse.state).toBe('breached')
    expect(answeredLate.nextDueKind).toBe('resolution')
  })

  it("use the channel's own rule before the rule for every channel, and none without a target", () => {
    const chat = computeSla(policy, clock, ticket({ channel: 'chat' }), ms(MONDAY_9))
    expect(chat.firstResponse.dueAt).toBe('2026-11-23T09:00:00.000Z')
    expect(chat.resolution.state).toBe('none')
    const low = computeSla(policy, clock, ticket({ priority: 'low' }), ms(MONDAY_9))
    expect(low.firstResponse.state).toBe('none')
    expect(low.nextDueAt).toBeNull()
  })

  it('stop when the ticket is solved, owing no first answer to a ticket solved without one', () => {
    const solved = computeSla(
      policy,
      clock,
      ticket({
        statusChanges: [
          { status: 'new', at: MONDAY_9 },
          { status: 'solved', at: '2026-11-23T09:00:00.000Z' }
        ]
      }),
      ms('2026-11-30T09:00:00.000Z')
    )
    expect(solved.firstResponse.state).toBe('none')
    expect(solved.resolution).toMatchObject({ state: 'met', completedAt: '2026-11-23T09:00:00.000Z' })
    expect(solved.nextDueAt).toBeNull()
  })
})

describe('an SLA policy', () => {
  it('is refused, naming the field, when it cannot be kept', () => {
    const field = (value: unknown) => SlaPolicySchema.safeParse(value).error?.issues[0]?.path.join('.')
    expect(field({ ...policy, calendar: { ...policy.calendar, timeZone: 'Mars/Olympus' } })).toBe(
      'calendar.timeZone'
    )
    expect(
      field({
        ...policy,
        calendar: {
          ...policy.calendar,
          hours: { ...policy.calendar.hours, mon: { open: '17:00', close: '09:00' } }
        }
      })
    ).toBe('calendar.hours.mon.close')
    expect(field({ ...policy, rules: [...policy.rules, policy.rules[0]] })).toBe('rules')
    expect(
      field({
        ...policy,
        calendar: {
          ...policy.calendar,
          hours: Object.fromEntries(Object.keys(policy.calendar.hours).map((d) => [d, null]))
        }
      })
    ).toBe('calendar.hours')
  })
})
