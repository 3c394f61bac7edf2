import { z } from 'zod'
import type { CoreOptions } from '../core/create-core'
import { customProviderProfile } from '../core/llm-setup'
import { SecureUrl } from '../../shared/domain/setting-values'
import type { CliOptionsConfig } from './command'

/**
 * `--base-url URL --model M`: draft with any OpenAI-compatible endpoint. The key comes from
 * FRONTLINE_API_KEY (or the provider's key file), never from a flag, so it stays out of shell history.
 */
export const providerOptions = {
  'base-url': { type: 'string' },
  model: { type: 'string' }
} as const satisfies CliOptionsConfig

export const providerSchema = {
  // The key goes where the URL points: https, or plain http to this machine only.
  'base-url': SecureUrl.optional(),
  model: z.string().trim().min(1).max(200).optional()
}

export const PROVIDER_USAGE = `  --base-url URL An OpenAI-compatible endpoint (DeepSeek, OpenAI, Gemini, a local server…).
                 The API key is read from FRONTLINE_API_KEY, never from a flag.
  --model M      The model to use (required with --base-url). Without both: the saved default
                 model, or the offline demo model when no key is set.`

export function llmOptionsFrom(
  options: { 'base-url'?: string; model?: string },
  env: NodeJS.ProcessEnv = process.env
): CoreOptions['llm'] {
  const baseURL = options['base-url']
  if (!baseURL) return undefined
  if (!options.model) throw new Error('--base-url needs --model')
  const profile = customProviderProfile(baseURL, options.model)
  return {
    connections: [{ profile, apiKey: env.FRONTLINE_API_KEY ?? 'no-key-set' }],
    defaultModel: { providerId: profile.id, model: options.model }
  }
}
