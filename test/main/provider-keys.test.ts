import { describe, expect, it } from 'vitest'
import { cachingKeyStore, createMemoryKeyStore, defaultProviders, type KeyStore } from '../../src/main/llm'
import { createProviderKeys, type EnvKeyEndpoint } from '../../src/main/llm/provider-keys'
import type { ProviderProfile } from '../../src/main/llm'

const profile = (id: string): ProviderProfile => {
  const found = defaultProviders.find((p) => p.id === id)
  if (!found) throw new Error(id)
  return found
}
const custom: ProviderProfile = { ...profile('openai'), id: 'custom', baseURL: 'http://127.0.0.1:5555/v1' }
const all = [...defaultProviders, custom]
const originalOrigin = (id: string) => {
  const found = all.find((p) => p.id === id)
  return found ? new URL(found.baseURL).origin : undefined
}

const keysWith = (
  env: NodeJS.ProcessEnv,
  endpoint: EnvKeyEndpoint | null,
  store: KeyStore = createMemoryKeyStore()
) => createProviderKeys({ store, env, originalOrigin, envKeyEndpoint: endpoint })

describe('which key may go to which host', () => {
  it('gives FRONTLINE_API_KEY to the one endpoint it was configured with, never to the others', async () => {
    const env = { FRONTLINE_API_KEY: 'sk-for-the-base-url-0001' }
    const keys = keysWith(env, { providerId: 'custom', origin: 'http://127.0.0.1:5555' })
    expect(await keys.keyFor(custom)).toBe('sk-for-the-base-url-0001')
    for (const id of ['openai', 'anthropic', 'deepseek', 'gemini']) {
      expect(await keys.keyFor(profile(id))).toBeUndefined()
      expect(await keys.state(profile(id))).toEqual({ keySet: false, keyNeeded: null })
    }
    // Without a base URL it is the default provider's key, and only its.
    const plain = keysWith(env, { providerId: 'deepseek', origin: 'https://api.deepseek.com' })
    expect(await plain.keyFor(profile('deepseek'))).toBe('sk-for-the-base-url-0001')
    expect(await plain.keyFor(profile('openai'))).toBeUndefined()
  })

  it('keeps a provider’s own variable for its shipped host', async () => {
    const keys = keysWith({ FRONTLINE_GEMINI_API_KEY: 'AIza-own-variable-0001' }, null)
    expect(await keys.keyFor(profile('gemini'))).toBe('AIza-own-variable-0001')
    const moved = { ...profile('gemini'), baseURL: 'https://gemini-proxy.example.com/v1' }
    expect(await keys.keyFor(moved)).toBeUndefined()
  })

  it('binds a saved key to the origin it was entered for: another host needs the key again', async () => {
    const store = createMemoryKeyStore()
    const keys = keysWith({}, null, store)
    const openai = profile('openai')
    await keys.save(openai, 'sk-entered-for-openai-01')
    expect(await keys.keyFor({ ...openai, baseURL: 'https://api.openai.com/v2' })).toBe(
      'sk-entered-for-openai-01'
    )

    const moved = { ...openai, baseURL: 'https://collector.example.net/v1' }
    expect(await keys.keyFor(moved)).toBeUndefined()
    expect(await keys.state(moved)).toEqual({
      keySet: false,
      keyNeeded:
        'The key was given for https://api.openai.com; enter it again for https://collector.example.net.'
    })
    await keys.save(moved, 'sk-entered-for-the-proxy')
    expect(await keys.keyFor(moved)).toBe('sk-entered-for-the-proxy')
    expect(await keys.keyFor(openai)).toBeUndefined()
  })

  it('reads a key saved before keys knew their origin as the key of the provider’s original host', async () => {
    const store = createMemoryKeyStore({ anthropic: 'sk-ant-saved-long-ago-01' })
    const keys = keysWith({}, null, store)
    expect(await keys.keyFor(profile('anthropic'))).toBe('sk-ant-saved-long-ago-01')
    expect(
      await keys.keyFor({ ...profile('anthropic'), baseURL: 'https://other.example.com' })
    ).toBeUndefined()
  })
})

describe('the core remembers keys for the session', () => {
  it('asks its store once for any number of reads, and again after the key changes', async () => {
    const inner = createMemoryKeyStore({ openai: 'sk-one-0000000000' })
    const asked: string[] = []
    const store = cachingKeyStore({
      ...inner,
      get: (name) => {
        asked.push(name)
        return inner.get(name)
      }
    })
    const reads = await Promise.all(Array.from({ length: 25 }, () => store.get('openai')))
    expect(new Set(reads)).toEqual(new Set(['sk-one-0000000000']))
    expect(asked).toEqual(['openai'])
    await store.set('openai', 'sk-two-0000000000')
    expect(await store.get('openai')).toBe('sk-two-0000000000')
    expect(await store.get('openai')).toBe('sk-two-0000000000')
    expect(asked).toEqual(['openai', 'openai'])
    await store.delete('openai')
    expect(await store.get('openai')).toBeUndefined()
    expect(asked).toEqual(['openai', 'openai', 'openai'])
  })
})
