import type { ShopPromptVersion, ShopPromptView } from '../../shared/domain/shop-prompt'
import { AppFailure } from '../../shared/result'
import type { Db } from '../db/connection'
import { writeAudit } from '../db/repositories/audit-log'
import {
  getShopPromptVersion,
  insertShopPromptVersion,
  latestShopPrompt
} from '../db/repositories/shop-prompts'
import { shopOrderIdRules } from '../shop/shop-settings'
import { alwaysAddedRules, DEFAULT_SHOP_INSTRUCTIONS } from './system-prompt'

/** The instructions every draft starts from: the shop's latest saved version, else Frontline's own. */
export const shopInstructions = (db: Db): string =>
  latestShopPrompt(db)?.instructions ?? DEFAULT_SHOP_INSTRUCTIONS

export function shopPromptView(db: Db): ShopPromptView {
  const current = latestShopPrompt(db) ?? null
  return {
    instructions: current?.instructions ?? DEFAULT_SHOP_INSTRUCTIONS,
    current,
    defaultInstructions: DEFAULT_SHOP_INSTRUCTIONS,
    alwaysAdded: alwaysAddedRules(shopOrderIdRules(db))
  }
}

export interface SavePromptInput {
  instructions: string
  savedBy: string
  at: string
  replayId?: string | null
  restoredFrom?: number | null
  note?: string | null
}

/** Adds a version that becomes the shop's prompt at once (the next draft uses it), with an audit row. */
export function saveShopPrompt(db: Db, input: SavePromptInput): ShopPromptVersion {
  const instructions = input.instructions.trim()
  if (instructions === shopInstructions(db).trim()) {
    throw new AppFailure('conflict', 'These are already the shop’s instructions: nothing to save.', [
      { field: 'instructions', message: 'unchanged' }
    ])
  }
  return db.transaction(() => {
    const version = insertShopPromptVersion(db, {
      instructions,
      savedBy: input.savedBy,
      savedAt: input.at,
      replayId: input.replayId ?? null,
      restoredFrom: input.restoredFrom ?? null,
      note: input.note ?? null
    })
    writeAudit(db, {
      at: input.at,
      actor: input.savedBy,
      action: input.restoredFrom ? 'shop_prompt.restored' : 'shop_prompt.saved',
      subjectType: 'shop_prompt',
      subjectId: String(version.id),
      detail: { replayId: version.replayId, restoredFrom: version.restoredFrom }
    })
    return version
  })()
}

/** Makes an older version the shop's prompt again, as a new version that says which one it restored. */
export function restoreShopPrompt(db: Db, versionId: number, by: string, at: string): ShopPromptVersion {
  const old = getShopPromptVersion(db, versionId)
  if (!old)
    throw new AppFailure('not_found', `No prompt version ${versionId}.`, [
      { field: 'versionId', message: 'not found' }
    ])
  return saveShopPrompt(db, {
    instructions: old.instructions,
    savedBy: by,
    at,
    replayId: old.replayId,
    restoredFrom: old.id
  })
}
