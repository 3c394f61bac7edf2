import { describe, expect, it } from 'vitest'
import { costMicroUsd, isFree, ModelPrice } from '../../src/main/llm/pricing'
import { defaultProviders, findModel, parseProviderProfiles } from '../../src/main/llm/providers'

const price = (providerId: string, modelId: string): ModelPrice => {
  const profile = defaultProviders.find((p) => p.id === providerId)
  const model = profile && findModel(profile, modelId)
  if (!model) throw new Error(`no ${providerId}/${modelId}`)
  return model
}

describe('costMicroUsd', () => {
  it('bills a million tokens at the list price, to the cent', () => {
    const deepseek = price('deepseek', 'deepseek-chat')
    expect(costMicroUsd(deepseek, { input: 1_000_000, output: 0, cached: 0 })).toBe(280_000) // $0.28
    expect(costMicroUsd(deepseek, { input: 1_000_000, output: 0, cached: 1_000_000 })).toBe(28_000) // $0.028
    expect(costMicroUsd(deepseek, { input: 0, output: 1_000_000, cached: 0 })).toBe(420_000) // $0.42
    const sonnet = price('anthropic', 'claude-sonnet-4-5')
    expect(costMicroUsd(sonnet, { input: 1_000_000, output: 1_000_000, cached: 0 })).toBe(18_000_000) // $18.00
  })

  it('bills cached input at the cached price and the rest at the input price, to the micro-dollar', () => {
    const gpt41 = price('openai', 'gpt-4.1')
    // 10,000 fresh × $2 + 2,345 cached × $0.50 + 678 out × $8 per MTok = 20,000 + 1,172.5 + 5,424 µ$
    expect(costMicroUsd(gpt41, { input: 12_345, cached: 2_345, output: 678 })).toBe(26_597)
    const gemini = price('gemini', 'gemini-2.5-flash')
    // 900 × 0.30 + 100 × 0.03 + 50 × 2.50 = 270 + 3 + 125 µ$
    expect(costMicroUsd(gemini, { input: 1_000, cached: 100, output: 50 })).toBe(398)
  })

  it('rounds once per call, half up, and never drifts on decimal prices', () => {
    const mini = price('openai', 'gpt-4.1-mini') // $0.40 in, $1.60 out
    expect(costMicroUsd(mini, { input: 1, output: 0, cached: 0 })).toBe(0) // 0.4 µ$
    expect(costMicroUsd(mini, { input: 2, output: 0, cached: 0 })).toBe(1) // 0.8 µ$
    expect(costMicroUsd(mini, { input: 3, output: 1, cached: 0 })).toBe(3) // 1.2 + 1.6 = 2.8 µ$
    const deepseek = price('deepseek', 'deepseek-chat')
    // 0.028 µ$ per cached token: 125 tokens = 3.5 µ$ → 4 (half up); 7 × 0.1 style float traps do not apply.
    expect(costMicroUsd(deepseek, { input: 125, output: 0, cached: 125 })).toBe(4)
    // A huge day of tokens stays exact: 3 billion tokens at $0.28 = $840.
    expect(costMicroUsd(deepseek, { input: 3_000_000_000, output: 0, cached: 0 })).toBe(840_000_000)
  })

  it('treats cached above input as all cached, and a missing cached price as the input price', () => {
    const plain = ModelPrice.parse({ id: 'm', inputPerMTok: 1, outputPerMTok: 2 })
    expect(costMicroUsd(plain, { input: 1_000, cached: 1_000, output: 0 })).toBe(1_000)
    const gpt41 = price('openai', 'gpt-4.1')
    expect(costMicroUsd(gpt41, { input: 100, cached: 500, output: 0 })).toBe(50)
  })

  it('knows a free model', () => {
    expect(isFree({ id: 'demo', inputPerMTok: 0, outputPerMTok: 0 })).toBe(true)
    expect(isFree(price('deepseek', 'deepseek-chat'))).toBe(false)
  })
})

describe('provider profiles', () => {
  it('ships valid defaults with their price source', () => {
    const parsed = parseProviderProfiles(defaultProviders)
    expect(parsed.success).toBe(true)
    expect(defaultProviders.map((p) => p.id)).toEqual(['deepseek', 'openai', 'gemini', 'anthropic'])
    for (const p of defaultProviders) {
      expect(p.source.url).toMatch(/^https:\/\//)
      expect(p.source.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(p.timeoutMs).toBeLessThan(600_000)
    }
    expect(price('openai', 'gpt-4.1')).toMatchObject({
      inputPerMTok: 2,
      cachedInputPerMTok: 0.5,
      outputPerMTok: 8
    })
    expect(price('gemini', 'gemini-2.5-flash')).toMatchObject({
      inputPerMTok: 0.3,
      cachedInputPerMTok: 0.03,
      outputPerMTok: 2.5
    })
  })

  it('names the offending field of a bad profile', () => {
    const bad = [
      { ...defaultProviders[0], models: [{ id: 'x', inputPerMTok: 0.0000001, outputPerMTok: 1 }] },
      { ...defaultProviders[0] }
    ]
    const parsed = parseProviderProfiles(bad)
    expect(parsed.success).toBe(false)
    const paths = parsed.error?.issues.map((i) => i.path.join('.'))
    expect(paths).toContain('0.models.0.inputPerMTok')
    expect(paths).toContain('1.id')
  })
})
