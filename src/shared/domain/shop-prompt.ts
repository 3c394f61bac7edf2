import { z } from 'zod'

/**
 * The shop's prompt: the instructions part of the system prompt the draft engine uses (who the
 * agent is, how it writes). Frontline always adds its own rules, the shop's policies and the
 * customer's facts after it. Versions are only ever added: restoring an old one adds a copy.
 */

export const MAX_SHOP_INSTRUCTIONS = 8_000

export const ShopInstructions = z
  .string()
  .trim()
  .min(1, 'Write the instructions first.')
  .max(MAX_SHOP_INSTRUCTIONS, `The instructions are too long: at most ${MAX_SHOP_INSTRUCTIONS} characters.`)

export const ShopPromptVersion = z.object({
  id: z.number().int(),
  instructions: z.string(),
  savedBy: z.string(),
  savedAt: z.string(),
  /** The replay whose results it was saved from; null when it was saved or restored by itself. */
  replayId: z.string().nullable(),
  /** The older version this one restored. */
  restoredFrom: z.number().int().nullable(),
  note: z.string().nullable()
})
export type ShopPromptVersion = z.infer<typeof ShopPromptVersion>

export const ShopPromptView = z.object({
  /** The instructions drafts use now. */
  instructions: z.string(),
  /** The version they come from; null while the shop uses Frontline's own. */
  current: ShopPromptVersion.nullable(),
  /** Frontline's own instructions, for "start again from the default". */
  defaultInstructions: z.string(),
  /** What every draft's prompt adds after the instructions, whatever they say. */
  alwaysAdded: z.array(z.string())
})
export type ShopPromptView = z.infer<typeof ShopPromptView>

export const ShopPromptHistory = z.object({
  versions: z.array(ShopPromptVersion),
  total: z.number().int()
})
export type ShopPromptHistory = z.infer<typeof ShopPromptHistory>
