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
  /** Whether a key may be used with the current base URL: the key itself never leaves the core. */
  keySet: z.boolean(),
  /** Set when the saved key belongs to another host (the base URL moved): enter it again. */
  keyNeeded: z.string().nullable()
})
export type ProviderView = z.infer<typeof ProviderView>

/** A saved value this version could not read: shown in Settings, never silently replaced. */
export const SettingProblem = z.object({
  /** The settings key: `llm`, `channel`, `autopilot`, `mcp.servers`. */
  setting: z.string(),
  /** Where in it, e.g. `dailyBudgetUsd` or `providers.1`; empty for the whole setting. */
  field: z.string(),
  message: z.string()
})
export type SettingProblem = z.infer<typeof SettingProblem>

/** Where API keys and MCP server tokens are kept, as Settings tells it. */
export const KeyStorage = z.object({
  kind: z.enum(['os-keychain', 'file']),
  /** Why they are not in the OS keychain (in the desktop app), or null. */
  notice: z.string().nullable()
})
export type KeyStorage = z.infer<typeof KeyStorage>

export const SettingsView = z.object({
  providers: z.array(ProviderView),
  defaultModel: z.object({ providerId: z.string(), model: z.string() }),
  dailyBudgetUsd: z.number().nullable(),
  demoMode: z.boolean(),
  mcp: z.object({ claudeDesktop: z.string(), genericStdio: z.string() }),
  /** Saved values that could not be read back: Frontline uses defaults for them until they are saved again. */
  problems: z.array(SettingProblem),
  keyStorage: KeyStorage
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
  /** Tickets left as they were: a draft appeared on them (a person's, or another job's) before their turn. */
  skipped: z.number().int(),
  etaMs: z.number().int().nullable()
})
export type BulkProgress = z.infer<typeof BulkProgress>
