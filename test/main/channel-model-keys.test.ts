import { afterEach, describe, expect, it } from 'vitest'
import { startMockOpenAi, type MockOpenAiServer } from '../../src/main/bench/mock-openai-server'
import {
  ADA,
  ADA_SHIPPED,
  postJson,
  startHarness,
  supportScript,
  type ChannelHarness
} from './channel-support'

const SECRET = 'sk-for-the-base-url-only-0123456789'
const TYPED = 'sk-typed-for-openai-0123456789'

let h: ChannelHarness | undefined
let servers: MockOpenAiServer[] = []
afterEach(async () => {
  await h?.cleanup()
  h = undefined
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

const ask = (model?: string) => ({
  customer_id: ADA,
  messages: [{ role: 'user', content: `Where is my order ${ADA_SHIPPED}?` }],
  ...(model ? { model } : {})
})

describe('a key bound to the base URL it was given for, over the chat API', () => {
  it('never sends FRONTLINE_API_KEY or a saved key to another host, whatever model a client names', async () => {
    // A: the endpoint FRONTLINE_BASE_URL names, with FRONTLINE_API_KEY as its key. B: another host.
    const a = await startMockOpenAi({ script: supportScript })
    const b = await startMockOpenAi({ script: supportScript })
    servers = [a, b]
    h = await startHarness({
      demo: true,
      env: { FRONTLINE_BASE_URL: a.baseURL, FRONTLINE_MODEL: 'gpt-4.1', FRONTLINE_API_KEY: SECRET }
    })
    const { core } = h
    const update = async (input: Parameters<typeof core.invoke<'settings.update'>>[1]) => {
      const result = await core.invoke('settings.update', input)
      if (!result.ok) throw new Error(result.error.message)
      return result.value
    }
    // The other vendors' models, moved to B (plain http is allowed to this machine).
    await update({ provider: { id: 'anthropic', baseURL: `${b.baseURL}` } })

    // Vendor model names a client sends are not resolved as-is any more.
    for (const model of ['claude-sonnet-4-5', 'gpt-4.1', 'deepseek-chat']) {
      const refused = await postJson(h, '/mcp/chat', ask(model))
      expect(refused.status).toBe(422)
      expect(refused.body.error.issues).toEqual([
        { field: 'model', message: 'not offered; one of: deepseek-v3.2' }
      ])
    }
    // The seed's model name and no model at all answer with the operator's default, on A.
    for (const model of ['deepseek-v3.2', undefined]) {
      const answered = await postJson(h, '/mcp/chat', ask(model))
      expect(answered.status).toBe(200)
      expect(answered.body.model_used).toBe('gpt-4.1')
    }
    expect(a.requests.length).toBeGreaterThan(0)
    for (const request of a.requests) expect(request.headers.authorization).toBe(`Bearer ${SECRET}`)

    // A key typed in Settings for OpenAI while its base URL was A…
    await update({ provider: { id: 'openai', baseURL: `${a.baseURL}` } })
    const typed = await core.invoke('settings.setApiKey', { providerId: 'openai', apiKey: TYPED })
    expect(typed.ok && typed.value.keySet).toBe(true)
    // …then the base URL moves to B: the provider needs its key again.
    const moved = await update({ provider: { id: 'openai', baseURL: `${b.baseURL}` } })
    const openai = moved.providers.find((p) => p.id === 'openai')!
    expect(openai.keySet).toBe(false)
    expect(openai.keyNeeded).toBe(
      `The key was given for ${new URL(a.baseURL).origin}; enter it again for ${new URL(b.baseURL).origin}.`
    )
    expect(moved.providers.find((p) => p.id === 'anthropic')).toMatchObject({
      keySet: false,
      keyNeeded: null
    })

    // The operator offers both B-hosted models on the channel: they answer without the AI.
    h.runtime.updateSettings({
      models: [
        { name: 'deepseek-v3.2', use: null },
        { name: 'claude', use: { providerId: 'anthropic', model: 'claude-sonnet-4-5' } },
        { name: 'gpt', use: { providerId: 'openai', model: 'gpt-4.1' } }
      ]
    })
    for (const model of ['claude', 'gpt']) {
      const answered = await postJson(h, '/mcp/chat', ask(model))
      expect(answered.status).toBe(200)
      expect(answered.body.fallback).toBe(true)
    }
    expect(b.requests.filter((r) => r.headers.authorization !== undefined)).toEqual([])
    expect(JSON.stringify(b.requests)).not.toContain(SECRET)
    expect(JSON.stringify(b.requests)).not.toContain(TYPED)
  })

  it('refuses a channel model mapped to a provider or model that is not configured', async () => {
    h = await startHarness()
    expect(() =>
      h!.runtime.updateSettings({ models: [{ name: 'x', use: { providerId: 'mock', model: 'nope' } }] })
    ).toThrow(/has no model "nope"/)
    const result = await h.core.invoke('channel.settings.update', {
      models: [{ name: 'x', use: { providerId: 'nobody', model: 'm' } }]
    })
    expect(!result.ok && result.error.issues).toEqual([
      { field: 'models.0.use.providerId', message: 'unknown provider' }
    ])
  })
})
