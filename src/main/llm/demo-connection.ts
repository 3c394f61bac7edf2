import { createDemoModelFetch, DEMO_MODEL, DEMO_PROVIDER_ID, type DemoModelOptions } from './demo'
import type { ProviderConnection } from './gateway'
import type { ProviderProfile } from './providers'

/** The offline demo model as a provider: free, in-process, never rate-limited by anyone but us. */
export const demoProviderProfile: ProviderProfile = {
  id: DEMO_PROVIDER_ID,
  name: 'Offline demo model',
  // Never contacted: the SDK's requests go to the demo model's fetch.
  baseURL: 'http://demo.invalid/v1',
  models: [{ id: DEMO_MODEL, inputPerMTok: 0, outputPerMTok: 0 }],
  source: { url: 'http://demo.invalid/', checkedOn: '2026-11-25', note: 'runs in-process; costs nothing' },
  rateLimits: { requestsPerMinute: 1_000_000, tokensPerMinute: 1_000_000_000, maxInFlight: 1_000 },
  timeoutMs: 30_000
}

export function demoProviderConnection(options: DemoModelOptions = {}): ProviderConnection {
  return { profile: demoProviderProfile, fetch: createDemoModelFetch(options), apiKey: 'demo' }
}
