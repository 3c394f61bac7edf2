import { z } from 'zod'
import { originOf } from '../../shared/domain/setting-values'
import type { KeyStore } from './keys'
import type { ProviderProfile } from './providers'

/**
 * Which API key may go to which host. A key belongs to the origin (scheme, host, port) it was
 * given for and is never sent anywhere else:
 * - a key typed in Settings records the origin of the provider's base URL at that moment; after
 *   the base URL moves to another host, the provider needs its key again;
 * - `FRONTLINE_<PROVIDER>_API_KEY` belongs to that provider's base URL as shipped (or as started);
 * - `FRONTLINE_API_KEY` belongs to one endpoint only: FRONTLINE_BASE_URL (or --base-url) when set,
 *   else the default provider. It is never a fallback for the others.
 */

export interface KeyState {
  /** A key this provider may use with its current base URL. */
  keySet: boolean
  /** Set when the only keys there are belong to another host: what the person must do. */
  keyNeeded: string | null
}

export interface ProviderKeys {
  /** The key to send to the profile's current base URL, if any may go there. */
  keyFor(profile: ProviderProfile): Promise<string | undefined>
  state(profile: ProviderProfile): Promise<KeyState>
  /** Stores a key for the profile's current base URL. */
  save(profile: ProviderProfile, key: string): Promise<void>
}

/** The one endpoint FRONTLINE_API_KEY is the key of. */
export interface EnvKeyEndpoint {
  providerId: string
  origin: string
}

/** The provider the seed service used and Settings lists first: FRONTLINE_API_KEY's home without a base URL. */
export const DEFAULT_PROVIDER_ID = 'deepseek'

export const providerKeyVariable = (providerId: string): string =>
  `FRONTLINE_${providerId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`

const StoredKey = z.object({ key: z.string().min(1), origin: z.string().min(1) })

const oneWord = (key: string | undefined): string | undefined => {
  const trimmed = key?.trim()
  return trimmed && !/\s/.test(trimmed) ? trimmed : undefined
}

const safeOrigin = (url: string): string | undefined => {
  try {
    return originOf(url)
  } catch {
    return undefined
  }
}

interface Candidate {
  key: string
  origin: string | undefined
}

export function createProviderKeys(deps: {
  store: KeyStore
  env: NodeJS.ProcessEnv
  /**
   * The origin of each provider before any Settings edit (shipped, or as the CLI or environment
   * configured it): where its environment key, and a key saved before keys recorded their origin,
   * belong.
   */
  originalOrigin(providerId: string): string | undefined
  envKeyEndpoint: EnvKeyEndpoint | null
}): ProviderKeys {
  const { store, env } = deps

  /** A stored key with the origin it was entered for; one saved by an older version belongs to the original base URL. */
  const stored = async (providerId: string): Promise<Candidate | undefined> => {
    const text = await store.get(providerId)
    if (!text) return undefined
    if (text.startsWith('{')) {
      try {
        const parsed = StoredKey.safeParse(JSON.parse(text))
        if (parsed.success) return parsed.data
      } catch {
        // not ours: treated as a bare key below
      }
    }
    const key = oneWord(text)
    return key ? { key, origin: deps.originalOrigin(providerId) } : undefined
  }

  const candidates = async (profile: ProviderProfile): Promise<Candidate[]> => {
    const found: Candidate[] = []
    const own = oneWord(env[providerKeyVariable(profile.id)])
    if (own) found.push({ key: own, origin: deps.originalOrigin(profile.id) })
    const general = oneWord(env.FRONTLINE_API_KEY)
    if (general && deps.envKeyEndpoint?.providerId === profile.id) {
      found.push({ key: general, origin: deps.envKeyEndpoint.origin })
    }
    const saved = await stored(profile.id)
    if (saved) found.push(saved)
    return found
  }

  const keyFor = async (profile: ProviderProfile): Promise<string | undefined> => {
    const origin = safeOrigin(profile.baseURL)
    if (!origin) return undefined
    return (await candidates(profile)).find((c) => c.origin === origin)?.key
  }

  return {
    keyFor,
    async state(profile) {
      const origin = safeOrigin(profile.baseURL)
      const all = await candidates(profile)
      if (origin && all.some((c) => c.origin === origin)) return { keySet: true, keyNeeded: null }
      const other = all[0]
      if (!other) return { keySet: false, keyNeeded: null }
      const here = origin ?? profile.baseURL
      return {
        keySet: false,
        keyNeeded: other.origin
          ? `The key was given for ${other.origin}; enter it again for ${here}.`
          : `Enter the key again for ${here}.`
      }
    },
    async save(profile, key) {
      await store.set(profile.id, JSON.stringify({ key, origin: originOf(profile.baseURL) }))
    }
  }
}
