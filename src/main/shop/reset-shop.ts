import type { Db } from '../db/connection'
import {
  clearShop,
  countShop,
  seedDemoShop,
  type SeedOptions,
  type SeedSummary,
  type ShopCounts
} from '../db/fixtures/seed-demo-shop'
import { forgetShopSettings } from './shop-settings'

export type ResetTarget = 'demo' | 'empty'

/** What a reset deletes and keeps, in words: `frontline shop reset --help` and the console say this. */
export const RESET_DELETES =
  'customers, products, orders and their items, tickets and their messages, drafts and their tool traces, ' +
  'proposed and decided actions, returns, refunds, chat sessions, the Lab’s replays, and the shop’s order-id format and currency'
export const RESET_KEEPS =
  'settings (AI providers, the default model, the daily budget, the shop’s prompt and its history), the usage ledger of what the AI cost, ' +
  'the audit log, and the chat channel’s keys'

export interface ResetResult {
  removed: ShopCounts
  seeded: SeedSummary | null
}

/**
 * Empties the shop, support history included so that nothing points at a deleted order, and
 * optionally fills it with the demo shop again: for moving from the demo to a real shop's data.
 */
export function resetShop(db: Db, target: ResetTarget, seed: SeedOptions = {}): ResetResult {
  const removed = countShop(db)
  db.transaction(() => {
    clearShop(db)
    forgetShopSettings(db)
  })()
  return { removed, seeded: target === 'demo' ? seedDemoShop(db, seed) : null }
}
