import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import { applyExpectedActions } from '../../src/main/eval/tau2/apply-expected'
import { openShopCopy } from '../../src/main/eval/tau2/retail-shop'
import { diffShopStates, readShopState } from '../../src/main/eval/tau2/shop-state'
import { createToolRegistry } from '../../src/main/tools/registry'
import { shopTools } from '../../src/main/tools/shop-tools'
import { retailData, retailImage } from '../support/tau2-retail'

const registry = createToolRegistry(shopTools)
const clock = fixedClock('2026-11-10T12:30:00.000Z')

describe("every task's expected actions, made with Frontline's tools and approved", () => {
  it('apply without a refusal, and change the shop exactly where a mutating action was expected', async () => {
    const start = readShopState(openShopCopy(retailImage()))
    const refused: string[] = []
    for (const task of retailData().tasks) {
      const db = openShopCopy(retailImage())
      const applied = await applyExpectedActions(db, registry, task, clock)
      refused.push(...applied.refused.map((r) => `${r.actionId} ${r.tool}: ${r.message}`))
      const changed = diffShopStates(readShopState(db), start)
      expect(changed.length > 0, `task ${task.id}`).toBe(applied.mutations.length > 0)
      db.close()
    }
    // τ²-bench's own tools refuse these as well (an exchange dearer than the gift card's balance).
    expect(refused).toEqual([
      '106_0 exchange_items: Gift card gift_card_7245904 holds $17.00, less than the $21.10 to pay.'
    ])
  })
})
