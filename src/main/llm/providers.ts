import { z } from 'zod'
import { ProviderProfile, type ModelPrice } from '../../shared/domain/llm-settings'

export { PriceSource, ProviderProfile, RateLimits } from '../../shared/domain/llm-settings'

/**
 * List prices in USD per million tokens. Rate limits are the entry-tier figures (or, where the
 * provider publishes none, a polite guess) so a new account is not throttled into errors; a team
 * on a higher tier raises them in settings.
 */
export const defaultProviders: readonly ProviderProfile[] = [
  {
    id: 'deepseek',
    name: 'DeepSeek V3.2',
    baseURL: 'https://api.deepseek.com',
    models: [{ id: 'deepseek-chat', inputPerMTok: 0.28, cachedInputPerMTok: 0.028, outputPerMTok: 0.42 }],
    source: {
      url: 'https://api-docs.deepseek.com/quick_start/pricing',
      checkedOn: '2025-12-09',
      note: 'V3.2 list price $0.28 cache miss / $0.028 cache hit / $0.42 output, as mirrored by Roo Code (updated 2025-12-09)'
    },
    // DeepSeek publishes no fixed limits (it throttles dynamically under load).
    rateLimits: { requestsPerMinute: 60, tokensPerMinute: 1_000_000, maxInFlight: 4 },
    timeoutMs: 60_000
  },
  {
    id: 'openai',
    name: 'OpenAI GPT-4.1',
    baseURL: 'https://api.openai.com/v1',
    models: [
      { id: 'gpt-4.1', inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
      { id: 'gpt-4.1-mini', inputPerMTok: 0.4, cachedInputPerMTok: 0.1, outputPerMTok: 1.6 }
    ],
    source: {
      url: 'https://platform.openai.com/docs/pricing',
      checkedOn: '2026-11-25',
      note: 'GPT-4.1 $2 / $0.50 cached / $8; mini $0.40 / $0.10 / $1.60; cross-checked with the GitHub Copilot price table'
    },
    rateLimits: { requestsPerMinute: 500, tokensPerMinute: 30_000, maxInFlight: 4 },
    timeoutMs: 60_000
  },
  {
    id: 'gemini',
    name: 'Google Gemini 2.5 Flash',
    baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    models: [{ id: 'gemini-2.5-flash', inputPerMTok: 0.3, cachedInputPerMTok: 0.03, outputPerMTok: 2.5 }],
    source: {
      url: 'https://ai.google.dev/gemini-api/docs/pricing',
      checkedOn: '2026-11-25',
      note: 'Standard tier, text: $0.30 / $0.03 cached / $2.50 output (thinking bills as output); cross-checked with third-party guides'
    },
    rateLimits: { requestsPerMinute: 1_000, tokensPerMinute: 1_000_000, maxInFlight: 4 },
    timeoutMs: 60_000
  },
  {
    id: 'anthropic',
    name: 'Anthropic Claude Sonnet 4.5',
    baseURL: 'https://api.anthropic.com/v1/',
    models: [{ id: 'claude-sonnet-4-5', inputPerMTok: 3, cachedInputPerMTok: 0.3, outputPerMTok: 15 }],
    source: {
      url: 'https://platform.claude.com/docs/en/about-claude/pricing',
      checkedOn: '2026-11-25',
      note: '$3 / $0.30 cache read / $15 output; Anthropic lists Sonnet 4.5 as deprecated (retires 2026-11-30)'
    },
    rateLimits: { requestsPerMinute: 50, tokensPerMinute: 30_000, maxInFlight: 4 },
    timeoutMs: 90_000
  }
]

export function findModel(profile: ProviderProfile, modelId: string): ModelPrice | undefined {
  return profile.models.find((m) => m.id === modelId)
}

/** Validates profiles from settings or a file; the error names the offending field. */
export function parseProviderProfiles(input: unknown): z.ZodSafeParseResult<ProviderProfile[]> {
  return z
    .array(ProviderProfile)
    .superRefine((list, ctx) => {
      const seen = new Set<string>()
      list.forEach((p, i) => {
        if (seen.has(p.id))
          ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate provider id "${p.id}"` })
        seen.add(p.id)
      })
    })
    .safeParse(input)
}
