import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import { splitInto, startMockOpenAi, type MockOpenAiServer } from '../../src/main/bench/mock-openai-server'

const servers: MockOpenAiServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const start = async (options?: Parameters<typeof startMockOpenAi>[0]) => {
  const mock = await startMockOpenAi(options)
  servers.push(mock)
  return { mock, sdk: new OpenAI({ baseURL: mock.baseURL, apiKey: 'sk-mock-key-000000', maxRetries: 0 }) }
}

describe('mock OpenAI server', () => {
  it('answers a non-streamed request with JSON and records the request', async () => {
    const { mock, sdk } = await start()
    const completion = await sdk.chat.completions.create({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'Status of ord-20261103-ab12 please' }]
    })
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      type: 'function',
      function: { name: 'get_order_status', arguments: '{"order_id":"ORD-20261103-AB12"}' }
    })
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls')
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0)
    expect(mock.requests).toHaveLength(1)
    expect(mock.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'gpt-4.1' }
    })
    expect(mock.requests[0]?.headers.authorization).toBe('Bearer sk-mock-key-000000')
  })

  it('asks for the order number when the customer gave none', async () => {
    const { sdk } = await start()
    const completion = await sdk.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'Where is my parcel?' }]
    })
    expect(completion.choices[0]?.message.content).toContain('order number')
  })

  it('closes promptly even with a request hanging', async () => {
    const { mock, sdk } = await start({ script: () => ({ kind: 'hang' }) })
    const pending = sdk.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await mock.close()
    servers.length = 0
    expect(await pending).toBeInstanceOf(Error)
  })

  it('streams one chat.completion.chunk per event, then usage counting the whole body, then [DONE]', async () => {
    const { mock } = await start({ record: false })
    const body = JSON.stringify({
      model: 'gpt-4.1',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Where is my parcel?' }]
    })
    const response = await fetch(`${mock.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body
    })
    const events = (await response.text()).split('\n\n').filter(Boolean)
    expect(events.at(-1)).toBe('data: [DONE]')
    const chunks = events.slice(0, -1).map((event) => {
      expect(event.startsWith('data: ')).toBe(true)
      return JSON.parse(event.slice('data: '.length)) as Record<string, unknown>
    })
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        id: 'chatcmpl-mock-0',
        object: 'chat.completion.chunk',
        model: 'gpt-4.1'
      })
      expect(typeof chunk.created).toBe('number')
    }
    expect(chunks[0]).toMatchObject({
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]
    })
    const text = chunks
      .map((c) => (c.choices as { delta: { content?: string } }[])[0]?.delta.content ?? '')
      .join('')
    expect(text).toContain('order number')
    expect(chunks.at(-2)).toMatchObject({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: Math.ceil(body.length / 4), total_tokens: expect.any(Number) }
    })
    expect(mock.requests).toHaveLength(0)
  })

  it('splits text into near-equal pieces', () => {
    expect(splitInto('abcdefg', 3)).toEqual(['abc', 'def', 'g'])
    expect(splitInto('', 3)).toEqual([''])
    expect(splitInto('ab', 5)).toEqual(['a', 'b'])
  })
})
