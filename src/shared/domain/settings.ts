import { z } from 'zod'

export const ModelPriceView = z.object({
  id: z.string(),
  inputPerMTok: z.number(),
  outputPerMTok: z.number(),
  cachedInputPerMTok: z.number().optional()
})

export const ProviderView = z.object({
  id: z.string(),
  name: z.string(),
  baseURL: z.string(),
  models: z.array(ModelPriceView),
  source: z.object({ url: z.string(), checkedOn: z.string(), note: z.string().optional() }),
  rateLimits: z.object({
    requestsPerMinute: z.number().int(),
    tokensPerMinute: z.number().int(),
    maxInFlight: z.number().int()
  }),
  timeoutMs: z.number().int(),
  /** Whether a key is stored: the key itself never leaves the core. */
  keySet: z.boolean()
})
export type ProviderView = z.infer<typeof ProviderView>

export const SettingsView = z.object({
  providers: z.array(ProviderView),
  defaultModel: z.object({ providerId: z.string(), model: z.string() }),
  dailyBudgetUsd: z.number().nullable(),
  demoMode: z.boolean(),
  mcp: z.object({ claudeDesktop: z.string(), genericStdio: z.string() })
})
export type SettingsView = z.infer<typeof SettingsView>

export const StatusView = z.object({
  demoMode: z.boolean(),
  providers: z.array(
    z.object({
      providerId: z.string(),
      name: z.string(),
      state: z.enum(['closed', 'open', 'half_open']),
      inFlight: z.number().int(),
      queued: z.number().int(),
      retryAt: z.string().nullable(),
      lastError: z.string().nullable()
    })
  ),
  draftsInFlight: z.number().int(),
  pendingActions: z.number().int(),
  spentTodayMicroUsd: z.number().int(),
  budgetMicroUsd: z.number().int().nullable()
})
export type StatusView = z.infer<typeof StatusView>

export const BulkProgress = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'cancelled']),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  fallbacks: z.number().int(),
  etaMs: z.number().int().nullable()
})
export type BulkProgress = z.infer<typeof BulkProgress>
