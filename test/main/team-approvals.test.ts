import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import type { Core } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import { approvalRefusal, capFor, DEFAULT_CAPS } from '../../src/main/policy/approval-caps'
import { LOCAL_OWNER, type Caller, type PersonCaller } from '../../src/shared/domain/caller'
import { addAdaWithOrders, ADA_DELIVERED } from '../support/ada-shop'
import { ShopBuilder } from '../support/shop-builder'
import { addPerson, createTeamCore, signIn } from '../support/team'

const NOW = '2026-11-20T12:00:00.000Z'
const person = (role: PersonCaller['role'], personId = `PER-${role}`): PersonCaller => ({
  kind: 'person',
  personId,
  name: role,
  role
})
const action = (kind: string, dollars: number, proposedById: string | null = null) => ({
  kind: kind as 'return',
  amount: { amount: dollars, currency: 'USD' },
  proposedById
})

describe('approval caps (policy)', () => {
  it('caps agents per action kind, leaves leads and admins uncapped by default', () => {
    expect(capFor(DEFAULT_CAPS, 'agent', 'return')).toBe(10_000)
    expect(capFor(DEFAULT_CAPS, 'agent', 'goodwill_credit')).toBe(2_000)
    expect(capFor(DEFAULT_CAPS, 'agent', 'some_new_kind')).toBe(0)
    expect(capFor(DEFAULT_CAPS, 'lead', 'return')).toBeNull()
    expect(capFor(DEFAULT_CAPS, 'admin', 'return')).toBeNull()
    expect(capFor({ agent: {}, lead: {} }, 'agent', 'refund')).toBe(0)
    expect(capFor({ agent: {}, lead: {} }, 'lead', 'refund')).toBeNull()
  })

  it('says who may approve above a cap, in words', () => {
    expect(approvalRefusal(person('agent'), action('return', 100), DEFAULT_CAPS)).toBeNull()
    expect(approvalRefusal(person('agent'), action('return', 100.01), DEFAULT_CAPS)).toBe(
      'Approving this $100.01 return needs a lead: agents may approve returns up to $100.00.'
    )
    expect(approvalRefusal(person('agent'), action('goodwill_credit', 25), DEFAULT_CAPS)).toBe(
      'Approving this $25.00 goodwill credit needs a lead: agents may approve goodwill credits up to $20.00.'
    )
    const leadCapped = { ...DEFAULT_CAPS, lead: { return: 50_000 } }
    expect(approvalRefusal(person('lead'), action('return', 600), leadCapped)).toBe(
      'Approving this $600.00 return needs an admin: leads may approve returns up to $500.00.'
    )
    expect(approvalRefusal(person('admin'), action('return', 600), leadCapped)).toBeNull()
    // No money at stake (an external call): nothing to cap.
    expect(
      approvalRefusal(
        person('agent'),
        { kind: 'external_tool', amount: null, proposedById: null },
        DEFAULT_CAPS
      )
    ).toBeNull()
  })

  it('keeps four eyes above the agents’ cap, whatever the proposer’s role; the CLI and the desktop owner are not capped', () => {
    const mine = action('return', 150, 'PER-lead')
    expect(approvalRefusal(person('lead'), mine, DEFAULT_CAPS)).toBe(
      "You proposed this $150.00 return; above the agents' cap of $100.00 another person must approve it (four eyes)."
    )
    expect(approvalRefusal(person('admin', 'PER-lead'), mine, DEFAULT_CAPS)).toMatch(/four eyes/)
    expect(approvalRefusal(person('lead', 'PER-other'), mine, DEFAULT_CAPS)).toBeNull()
    expect(
      approvalRefusal(person('agent', 'PER-lead'), action('return', 50, 'PER-lead'), DEFAULT_CAPS)
    ).toBeNull()
    const cli: Caller = { kind: 'cli' }
    expect(approvalRefusal(cli, mine, DEFAULT_CAPS)).toBeNull()
    expect(approvalRefusal(LOCAL_OWNER, mine, DEFAULT_CAPS)).toBeNull()
  })
})

describe('approving in a team', () => {
  let dir: string
  let core: Core
  let ticketId: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'frontline-caps-'))
    const dbPath = join(dir, 'team.db')
    const shop = new ShopBuilder(openDb(dbPath))
    const ada = addAdaWithOrders(shop)
    ticketId = shop.ticket({ customerId: ada, subject: 'Broken shoes' })
    shop.db.close()
    core = createTeamCore({ dbPath, clock: fixedClock(NOW) })
  })
  afterEach(async () => {
    await core.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Grace and Linus (leads) and Root (admin), signed in. */
  async function twoLeadsAndAnAdmin() {
    for (const [name, role] of [
      ['Grace', 'lead'],
      ['Linus', 'lead'],
      ['Root', 'admin']
    ] as const)
      await addPerson(core, name, role)
    return {
      grace: await signIn(core, 'Grace'),
      linus: await signIn(core, 'Linus'),
      root: await signIn(core, 'Root')
    }
  }

  /** A person proposes the whole delivered order back as damaged: $119.98 with shipping. */
  async function proposeBigReturn(by: Caller): Promise<string> {
    const run = await core.invoke(
      'tools.run',
      { name: 'process_return', arguments: { order_id: ADA_DELIVERED, reason: 'damaged' }, ticketId },
      by
    )
    if (!run.ok || !run.value.ok) throw new Error(JSON.stringify(run))
    return (run.value.value as { action_id: string }).action_id
  }

  it('refuses an agent above the cap, and the proposer above it, and lets another lead approve; all named in the audit', async () => {
    await addPerson(core, 'Ada', 'agent')
    await addPerson(core, 'Grace', 'lead')
    await addPerson(core, 'Linus', 'lead')
    const agent = await signIn(core, 'Ada')
    const grace = await signIn(core, 'Grace')
    const linus = await signIn(core, 'Linus')
    const actionId = await proposeBigReturn(grace)

    const seenByAgent = await core.invoke('actions.list', { status: 'pending_approval' }, agent)
    expect(seenByAgent).toMatchObject({
      ok: true,
      value: [
        {
          id: actionId,
          proposedById: grace.personId,
          proposedByName: 'Grace',
          approvalRefusal:
            'Approving this $119.98 return needs a lead: agents may approve returns up to $100.00.'
        }
      ]
    })
    expect(await core.invoke('actions.approve', { actionId }, agent)).toMatchObject({
      ok: false,
      error: {
        code: 'not_allowed',
        message: expect.stringContaining('needs a lead'),
        issues: [{ field: 'actionId' }]
      }
    })
    expect(await core.invoke('actions.approve', { actionId }, grace)).toMatchObject({
      ok: false,
      error: { code: 'not_allowed', message: expect.stringContaining('four eyes') }
    })
    expect(core.context.db.prepare('SELECT COUNT(*) FROM returns').pluck().get()).toBe(0)

    // A name given in the request does not stand for a signed-in person.
    const approved = await core.invoke('actions.approve', { actionId, by: 'Someone Else' }, linus)
    expect(approved).toMatchObject({
      ok: true,
      value: { status: 'applied', decidedBy: 'Linus', decidedById: linus.personId }
    })
    expect(
      core.context.db
        .prepare(`SELECT actor, actor_id FROM audit_log WHERE subject_id = ? AND action = 'action.approved'`)
        .all(actionId)
    ).toEqual([{ actor: 'Linus', actor_id: linus.personId }])

    // Approvals filtered by who proposed and who decided.
    const ids = async (filter: Record<string, string>) => {
      const listed = await core.invoke('actions.list', filter, agent)
      if (!listed.ok) throw new Error(listed.error.message)
      return listed.value.map((a) => a.id)
    }
    expect(await ids({ proposedBy: grace.personId })).toEqual([actionId])
    expect(await ids({ decidedBy: linus.personId })).toEqual([actionId])
    expect(await ids({ decidedBy: grace.personId })).toEqual([])
    expect(await ids({ proposedBy: 'ai' })).toEqual([])
    expect(await ids({ proposedBy: grace.personId, status: 'pending_approval' })).toEqual([])

    // The decision history too: decisions on what a person (or the AI) proposed.
    const history = async (filter: Record<string, string>) => {
      const page = await core.invoke('actions.history', filter, agent)
      if (!page.ok) throw new Error(page.error.message)
      return page.value.actions.map((a) => a.id)
    }
    expect(await history({ proposedBy: grace.personId })).toEqual([actionId])
    expect(await history({ proposedBy: linus.personId })).toEqual([])
    expect(await history({ proposedBy: 'ai' })).toEqual([])
    expect(await history({ proposedBy: grace.personId, decidedBy: 'Linus' })).toEqual([actionId])
  })

  it('lets an agent approve within the cap, and an admin change the caps per kind', async () => {
    await addPerson(core, 'Root', 'admin')
    await addPerson(core, 'Ada', 'agent')
    await addPerson(core, 'Grace', 'lead')
    const root = await signIn(core, 'Root')
    const agent = await signIn(core, 'Ada')
    const grace = await signIn(core, 'Grace')
    const actionId = await proposeBigReturn(grace)
    const announced: unknown[] = []
    core.subscribe((event, payload) => event === 'actions.changed' && announced.push(payload))

    expect(
      await core.invoke('team.settings.update', { caps: { agent: { return: 20_000 }, lead: {} } }, agent)
    ).toMatchObject({ ok: false, error: { code: 'not_allowed' } })
    const updated = await core.invoke(
      'team.settings.update',
      { caps: { agent: { return: 20_000, '*': 0 }, lead: { '*': null } } },
      root
    )
    expect(updated).toMatchObject({ ok: true, value: { caps: { agent: { return: 20_000 } } } })
    // Every console looks at its queue again: what each person may approve changed.
    expect(announced).toEqual([{ actionIds: [], pending: 1 }])
    expect(await core.invoke('actions.approve', { actionId }, agent)).toMatchObject({
      ok: true,
      value: { status: 'applied', decidedBy: 'Ada' }
    })
  })

  it('gives two people deciding one action at once one outcome, and tells the second who decided', async () => {
    const { grace, linus, root } = await twoLeadsAndAnAdmin()

    const both = await proposeBigReturn(root)
    const [first, second] = await Promise.all([
      core.invoke('actions.approve', { actionId: both }, grace),
      core.invoke('actions.approve', { actionId: both }, linus)
    ])
    // Approving twice is one approval: both see it applied, by the one who was first.
    expect(first).toMatchObject({ ok: true, value: { status: 'applied', decidedBy: 'Grace' } })
    expect(second).toMatchObject({ ok: true, value: { status: 'applied', decidedBy: 'Grace' } })
    expect(core.context.db.prepare('SELECT COUNT(*) FROM returns').pluck().get()).toBe(1)
    expect(core.context.db.prepare('SELECT COUNT(*) FROM refunds').pluck().get()).toBe(1)
  })

  it('an approval and a rejection at once: one wins, the other is told by whom', async () => {
    const { grace, linus, root } = await twoLeadsAndAnAdmin()
    const actionId = await proposeBigReturn(root)
    const [approve, reject] = await Promise.all([
      core.invoke('actions.approve', { actionId }, grace),
      core.invoke('actions.reject', { actionId, reason: 'Photos show wear' }, linus)
    ])
    expect(approve).toMatchObject({ ok: true, value: { status: 'applied', decidedBy: 'Grace' } })
    expect(reject).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: `Action ${actionId} was already approved by Grace at ${NOW}.` }
    })
  })
})
