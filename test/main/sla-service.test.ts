import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import type { Channel, ChannelInput } from '../../src/shared/contract'
import type { Caller } from '../../src/shared/domain/caller'
import { ShopBuilder } from '../support/shop-builder'

// Wednesday 25 November 2026, 15:00 in Paris.
const NOW = '2026-11-25T14:00:00.000Z'
const admin: Caller = { kind: 'person', personId: 'P-ada', name: 'Ada Admin', role: 'admin' }
const agent: Caller = { kind: 'person', personId: 'P-rosa', name: 'Rosa Parks', role: 'agent' }
const nineToFive = { open: '09:00', close: '17:00' }
const POLICY: ChannelInput<'sla.setPolicy'> = {
  calendar: {
    timeZone: 'Europe/Paris',
    hours: {
      mon: nineToFive,
      tue: nineToFive,
      wed: nineToFive,
      thu: nineToFive,
      fri: nineToFive,
      sat: null,
      sun: null
    },
    holidays: []
  },
  rules: [
    { priority: 'urgent', channel: 'any', firstResponseMinutes: 60, resolutionMinutes: 480 },
    { priority: 'normal', channel: 'any', firstResponseMinutes: 240, resolutionMinutes: 960 },
    { priority: 'low', channel: 'any', firstResponseMinutes: 960, resolutionMinutes: 2400 }
  ]
}

let dir: string
let core: Core

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-sla-'))
  const dbPath = join(dir, 'shop.db')
  const shop = new ShopBuilder(openDb(dbPath))
  const customerId = shop.customer({ name: 'Grace Hopper', email: 'grace@navy.example' })
  const ticket = (id: string, priority: 'urgent' | 'normal' | 'low', at: string) => {
    shop.ticket({ id, customerId, priority, status: 'new', subject: id, lastCustomerMessageAt: at })
    shop.message(id, { body: 'Hello?', createdAt: at })
  }
  // Low, opened this morning: due days from now.
  ticket('TKT-LOW', 'low', '2026-11-25T08:00:00.000Z')
  // Normal, opened at 14:00 today: due at 18:00... which is 10:00 tomorrow in business time.
  ticket('TKT-NORMAL', 'normal', '2026-11-25T13:00:00.000Z')
  // Urgent, opened yesterday at 16:00: an hour's target, breached since 17:00 yesterday.
  ticket('TKT-URGENT', 'urgent', '2026-11-24T15:00:00.000Z')
  shop.db.close()
  core = createCore({ dbPath, clock: fixedClock(NOW), env: {}, checkpointWorkerFile: null })
})

afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

async function ok<K extends Channel>(channel: K, input: ChannelInput<K>, caller: Caller = agent) {
  const result = await core.invoke(channel, input, caller)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value
}

async function settled() {
  await core.context.triage.idle()
  await core.context.sla.idle()
}

describe('SLA clocks on tickets', () => {
  it('give every ticket its next due time and sort the inbox by it, breached first', async () => {
    await ok('triage.updateSettings', { mode: 'off' }, admin)
    await ok('sla.setPolicy', POLICY, admin)
    await settled()
    const { tickets } = await ok('tickets.list', { sort: 'due' })
    expect(tickets.map((t) => t.id)).toEqual(['TKT-URGENT', 'TKT-NORMAL', 'TKT-LOW'])
    const [urgent, normal] = tickets
    expect(urgent?.sla).toMatchObject({
      nextDueKind: 'first_response',
      nextDueAt: '2026-11-24T16:00:00.000Z',
      firstResponse: { state: 'breached', targetMinutes: 60 }
    })
    expect(normal?.sla?.nextDueAt).toBe('2026-11-26T09:00:00.000Z')
  })

  it('stop the first-response clock at the reply and pause while the ticket waits on the customer', async () => {
    await ok('triage.updateSettings', { mode: 'off' }, admin)
    await ok('sla.setPolicy', POLICY, admin)
    await settled()
    await ok('tickets.reply', { ticketId: 'TKT-URGENT', body: 'We are on it.' })
    await ok('tickets.update', { ticketId: 'TKT-URGENT', status: 'pending' })
    await settled()
    const { ticket } = await ok('tickets.get', { ticketId: 'TKT-URGENT' })
    expect(ticket.sla).toMatchObject({
      nextDueKind: null,
      nextDueAt: null,
      firstResponse: { state: 'breached', at: NOW },
      resolution: { state: 'paused' }
    })
    const { tickets } = await ok('tickets.list', { sort: 'due' })
    // With no clock running it goes last.
    expect(tickets.at(-1)?.id).toBe('TKT-URGENT')
  })

  it('are counted in the support report: breaches per day and replies by how they were written', async () => {
    await ok('triage.updateSettings', { mode: 'off' }, admin)
    await ok('sla.setPolicy', POLICY, admin)
    await settled()
    await ok('tickets.reply', { ticketId: 'TKT-NORMAL', body: 'Here you go.' })
    await settled()
    const report = await ok('sla.report', { days: 3 })
    expect(report.breachesByDay).toEqual([
      { day: '2026-11-23', firstResponse: 0, resolution: 0 },
      { day: '2026-11-24', firstResponse: 1, resolution: 0 },
      { day: '2026-11-25', firstResponse: 0, resolution: 0 }
    ])
    expect(report.replies).toEqual({ aiDrafted: 0, handWritten: 1, fallback: 0 })
    expect(report.firstResponse).toMatchObject({ answered: 1, medianMinutes: 60 })
  })

  it('refuse a policy an agent sets, or one that names a time zone nobody knows', async () => {
    const denied = await core.invoke('sla.setPolicy', POLICY, agent)
    expect(denied.ok).toBe(false)
    const bad = await core.invoke(
      'sla.setPolicy',
      { ...POLICY, calendar: { ...POLICY.calendar, timeZone: 'Nowhere/Atlantis' } },
      admin
    )
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.issues?.[0]?.field).toBe('calendar.timeZone')
  })
})
