import { z } from 'zod'
import { PositiveCount, SecureUrl, UsdAmount, UsdPerMTok } from './setting-values'

/**
 * The AI side of Settings: providers, prices, the default model and the daily budget. One schema
 * per setting, used by the contract's input and by the stored settings alike.
 */

export const ModelPrice = z.object({
  id: z.string().trim().min(1, 'Name the model.').max(200),
  inputPerMTok: UsdPerMTok,
  outputPerMTok: UsdPerMTok,
  /** Input tokens served from the provider's prompt cache; absent means cached input costs the full input price. */
  cachedInputPerMTok: UsdPerMTok.optional()
})
export type ModelPrice = z.infer<typeof ModelPrice>

export const RateLimits = z.object({
  requestsPerMinute: PositiveCount(1_000_000),
  /** Input + expected output tokens per minute, as most providers count them. */
  tokensPerMinute: PositiveCount(1_000_000_000),
  /** Calls open at once against this provider. */
  maxInFlight: PositiveCount(10_000)
})
export type RateLimits = z.infer<typeof RateLimits>

export const PriceSource = z.object({
  url: z.string().url(),
  /** The day the prices were checked (YYYY-MM-DD); list prices change, so the UI shows it. */
  checkedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  note: z.string().optional()
})
export type PriceSource = z.infer<typeof PriceSource>

export const ProviderId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'lowercase letters, digits and dashes (it names the key file and the ledger rows)'
  )

export const ProviderProfile = z.object({
  id: ProviderId,
  name: z.string().min(1),
  /** Where calls and the provider's key go: https, or plain http to this machine only. */
  baseURL: SecureUrl,
  models: z.array(ModelPrice).min(1, 'List at least one model.').max(100),
  source: PriceSource,
  rateLimits: RateLimits,
  /** The whole call, first byte to last streamed token. The SDK's own default is 10 minutes. */
  timeoutMs: z.number().int().positive().max(600_000)
})
export type ProviderProfile = z.infer<typeof ProviderProfile>

export const ModelChoice = z.object({
  providerId: z.string().min(1, 'Choose a provider.'),
  model: z.string().min(1, 'Choose a model.')
})
export type ModelChoice = z.infer<typeof ModelChoice>

/** A daily budget in USD (whole cents), or null for none. */
export const DailyBudgetUsd = UsdAmount.nullable()

/** What a person changes in Settings; kept in the settings table under `llm`. */
export const LlmSettings = z.object({
  defaultModel: ModelChoice.nullable().default(null),
  dailyBudgetUsd: DailyBudgetUsd.default(null),
  /** Edited copies of provider profiles (prices, base URL, limits), by id; they replace the shipped defaults. */
  providers: z.array(ProviderProfile).default([])
})
export type LlmSettings = z.infer<typeof LlmSettings>

/** What Settings may change of one provider. */
export const ProviderEdit = ProviderProfile.pick({ baseURL: true, models: true, rateLimits: true })
  .partial()
  .extend({ id: z.string().min(1) })
  .strict()

export const SettingsUpdate = z
  .object({
    defaultModel: ModelChoice.optional(),
    dailyBudgetUsd: DailyBudgetUsd.optional(),
    provider: ProviderEdit.optional()
  })
  .strict()
export type SettingsUpdate = z.input<typeof SettingsUpdate>

/** An API key as typed: one word, long enough to be a key. */
export const ApiKeyText = z
  .string()
  .trim()
  .min(8, 'That is too short to be an API key.')
  .max(500, 'That is too long to be an API key (500 characters at most).')
  .regex(/^\S+$/, 'An API key is one word, without spaces.')
