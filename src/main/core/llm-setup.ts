import { z } from 'zod'
import type { Db } from '../db/connection'
import { insertLlmCall, spendSinceMicroUsd } from '../db/repositories/llm-calls'
import { readSetting } from '../db/repositories/settings'
import type { ModelChoice } from '../agent/chat-port'
import {
  createDailyBudget,
  createLlmGateway,
  createMemoryKeyStore,
  defaultProviders,
  demoProviderConnection,
  type KeyStore,
  type LlmGateway,
  type LlmGatewayOptions,
  type ProviderConnection,
  type ProviderProfile,
  utcDayStart,
  type DailyBudget
} from '../llm'
import { DEMO_MODEL, DEMO_PROVIDER_ID } from '../llm/demo'
import type { Clock } from './clock'
import type { CoreEvents } from './events'

export interface LlmOptions {
  /** Extra providers, e.g. a custom base URL from the CLI or the tests' mock server. */
  connections?: ProviderConnection[]
  keys?: KeyStore
  /** Overrides the saved default model. */
  defaultModel?: ModelChoice
  /** Overrides the saved daily budget; null means no budget. */
  dailyBudgetMicroUsd?: number | null
  /** The demo model's pacing (for a UI that shows streaming). */
  demo?: { latencyMs?: number; chunkDelayMs?: number }
  gateway?: Pick<LlmGatewayOptions, 'breaker' | 'maxQueueWaitMs' | 'maxAttempts' | 'tokenBatch' | 'timers'>
}

export const LlmSettings = z.object({
  defaultModel: z.object({ providerId: z.string(), model: z.string() }).nullable().default(null),
  dailyBudgetUsd: z.number().nonnegative().nullable().default(null)
})
export type LlmSettings = z.infer<typeof LlmSettings>
export const LLM_SETTINGS_KEY = 'llm'

export const demoChoice: ModelChoice = { providerId: DEMO_PROVIDER_ID, model: DEMO_MODEL }

/**
 * A custom OpenAI-compatible endpoint (CLI `--base-url`, or FRONTLINE_BASE_URL). Its prices are
 * the list prices of the same model id when Frontline knows it, else zero and said so.
 */
export function customProviderProfile(baseURL: string, model: string): ProviderProfile {
  const known = defaultProviders.flatMap((p) => p.models).find((m) => m.id === model)
  return {
    id: 'custom',
    name: `Custom endpoint (${new URL(baseURL).host})`,
    baseURL,
    models: [known ?? { id: model, inputPerMTok: 0, outputPerMTok: 0 }],
    source: {
      url: baseURL,
      checkedOn: '2026-11-25',
      note: known ? `list prices of ${model}` : 'unknown model: priced at zero until set in Settings'
    },
    rateLimits: { requestsPerMinute: 600, tokensPerMinute: 2_000_000, maxInFlight: 64 },
    timeoutMs: 60_000
  }
}

export interface LlmRuntime {
  gateway: LlmGateway
  budget: DailyBudget
  defaultModel(): ModelChoice
  isDemo(): boolean
}

export function createLlmRuntime(deps: {
  db: Db
  clock: Clock
  events: CoreEvents
  options: LlmOptions
  env: NodeJS.ProcessEnv
}): LlmRuntime {
  const { db, clock, events, options, env } = deps
  const settings = () => readSetting(db, LLM_SETTINGS_KEY, LlmSettings, LlmSettings.parse({}))
  const connections: ProviderConnection[] = [demoProviderConnection(options.demo)]
  if (env.FRONTLINE_BASE_URL && env.FRONTLINE_MODEL) {
    connections.push({ profile: customProviderProfile(env.FRONTLINE_BASE_URL, env.FRONTLINE_MODEL) })
  }
  connections.push(...(options.connections ?? []))
  for (const profile of defaultProviders) {
    if (!connections.some((c) => c.profile.id === profile.id)) connections.push({ profile })
  }

  const budgetMicroUsd = (): number | null => {
    if (options.dailyBudgetMicroUsd !== undefined) return options.dailyBudgetMicroUsd
    const usd = settings().dailyBudgetUsd
    return usd === null ? null : Math.round(usd * 1_000_000)
  }

  const budget = createDailyBudget({
    limitMicroUsd: budgetMicroUsd(),
    clock,
    spentSince: (iso) => spendSinceMicroUsd(db, iso)
  })
  const gateway = createLlmGateway({
    ...options.gateway,
    providers: connections,
    keys: options.keys ?? createMemoryKeyStore(),
    clock,
    recordCall: (row) => {
      insertLlmCall(db, row)
      if (row.costMicroUsd > 0) {
        events.emit('costs.changed', { todayMicroUsd: spendSinceMicroUsd(db, utcDayStart(clock.now())) })
      }
    },
    budget,
    onHealthChange: (health) => events.emit('provider.health', health)
  })

  const defaultModel = (): ModelChoice => {
    if (options.defaultModel) return options.defaultModel
    const saved = settings().defaultModel
    if (saved && connections.some((c) => c.profile.id === saved.providerId)) return saved
    // A key in the environment with a custom endpoint means the person wants that endpoint.
    if (env.FRONTLINE_BASE_URL && env.FRONTLINE_MODEL && env.FRONTLINE_API_KEY) {
      return { providerId: 'custom', model: env.FRONTLINE_MODEL }
    }
    return demoChoice
  }

  return { gateway, budget, defaultModel, isDemo: () => defaultModel().providerId === DEMO_PROVIDER_ID }
}
