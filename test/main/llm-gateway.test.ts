import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../src/main/core/clock'
import { openDb } from '../../src/main/db/connection'
import {
  insertLlmCall,
  listRecentLlmCalls,
  spendSinceMicroUsd,
  type LlmCallRecord
} from '../../src/main/db/repositories/llm-calls'
import { createDailyBudget } from '../../src/main/llm/budget'
import type { ProviderHealth } from '../../src/shared/contract'
import type { BreakerChange } from '../../src/main/llm/circuit-breaker'
import {
  createLlmGateway,
  estimateTokens,
  type GatewayChatRequest,
  type LlmGatewayOptions
} from '../../src/main/llm/gateway'
import { DEMO_MODEL, DEMO_PROVIDER_ID } from '../../src/main/llm/demo'
import { demoProviderConnection } from '../../src/main/llm/demo-connection'
import { createMemoryKeyStore } from '../../src/main/llm/keys'
import { classifyProviderError, parseRetryAfter } from '../../src/main/llm/provider-errors'
import { APIConnectionError, APIError } from 'openai'
import type { ProviderProfile } from '../../src/main/llm/providers'
import { openAiProfileAt } from './llm-test-profile'
import {
  startMockOpenAi,
  type MockOpenAiOptions,
  type MockOpenAiServer
} from '../../src/main/bench/mock-openai-server'

const KEY = 'sk-test-9f8e7d6c5b4a392817060000'

const servers: MockOpenAiServer[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function setup(
  mockOptions: MockOpenAiOptions = {},
  gatewayOptions: Partial<LlmGatewayOptions> = {},
  profileOverrides: Partial<ProviderProfile> = {}
) {
  const mock = await startMockOpenAi(mockOptions)
  servers.push(mock)
  const rows: LlmCallRecord[] = []
  const health: (BreakerChange & { payload: ProviderHealth })[] = []
  const gateway = createLlmGateway({
    providers: [{ profile: openAiProfileAt(mock.baseURL, profileOverrides) }],
    keys: createMemoryKeyStore({ openai: KEY }),
    recordCall: (row) => rows.push(row),
    onHealthChange: (payload, change) => health.push({ ...change, payload }),
    ...gatewayOptions
  })
  return { mock, gateway, rows, health }
}

const ask = (text: string, extra: Partial<GatewayChatRequest> = {}): GatewayChatRequest => ({
  providerId: 'openai',
  model: 'gpt-4.1',
  messages: [
    { role: 'system', content: 'You are a support agent.' },
    { role: 'user', content: text }
  ],
  ticketId: 'TKT-000001',
  draftId: 'DRF-1',
  ...extra
})

const orderTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_order_status',
    description: 'Look up an order',
    parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] }
  }
}

describe('gateway: streaming', () => {
  it('streams content to onTokens in batches, not one callback per token', async () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i} `)
    const { gateway, mock, rows } = await setup({
      script: () => ({
        kind: 'stream',
        contentChunks: words,
        usage: { prompt_tokens: 50, completion_tokens: 120 }
      })
    })
    const batches: string[] = []
    const outcome = await gateway.chat(ask('Hello', { onTokens: (t) => batches.push(t) }))
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    expect(outcome.content).toBe(words.join(''))
    expect(batches.join('')).toBe(words.join(''))
    expect(batches.length).toBeGreaterThan(1)
    expect(batches.length).toBeLessThan(words.length / 3)
    expect(outcome.toolCalls).toEqual([])
    // The real SDK asked for a stream with usage, with the key as a bearer token.
    expect(mock.requests[0]?.body).toMatchObject({
      model: 'gpt-4.1',
      stream: true,
      stream_options: { include_usage: true }
    })
    expect(mock.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(rows).toEqual([
      expect.objectContaining({
        provider: 'openai',
        model: 'gpt-4.1',
        outcome: 'ok',
        ticketId: 'TKT-000001',
        draftId: 'DRF-1'
      })
    ])
  })

  it('assembles tool calls whose arguments are split mid-string across chunks', async () => {
    const calls = [
      {
        id: 'call_a',
        name: 'get_order_status',
        arguments: JSON.stringify({ order_id: 'ORD-20261103-AB12' })
      },
      {
        id: 'call_b',
        name: 'search_products',
        arguments: JSON.stringify({ query: 'blue "wool" scarf', limit: 5 })
      }
    ]
    const { gateway, mock } = await setup({
      script: () => ({ kind: 'stream', content: 'Let me check.', toolCalls: calls, argumentChunks: 7 })
    })
    const outcome = await gateway.chat(ask('Where is ORD-20261103-AB12?', { tools: [orderTool] }))
    expect(outcome.ok && outcome.toolCalls).toEqual(calls)
    expect(outcome.ok && outcome.content).toBe('Let me check.')
    expect(mock.requests[0]?.body.tools?.[0]?.function.name).toBe('get_order_status')
  })

  it('assembles tool calls from a provider that omits index', async () => {
    const calls = [
      { id: 'call_1', name: 'get_order_status', arguments: '{"order_id":"ORD-20261103-AB12"}' },
      { id: 'call_2', name: 'get_order_status', arguments: '{"order_id":"ORD-20261104-CD34"}' }
    ]
    const { gateway } = await setup({
      script: () => ({ kind: 'stream', toolCalls: calls, omitIndex: true, argumentChunks: 4 })
    })
    const outcome = await gateway.chat(ask('Two orders', { tools: [orderTool] }))
    expect(outcome.ok && outcome.toolCalls).toEqual(calls)
  })

  it('assembles tool calls from a provider that sends index 0 for every call', async () => {
    const calls = [
      { id: 'call_x', name: 'get_order_status', arguments: '{"order_id":"ORD-20261103-AB12"}' },
      { id: 'call_y', name: 'get_customer_history', arguments: '{"customer_id":"CUS-000001"}' }
    ]
    const { gateway } = await setup({ script: () => ({ kind: 'stream', toolCalls: calls, zeroIndex: true }) })
    const outcome = await gateway.chat(ask('Both'))
    expect(outcome.ok && outcome.toolCalls).toEqual(calls)
  })

  it('plays the default two-round order conversation of the mock server', async () => {
    const { gateway } = await setup()
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Hi, where is order ORD-20261103-AB12?' }
    ]
    const first = await gateway.chat({ providerId: 'openai', model: 'gpt-4.1', messages, tools: [orderTool] })
    if (!first.ok) throw new Error(first.message)
    expect(first.toolCalls).toEqual([
      { id: expect.any(String), name: 'get_order_status', arguments: '{"order_id":"ORD-20261103-AB12"}' }
    ])
    const call = first.toolCalls[0]!
    messages.push(
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }
        ]
      },
      {
        role: 'tool',
        tool_call_id: call.id,
        content: JSON.stringify({ id: 'ORD-20261103-AB12', status: 'shipped' })
      }
    )
    const second = await gateway.chat({
      providerId: 'openai',
      model: 'gpt-4.1',
      messages,
      tools: [orderTool]
    })
    expect(second.ok && second.content).toContain('its status is "shipped"')
    expect(second.ok && second.toolCalls).toEqual([])
  })
})

describe('gateway: whole answers (stream: false)', () => {
  const whole = (text: string, extra: Partial<GatewayChatRequest> = {}) =>
    ask(text, { stream: false, ...extra })

  it('asks for the whole answer, assembles its tool calls and prices the provider’s usage', async () => {
    const calls = [
      { id: 'call_a', name: 'get_order_status', arguments: '{"order_id":"ORD-20261103-AB12"}' },
      { id: 'call_b', name: 'search_products', arguments: '{"query":"wool scarf"}' }
    ]
    const { gateway, mock, rows } = await setup({
      script: () => ({
        kind: 'json',
        content: 'Let me check.',
        toolCalls: calls,
        usage: { prompt_tokens: 12_345, cached_tokens: 2_345, completion_tokens: 678 }
      })
    })
    const outcome = await gateway.chat(whole('Where is ORD-20261103-AB12?', { tools: [orderTool] }))
    expect(outcome).toMatchObject({
      ok: true,
      content: 'Let me check.',
      toolCalls: calls,
      usage: { input: 12_345, cached: 2_345, output: 678, estimated: false },
      costMicroUsd: 26_597
    })
    const body = mock.requests[0]?.body
    expect(body).toMatchObject({ model: 'gpt-4.1', stream: false })
    expect(body?.stream_options).toBeUndefined()
    expect(body?.tools?.[0]?.function.name).toBe('get_order_status')
    expect(rows).toEqual([expect.objectContaining({ outcome: 'ok', costMicroUsd: 26_597, draftId: 'DRF-1' })])
  })

  it('estimates usage when the provider sends none, and mends a call without id or with object arguments', async () => {
    const { gateway } = await setup({
      script: () => ({
        kind: 'status',
        status: 200,
        body: {
          id: 'chatcmpl-loose',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4.1',
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: null,
                tool_calls: [
                  {
                    type: 'function',
                    function: { name: 'get_order_status', arguments: { order_id: 'ORD-1' } }
                  }
                ]
              },
              finish_reason: 'tool_calls'
            }
          ]
        }
      })
    })
    const request = whole('where?')
    const outcome = await gateway.chat(request)
    expect(outcome).toMatchObject({
      ok: true,
      content: '',
      toolCalls: [
        { id: expect.stringMatching(/^call_/), name: 'get_order_status', arguments: '{"order_id":"ORD-1"}' }
      ],
      usage: { input: estimateTokens(JSON.stringify(request.messages).length), cached: 0, estimated: true }
    })
  })

  it('calls no token listener, and fails an answer without finish_reason as incomplete', async () => {
    const { gateway } = await setup({
      script: (_req, n) =>
        n === 0
          ? { kind: 'json', content: 'all of it' }
          : {
              kind: 'status',
              status: 200,
              body: {
                id: 'x',
                object: 'chat.completion',
                created: 1,
                model: 'gpt-4.1',
                choices: [{ index: 0, message: { role: 'assistant', content: 'half' }, finish_reason: null }]
              }
            }
    })
    const tokens: string[] = []
    const first = await gateway.chat(whole('hi', { onTokens: (t) => tokens.push(t) }))
    expect(first.ok && first.content).toBe('all of it')
    expect(tokens).toEqual([])
    const second = await gateway.chat(whole('again'))
    expect(second).toMatchObject({ ok: false, kind: 'error' })
    expect(second.ok === false && second.message).toContain('incomplete (no finish_reason)')
  })

  it('classifies failures as streamed calls do: a 500 is not billed; a hang times out, its prompt billed as an estimate', async () => {
    const { gateway, rows } = await setup({
      script: (_req, n) =>
        n <= 1
          ? { kind: 'status', status: 500, body: { error: { message: 'The server had an error' } } }
          : { kind: 'hang' }
    })
    const failed = await gateway.chat(whole('first'))
    expect(failed).toMatchObject({
      ok: false,
      kind: 'error',
      message: 'OpenAI GPT-4.1 answered HTTP 500: The server had an error'
    })
    const hung = await gateway.chat(whole('second', { timeoutMs: 300 }))
    expect(hung).toMatchObject({ ok: false, kind: 'timeout' })
    const prompt = estimateTokens(JSON.stringify(whole('second').messages).length)
    expect(rows.map((r) => [r.outcome, r.tokensIn, r.costMicroUsd, r.usageEstimated])).toEqual([
      ['error', 0, 0, false],
      ['error', 0, 0, false],
      ['timeout', prompt, prompt * 2, true] // $2 per million input tokens
    ])
  })
})

describe('gateway: usage and cost', () => {
  it('takes usage from the provider’s usage chunk and prices it to the micro-dollar', async () => {
    const { gateway, rows } = await setup({
      script: () => ({
        kind: 'stream',
        content: 'ok',
        usage: { prompt_tokens: 12_345, cached_tokens: 2_345, completion_tokens: 678 }
      })
    })
    const outcome = await gateway.chat(ask('price me'))
    expect(outcome).toMatchObject({
      ok: true,
      usage: { input: 12_345, cached: 2_345, output: 678, estimated: false },
      costMicroUsd: 26_597 // 10,000 × $2 + 2,345 × $0.50 + 678 × $8 per million, rounded half up
    })
    expect(rows[0]).toMatchObject({
      tokensIn: 12_345,
      tokensCached: 2_345,
      tokensOut: 678,
      costMicroUsd: 26_597,
      usageEstimated: false
    })
  })

  it('estimates usage at chars/4 and marks it when the provider sends none', async () => {
    const { gateway, rows } = await setup({
      script: () => ({ kind: 'stream', content: 'abcdefghij', usage: null })
    })
    const request = ask('count me')
    const outcome = await gateway.chat(request)
    const expectedInput = estimateTokens(JSON.stringify(request.messages).length)
    expect(outcome).toMatchObject({
      ok: true,
      usage: { input: expectedInput, output: 3, cached: 0, estimated: true }
    })
    expect(outcome.ok && outcome.costMicroUsd).toBe(Math.round(expectedInput * 2 + 3 * 8))
    expect(rows[0]).toMatchObject({ usageEstimated: true, tokensIn: expectedInput, tokensOut: 3 })
  })
})

describe('gateway: when the provider fails', () => {
  it('honours Retry-After on a 429: pauses the provider, then retries once and succeeds', async () => {
    const { gateway, mock, rows } = await setup({
      script: (_req, n) =>
        n === 0
          ? {
              kind: 'status',
              status: 429,
              headers: { 'retry-after': '1' },
              body: { error: { message: 'Slow down', type: 'rate_limit' } }
            }
          : { kind: 'stream', content: 'after the pause' }
    })
    const outcome = await gateway.chat(ask('hi'))
    expect(outcome.ok && outcome.content).toBe('after the pause')
    expect(mock.requests).toHaveLength(2)
    const gap = mock.requests[1]!.receivedAt - mock.requests[0]!.receivedAt
    expect(gap).toBeGreaterThanOrEqual(950)
    expect(rows.map((r) => r.outcome)).toEqual(['rate_limited', 'ok'])
    expect(rows[0]?.error).toContain('HTTP 429')
  })

  it('honours retry-after-ms too', async () => {
    const { gateway, mock } = await setup({
      script: (_req, n) =>
        n === 0
          ? { kind: 'status', status: 429, headers: { 'retry-after-ms': '300' } }
          : { kind: 'stream', content: 'ok' }
    })
    expect((await gateway.chat(ask('hi'))).ok).toBe(true)
    expect(mock.requests[1]!.receivedAt - mock.requests[0]!.receivedAt).toBeGreaterThanOrEqual(280)
  })

  it('fails fast as rate_limited when Retry-After outlasts the queue wait, and sends nothing during the pause', async () => {
    const { gateway, mock, rows } = await setup(
      { script: () => ({ kind: 'status', status: 429, headers: { 'retry-after': '120' } }) },
      { maxQueueWaitMs: 2_000 }
    )
    const first = await gateway.chat(ask('hi'))
    expect(first).toMatchObject({ ok: false, kind: 'rate_limited', retryAfterMs: 120_000 })
    const second = await gateway.chat(ask('again'))
    expect(second).toMatchObject({ ok: false, kind: 'rate_limited' })
    expect(second.ok === false && second.retryAfterMs).toBeGreaterThan(110_000)
    expect(mock.requests).toHaveLength(1)
    expect(rows.map((r) => r.outcome)).toEqual(['rate_limited', 'rate_limited'])
    expect(gateway.health()[0]?.pausedForMs).toBeGreaterThan(110_000)
  })

  it('parses Retry-After as seconds, as an HTTP date and as retry-after-ms', () => {
    const now = Date.parse('2026-11-25T12:00:00Z')
    expect(parseRetryAfter(new Headers({ 'retry-after': '2.5' }), now)).toBe(2_500)
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 25 Nov 2026 12:00:30 GMT' }), now)).toBe(30_000)
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 25 Nov 2026 11:00:00 GMT' }), now)).toBe(0)
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '750', 'retry-after': '9' }), now)).toBe(750)
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined()
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined()
  })

  it('turns a 500 into an error outcome with the provider’s words', async () => {
    const { gateway, rows } = await setup({
      script: () => ({
        kind: 'status',
        status: 500,
        body: { error: { message: 'The server had an error', type: 'server_error' } }
      })
    })
    const outcome = await gateway.chat(ask('hi'))
    expect(outcome).toMatchObject({
      ok: false,
      kind: 'error',
      message: 'OpenAI GPT-4.1 answered HTTP 500: The server had an error'
    })
    // Tried once more after a pause, and both attempts are in the ledger.
    const row = expect.objectContaining({
      outcome: 'error',
      error: 'OpenAI GPT-4.1 answered HTTP 500: The server had an error'
    })
    expect(rows).toEqual([row, row])
  })

  it('tries once more after a short pause when the provider blips (HTTP 5xx), and answers', async () => {
    const { gateway, mock, rows } = await setup(
      {
        script: (_req, n) =>
          n === 0 ? { kind: 'status', status: 502 } : { kind: 'stream', content: 'after the blip' }
      },
      { retryBackoffMs: 200 }
    )
    const outcome = await gateway.chat(ask('hi'))
    expect(outcome.ok && outcome.content).toBe('after the blip')
    expect(mock.requests).toHaveLength(2)
    expect(mock.requests[1]!.receivedAt - mock.requests[0]!.receivedAt).toBeGreaterThanOrEqual(190)
    expect(rows.map((r) => r.outcome)).toEqual(['error', 'ok'])
  })

  it('does not try again after a refusal (HTTP 4xx) or its own deadline', async () => {
    const { gateway, mock } = await setup({
      script: (_req, n) => (n === 0 ? { kind: 'status', status: 400 } : { kind: 'hang' })
    })
    expect(await gateway.chat(ask('bad'))).toMatchObject({ ok: false, kind: 'error' })
    expect(await gateway.chat(ask('slow', { timeoutMs: 300 }))).toMatchObject({ ok: false, kind: 'timeout' })
    expect(mock.requests).toHaveLength(2)
  })

  it('counts a dropped connection as a blip worth another try, a refused key as not', () => {
    const context = { providerName: 'P', timeoutMs: 1_000, timedOut: false, cancelled: false, nowMs: 0 }
    const dropped = new APIConnectionError({
      message: 'Connection error.',
      cause: new Error('socket hang up')
    })
    expect(classifyProviderError(dropped, context)).toMatchObject({ kind: 'error', transient: true })
    const refused = APIError.generate(401, { error: { message: 'bad key' } }, undefined, new Headers())
    expect(classifyProviderError(refused, context).transient).toBeUndefined()
  })

  it('times out a provider that never answers, within the per-call timeout', async () => {
    const { gateway, rows } = await setup({ script: () => ({ kind: 'hang' }) })
    const outcome = await gateway.chat(ask('hello?', { timeoutMs: 300 }))
    expect(outcome).toMatchObject({ ok: false, kind: 'timeout' })
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(250)
    expect(outcome.latencyMs).toBeLessThan(10_000)
    expect(rows[0]).toMatchObject({ outcome: 'timeout' })
  })

  it('times out a stream that stalls after its first chunks (the SDK’s own timeout stops at the headers)', async () => {
    const { gateway } = await setup({
      script: () => ({ kind: 'stream', content: 'I will never finish this', stallAfterChunks: 3 })
    })
    const tokens: string[] = []
    const outcome = await gateway.chat(ask('hello?', { timeoutMs: 400, onTokens: (t) => tokens.push(t) }))
    expect(outcome).toMatchObject({ ok: false, kind: 'timeout' })
    expect(tokens.join('')).toBe('I will ') // what arrived was still delivered
  })

  it('reports a stream that ends without finishing as an error, not a half answer', async () => {
    const { gateway } = await setup({
      script: () => ({ kind: 'stream', content: 'half', omitFinishReason: true, usage: null })
    })
    const outcome = await gateway.chat(ask('hi'))
    expect(outcome).toMatchObject({ ok: false, kind: 'error' })
    expect(outcome.ok === false && outcome.message).toContain('no finish_reason')
  })

  it('ends as cancelled when the caller aborts mid-stream', async () => {
    const { gateway, rows } = await setup({
      script: () => ({ kind: 'stream', contentChunks: ['a', 'b', 'c', 'd', 'e', 'f'], chunkDelayMs: 200 })
    })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 250)
    const outcome = await gateway.chat(ask('hi', { signal: controller.signal }))
    expect(outcome).toMatchObject({ ok: false, kind: 'cancelled' })
    expect(rows[0]).toMatchObject({ outcome: 'cancelled' })
  })

  it('refuses an unknown provider or model and a missing key, without any request', async () => {
    const { gateway, mock, rows } = await setup({}, { keys: createMemoryKeyStore() })
    expect(await gateway.chat(ask('x', { providerId: 'nope' }))).toMatchObject({
      ok: false,
      kind: 'error',
      message: expect.stringContaining('Unknown AI provider "nope"')
    })
    expect(await gateway.chat(ask('x', { model: 'gpt-9' }))).toMatchObject({
      ok: false,
      kind: 'error',
      message: expect.stringContaining('no model "gpt-9"')
    })
    expect(await gateway.chat(ask('x'))).toMatchObject({
      ok: false,
      kind: 'error',
      message: 'No API key is set for OpenAI GPT-4.1.'
    })
    expect(mock.requests).toHaveLength(0)
    expect(rows.map((r) => r.outcome)).toEqual(['error', 'error', 'error'])
  })
})

describe('gateway: circuit breaker', () => {
  it('opens after consecutive failures, refuses without calling, then probes once and closes', async () => {
    let failing = true
    const { gateway, mock, rows, health } = await setup(
      {
        script: () =>
          failing ? { kind: 'status', status: 503 } : { kind: 'stream', content: 'back', chunkDelayMs: 50 }
      },
      { breaker: { failureThreshold: 3, coolDownMs: 300 }, maxAttempts: 1 }
    )
    for (let i = 0; i < 3; i++)
      expect(await gateway.chat(ask('hi'))).toMatchObject({ ok: false, kind: 'error' })
    expect(health.map((h) => h.state)).toEqual(['open'])
    expect(health[0]?.payload).toEqual({
      providerId: 'openai',
      state: 'open',
      consecutiveFailures: 3,
      retryAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastError: 'OpenAI GPT-4.1 answered HTTP 503: mock error 503'
    })
    const refused = await gateway.chat(ask('hi'))
    expect(refused).toMatchObject({ ok: false, kind: 'breaker_open' })
    expect(mock.requests).toHaveLength(3)
    expect(rows.at(-1)).toMatchObject({ outcome: 'breaker_open' })

    await new Promise((resolve) => setTimeout(resolve, 350))
    failing = false
    // Two calls at once while half-open: one probe goes out, the other is refused.
    const [a, b] = await Promise.all([gateway.chat(ask('probe')), gateway.chat(ask('second'))])
    expect([a.ok, b.ok].sort()).toEqual([false, true])
    expect([a, b].find((o) => !o.ok)).toMatchObject({ kind: 'breaker_open' })
    expect(mock.requests).toHaveLength(4)
    expect(health.map((h) => h.state)).toEqual(['open', 'half_open', 'closed'])
    expect(gateway.health()[0]).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
      retryAt: null,
      lastError: null
    })
  })

  it('opens again when the probe fails', async () => {
    const { gateway, health } = await setup(
      { script: () => ({ kind: 'status', status: 500 }) },
      { breaker: { failureThreshold: 2, coolDownMs: 200 }, maxAttempts: 1 }
    )
    await gateway.chat(ask('1'))
    await gateway.chat(ask('2'))
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(await gateway.chat(ask('probe'))).toMatchObject({ ok: false, kind: 'error' })
    expect(health.map((h) => `${h.previous}→${h.state}`)).toEqual([
      'closed→open',
      'open→half_open',
      'half_open→open'
    ])
  })

  it('does not count 429s or cancellations as provider failures', async () => {
    const { gateway } = await setup(
      { script: () => ({ kind: 'status', status: 429, headers: { 'retry-after-ms': '1' } }) },
      { breaker: { failureThreshold: 2 }, maxAttempts: 1 }
    )
    for (let i = 0; i < 4; i++) await gateway.chat(ask('hi'))
    expect(gateway.health()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0 })
  })
})

describe('gateway: rate limiter', () => {
  it('queues calls past the in-flight cap and fails them as rate_limited after the max wait', async () => {
    const { gateway, mock, rows } = await setup(
      { script: () => ({ kind: 'stream', content: 'slow answer', latencyMs: 600 }) },
      { maxQueueWaitMs: 200 },
      { rateLimits: { requestsPerMinute: 100, tokensPerMinute: 1_000_000, maxInFlight: 1 } }
    )
    const [first, second] = await Promise.all([gateway.chat(ask('first')), gateway.chat(ask('second'))])
    expect(first.ok).toBe(true)
    expect(second).toMatchObject({ ok: false, kind: 'rate_limited' })
    expect(second.ok === false && second.message).toContain('waited')
    expect(mock.requests).toHaveLength(1)
    expect(rows.map((r) => r.outcome).sort()).toEqual(['ok', 'rate_limited'])
  })

  it('runs queued calls one after another when they fit in the wait', async () => {
    const { gateway, mock } = await setup(
      { script: (_req, n) => ({ kind: 'stream', content: `answer ${n}`, latencyMs: 100 }) },
      { maxQueueWaitMs: 5_000 },
      { rateLimits: { requestsPerMinute: 100, tokensPerMinute: 1_000_000, maxInFlight: 1 } }
    )
    const outcomes = await Promise.all(['a', 'b', 'c'].map((t) => gateway.chat(ask(t))))
    expect(outcomes.map((o) => o.ok && o.content)).toEqual(['answer 0', 'answer 1', 'answer 2'])
    // FIFO: the requests reached the provider in the order the calls were made.
    expect(mock.requests.map((r) => JSON.stringify(r.body.messages?.at(-1)?.content))).toEqual([
      '"a"',
      '"b"',
      '"c"'
    ])
    for (let i = 1; i < 3; i++)
      expect(mock.requests[i]!.receivedAt - mock.requests[i - 1]!.receivedAt).toBeGreaterThanOrEqual(90)
  })
})

describe('gateway: daily budget', () => {
  it('stops paid calls once today’s spend passes the limit: no HTTP request is made', async () => {
    const db = openDb(':memory:')
    try {
      const { gateway, mock } = await setup(
        {
          script: () => ({
            kind: 'stream',
            content: 'pricey',
            usage: { prompt_tokens: 500_000, completion_tokens: 10_000 }
          })
        },
        {
          recordCall: (row) => insertLlmCall(db, row),
          budget: createDailyBudget({
            limitMicroUsd: 1_000_000,
            clock: systemClock,
            spentSince: (since) => spendSinceMicroUsd(db, since)
          })
        }
      )
      // 500,000 × $2 + 10,000 × $8 per million = $1.08: this call passes the $1 limit…
      expect(await gateway.chat(ask('one'))).toMatchObject({ ok: true, costMicroUsd: 1_080_000 })
      // …so the next paid call is not made.
      const refused = await gateway.chat(ask('two'))
      expect(refused).toMatchObject({ ok: false, kind: 'over_budget' })
      expect(refused.ok === false && refused.message).toContain(
        'Daily AI budget reached: $1.0800 spent today'
      )
      expect(mock.requests).toHaveLength(1)
      expect(listRecentLlmCalls(db).map((c) => c.outcome)).toEqual(['over_budget', 'ok'])
      // A free model (the offline demo) is never blocked.
      expect(await gateway.chat(ask('free', { model: 'free-model' }))).toMatchObject({
        ok: true,
        costMicroUsd: 0
      })
      expect(mock.requests).toHaveLength(2)
    } finally {
      db.close()
    }
  })
})

describe('gateway: the API key never leaks', () => {
  it('keeps the key out of outcomes, ledger rows and the console, though the provider echoes it', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(() => undefined)
    )
    const echo = {
      error: {
        message: `Incorrect API key provided: ${KEY}. Authorization: Bearer ${KEY}`,
        type: 'invalid_request_error'
      }
    }
    const { gateway, mock, rows } = await setup(
      {
        script: (_req, n) =>
          [
            { kind: 'status', status: 401, body: echo } as const,
            { kind: 'status', status: 500, body: echo } as const,
            { kind: 'status', status: 400, body: echo } as const,
            { kind: 'hang' } as const,
            { kind: 'status', status: 429, body: echo, headers: { 'retry-after': '600' } } as const
          ][n] ?? { kind: 'hang' }
      },
      { maxAttempts: 1 }
    )
    const outcomes = []
    for (let i = 0; i < 5; i++) outcomes.push(await gateway.chat(ask(`try ${i}`, { timeoutMs: 300 })))
    // The key did go to the provider, as a bearer token.
    expect(mock.requests).toHaveLength(5)
    for (const request of mock.requests) expect(request.headers.authorization).toBe(`Bearer ${KEY}`)

    expect(outcomes.every((o) => !o.ok)).toBe(true)
    expect(outcomes.map((o) => !o.ok && o.kind)).toEqual([
      'error',
      'error',
      'error',
      'timeout',
      'rate_limited'
    ])
    expect(outcomes[0]).toMatchObject({ message: expect.stringContaining('refused the API key (HTTP 401)') })
    const everything = JSON.stringify({ outcomes, rows, console: spies.map((s) => s.mock.calls) })
    expect(everything).not.toContain(KEY)
    expect(everything).not.toContain(KEY.slice(0, 16))
    expect(everything).toContain('[redacted]')
  })
})

describe('gateway: the offline demo model', () => {
  it('runs through the same SDK path, costs nothing and is never blocked by the budget', async () => {
    const rows: LlmCallRecord[] = []
    const gateway = createLlmGateway({
      providers: [demoProviderConnection()],
      recordCall: (row) => rows.push(row),
      budget: createDailyBudget({ limitMicroUsd: 0, clock: systemClock, spentSince: () => 5_000_000 })
    })
    const tokens: string[] = []
    const outcome = await gateway.chat({
      providerId: DEMO_PROVIDER_ID,
      model: DEMO_MODEL,
      messages: [{ role: 'user', content: 'Hello, where is my order ORD-20261103-AB12?' }],
      tools: [orderTool],
      onTokens: (t) => tokens.push(t)
    })
    expect(outcome).toMatchObject({ ok: true, costMicroUsd: 0, providerId: 'demo', model: DEMO_MODEL })
    expect(outcome.ok && (outcome.toolCalls.length > 0 || outcome.content.length > 0)).toBe(true)
    expect(rows).toEqual([expect.objectContaining({ provider: 'demo', outcome: 'ok', costMicroUsd: 0 })])
  })
})

describe('gateway: billing of failed calls', () => {
  it('bills nothing for a refused request, and what streamed for a call cut short', async () => {
    const { gateway, rows } = await setup({
      script: (_req, n) =>
        n === 0
          ? { kind: 'status', status: 500 }
          : { kind: 'stream', contentChunks: ['12345678', 'never sent'], stallAfterChunks: 2, usage: null }
    })
    await gateway.chat(ask('first'))
    await gateway.chat(ask('second', { timeoutMs: 300 }))
    expect(rows[0]).toMatchObject({ outcome: 'error', tokensIn: 0, tokensOut: 0, costMicroUsd: 0 })
    expect(rows[1]).toMatchObject({ outcome: 'timeout', tokensOut: 2, usageEstimated: true })
    expect(rows[1]?.costMicroUsd).toBeGreaterThan(0)
  })
})
