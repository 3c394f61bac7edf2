/**
 * The LLM layer's public face. The core builds one gateway:
 *
 *   const gateway = createLlmGateway({
 *     providers: [demoProviderConnection(), ...defaultProviders.map((profile) => ({ profile }))],
 *     keys: createFileKeyStore({ dir: join(dataDir, 'keys') }),
 *     recordCall: (row) => insertLlmCall(db, row),
 *     budget: createDailyBudget({ limitMicroUsd, clock, spentSince: (iso) => spendSinceMicroUsd(db, iso) }),
 *     onHealthChange: (health) => events.emit('provider.health', health)
 *   })
 *
 * and the draft loop calls `gateway.chat(request)`, which never throws.
 */
export {
  createLlmGateway,
  DEFAULT_OUTPUT_RESERVE,
  type GatewayChatRequest,
  type LlmGateway,
  type LlmGatewayOptions,
  type ProviderConnection,
  type ProviderStatus
} from './gateway'
export { createDailyBudget, utcDayStart, type BudgetStatus, type DailyBudget } from './budget'
export type { BreakerChange, BreakerState } from './circuit-breaker'
export { demoProviderConnection, demoProviderProfile } from './demo-connection'
export { cachingKeyStore, createFileKeyStore, createMemoryKeyStore, redact, type KeyStore } from './keys'
export { costMicroUsd, isFree, ModelPrice, type TokenUsage } from './pricing'
export { defaultProviders, findModel, parseProviderProfiles, ProviderProfile } from './providers'
