import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src/main/core/create-core'
import { ensureShopOnFirstRun } from '../../src/main/first-run'
import type { EventName } from '../../src/shared/contract'

let dir: string
let core: Core | undefined

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-proposals-'))
})

afterEach(async () => {
  await core?.close()
  core = undefined
  rmSync(dir, { recursive: true, force: true })
})

describe('a draft that proposes a return', () => {
  it('tells the console the approvals queue changed, with the new pending count', async () => {
    const dbPath = join(dir, 'shop.db')
    const seeded = ensureShopOnFirstRun(dbPath)
    if (!seeded) throw new Error('the demo shop was not created')
    core = createCore({ dbPath, env: {} })
    const seen: { event: EventName; payload: unknown }[] = []
    core.subscribe((event, payload) => seen.push({ event, payload }))

    const ticketId = seeded.exampleTickets.return_request
    const started = await core.invoke('drafts.generate', { ticketId })
    if (!started.ok) throw new Error(started.error.message)
    await core.context.drafts.start(ticketId).done

    const pending = await core.invoke('actions.list', { status: 'pending_approval', ticketId })
    if (!pending.ok) throw new Error(pending.error.message)
    expect(pending.value).toHaveLength(1)
    const changed = seen.filter((e) => e.event === 'actions.changed').map((e) => e.payload)
    expect(changed).toEqual([{ actionIds: [pending.value[0]!.id], pending: 1 }])
    // The queue hears of it before the draft is shown as done, so the two never disagree.
    const order = seen.map((e) => e.event)
    expect(order.indexOf('actions.changed')).toBeLessThan(order.lastIndexOf('draft.changed'))
  })
})
