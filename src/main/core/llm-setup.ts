import { LlmSettings } from '../../shared/domain/llm-settings'
import type { SettingProblem } from '../../shared/domain/settings'
import type { Db } from '../db/connection'
import { insertLlmCall, spendSinceMicroUsd } from '../db/repositories/llm-calls'
import { readSettingFields, writeSettingFields, type StoredSetting } from '../db/repositories/settings'
import type { ChatPort, ModelChoice } from '../agent/chat-port'
import { baseUrlProblem, originOf } from '../../shared/domain/setting-values'
import {
  cachingKeyStore,
  createDailyBudget,
  createLlmGateway,
  createMemoryKeyStore,
  defaultProviders,
  demoProviderConnection,
  ProviderProfile,
  utcDayStart,
  type DailyBudget,
  type KeyStore,
  type LlmGateway,
  type LlmGatewayOptions,
  type ProviderConnection,
  type ProviderStatus
} from '../llm'
import { DEMO_MODEL, DEMO_PROVIDER_ID } from '../llm/demo'
import {
  createProviderKeys,
  DEFAULT_PROVIDER_ID,
  type EnvKeyEndpoint,
  type ProviderKeys
} from '../llm/provider-keys'
import { workerStreams } from '../llm/stream-transport'
import { builtWorkerFile } from '../worker-files'
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
  /**
   * The built stream worker (out/main/stream-worker.js): streamed calls to HTTP providers run there,
   * off the core's thread. Defaults to the one beside the bundle; null, or running from sources,
   * streams on the core's thread.
   */
  streamWorkerFile?: string | null
}

export { LlmSettings }
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

/**
 * FRONTLINE_DEMO_CHUNK_DELAY_MS paces the demo model's stream (at most 1 s a chunk), so a person
 * trying the console, or a browser test, can watch a draft being written; unset, it streams at once.
 */
function demoPacing(env: NodeJS.ProcessEnv): LlmOptions['demo'] {
  const ms = Number(env.FRONTLINE_DEMO_CHUNK_DELAY_MS)
  return Number.isFinite(ms) && ms > 0 ? { chunkDelayMs: Math.min(ms, 1_000) } : undefined
}

export interface LlmRuntime extends ChatPort {
  budget: DailyBudget
  /** Where keys and tokens are kept (read once a session, then remembered). */
  secrets: KeyStore
  /** Which key may go to which provider's host. */
  providerKeys: ProviderKeys
  defaultModel(): ModelChoice
  isDemo(): boolean
  health(): ProviderStatus[]
  profiles(): ProviderProfile[]
  settings(): LlmSettings
  /** Saved values this version could not read (each is logged once, and shown in Settings). */
  settingsProblems(): SettingProblem[]
  /**
   * Saves new settings and rebuilds the gateway with them (breakers start closed again). `changed`
   * names the fields the person set: unreadable saved values of the others are kept as they were.
   */
  updateSettings(next: LlmSettings, changed: readonly (keyof LlmSettings)[]): void
  /** Stops the stream worker (after the drafts are cancelled). */
  close(): Promise<void>
}

export function createLlmRuntime(deps: {
  db: Db
  clock: Clock
  events: CoreEvents
  options: LlmOptions
  env: NodeJS.ProcessEnv
}): LlmRuntime {
  const { db, clock, events, options, env } = deps
  // Asked once a session per key: in the desktop app every ask is a decryption on the window's thread.
  const secrets = cachingKeyStore(options.keys ?? createMemoryKeyStore())
  const stored = (): StoredSetting<LlmSettings> =>
    readSettingFields(db, LLM_SETTINGS_KEY, LlmSettings, STORED_LISTS)
  const settings = (): LlmSettings => stored().value

  const connectionsFor = (saved: LlmSettings): ProviderConnection[] => {
    const connections: ProviderConnection[] = [demoProviderConnection(options.demo ?? demoPacing(env))]
    if (env.FRONTLINE_BASE_URL && env.FRONTLINE_MODEL && usableBaseUrl(env.FRONTLINE_BASE_URL)) {
      connections.push({ profile: customProviderProfile(env.FRONTLINE_BASE_URL, env.FRONTLINE_MODEL) })
    }
    connections.push(...(options.connections ?? []))
    const edited = new Map(saved.providers.map((p) => [p.id, p]))
    for (const profile of [...defaultProviders, ...saved.providers]) {
      if (connections.some((c) => c.profile.id === profile.id)) continue
      connections.push({ profile: edited.get(profile.id) ?? profile })
    }
    return connections
  }

  const budgetMicroUsd = (saved: LlmSettings): number | null => {
    if (options.dailyBudgetMicroUsd !== undefined) return options.dailyBudgetMicroUsd
    return saved.dailyBudgetUsd === null ? null : Math.round(saved.dailyBudgetUsd * 1_000_000)
  }

  const initial = settings()
  const shipped = new Map(
    connectionsFor(LlmSettings.parse({})).map((c) => [c.profile.id, safeOrigin(c.profile.baseURL)])
  )
  const providerKeys = createProviderKeys({
    store: secrets,
    env,
    originalOrigin: (id) => shipped.get(id),
    envKeyEndpoint: envKeyEndpoint(env, options.connections ?? [])
  })
  const budget = createDailyBudget({
    limitMicroUsd: budgetMicroUsd(initial),
    clock,
    spentSince: (iso) => spendSinceMicroUsd(db, iso)
  })
  // The day's total is a SUM over the ledger; at hundreds of calls a second, running it and sending
  // the event for every call was a large share of the engine's time, and the status bar cannot show
  // more than a few updates a second anyway.
  const costsChanged = throttle(COSTS_CHANGED_EVERY_MS, () => {
    if (!db.open) return
    try {
      events.emit('costs.changed', { todayMicroUsd: spendSinceMicroUsd(db, utcDayStart(clock.now())) })
    } catch (error) {
      console.error('[llm] could not total the day’s costs', error)
    }
  })
  let connections = connectionsFor(initial)
  const workerFile =
    options.streamWorkerFile === undefined
      ? builtWorkerFile('stream-worker')
      : (options.streamWorkerFile ?? undefined)
  // One worker for every gateway this runtime builds: a settings change must not start another.
  const streams = workerFile ? workerStreams(workerFile) : undefined
  const build = (): LlmGateway =>
    createLlmGateway({
      ...options.gateway,
      streams,
      providers: connections,
      keys: {
        get: async (providerId) => {
          const connection = connections.find((c) => c.profile.id === providerId)
          return connection ? providerKeys.keyFor(connection.profile) : undefined
        }
      },
      clock,
      budget,
      recordCall: (row) => {
        insertLlmCall(db, row)
        if (row.costMicroUsd > 0) costsChanged()
      },
      onHealthChange: (health) => events.emit('provider.health', health)
    })
  let gateway = build()

  const defaultModel = (): ModelChoice => {
    if (options.defaultModel) return options.defaultModel
    const saved = settings().defaultModel
    if (saved && connections.some((c) => c.profile.id === saved.providerId)) return saved
    // A key in the environment with a custom endpoint means the person wants that endpoint.
    if (
      env.FRONTLINE_MODEL &&
      env.FRONTLINE_API_KEY &&
      connections.some((c) => c.profile.id === 'custom' && c.profile.baseURL === env.FRONTLINE_BASE_URL)
    ) {
      return { providerId: 'custom', model: env.FRONTLINE_MODEL }
    }
    return demoChoice
  }

  return {
    chat: (request) => gateway.chat(request),
    budget,
    secrets,
    providerKeys,
    defaultModel,
    isDemo: () => defaultModel().providerId === DEMO_PROVIDER_ID,
    health: () => gateway.health(),
    profiles: () => gateway.profiles(),
    settings,
    settingsProblems: () => stored().problems,
    updateSettings(next, changed) {
      writeSettingFields(db, LLM_SETTINGS_KEY, next, stored(), changed, {
        ...STORED_LISTS,
        idOf: (entry) => (entry as { id?: unknown } | null)?.id
      })
      budget.setLimit(budgetMicroUsd(next))
      connections = connectionsFor(next)
      gateway = build()
    },
    close: async () => {
      await streams?.close()
    }
  }
}

const refusedBaseUrls = new Set<string>()
/** FRONTLINE_BASE_URL follows the rule Settings does: the key must not travel in clear to another machine. */
function usableBaseUrl(url: string): boolean {
  const problem = baseUrlProblem(url)
  if (problem && !refusedBaseUrls.has(url)) {
    refusedBaseUrls.add(url)
    console.error(`[llm] ignoring FRONTLINE_BASE_URL=${url}: ${problem}`)
  }
  return problem === null
}

const safeOrigin = (url: string): string | undefined => {
  try {
    return originOf(url)
  } catch {
    return undefined
  }
}

/**
 * FRONTLINE_API_KEY is the key of one endpoint: FRONTLINE_BASE_URL's, or a --base-url connection's
 * (which carries it already), else the default provider's.
 */
function envKeyEndpoint(env: NodeJS.ProcessEnv, extra: readonly ProviderConnection[]): EnvKeyEndpoint | null {
  const custom = env.FRONTLINE_BASE_URL ?? extra.find((c) => c.profile.id === 'custom')?.profile.baseURL
  if (custom) {
    const origin = safeOrigin(custom)
    return origin ? { providerId: 'custom', origin } : null
  }
  const fallback = defaultProviders.find((p) => p.id === DEFAULT_PROVIDER_ID)
  return fallback ? { providerId: fallback.id, origin: originOf(fallback.baseURL) } : null
}

const COSTS_CHANGED_EVERY_MS = 1000
/** Provider edits are read one by one: an unreadable one does not hide the others. */
const STORED_LISTS = { lists: ['providers'] } as const

/** Runs `fn` at once, then at most once per `ms` while calls keep coming, always once after the last. */
function throttle(ms: number, fn: () => void): () => void {
  let timer: NodeJS.Timeout | undefined
  let again = false
  const tick = () => {
    if (!again) {
      timer = undefined
      return
    }
    again = false
    fn()
    timer = setTimeout(tick, ms).unref()
  }
  return () => {
    if (timer) {
      again = true
      return
    }
    fn()
    timer = setTimeout(tick, ms).unref()
  }
}
