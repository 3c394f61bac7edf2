import type { ProviderProfile } from '../../src/main/llm/providers'

/** An OpenAI-priced provider at a mock server's address, as the gateway tests configure it. */
export const openAiProfileAt = (
  baseURL: string,
  overrides: Partial<ProviderProfile> = {}
): ProviderProfile => ({
  id: 'openai',
  name: 'OpenAI GPT-4.1',
  baseURL,
  models: [
    { id: 'gpt-4.1', inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
    { id: 'free-model', inputPerMTok: 0, outputPerMTok: 0 }
  ],
  source: { url: 'https://platform.openai.com/docs/pricing', checkedOn: '2026-11-25' },
  rateLimits: { requestsPerMinute: 1_000, tokensPerMinute: 10_000_000, maxInFlight: 8 },
  timeoutMs: 5_000,
  ...overrides
})
