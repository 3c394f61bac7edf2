import { afterEach, describe, expect, it } from 'vitest'
import { getChatSession } from '../../src/main/db/repositories/chat-sessions'
import {
  ADA,
  ADA_SHIPPED,
  BOB,
  postJson,
  readSse,
  startHarness,
  type ChannelHarness,
  type WireJson
} from './channel-support'

let h: ChannelHarness | undefined

afterEach(async () => {
  await h?.cleanup()
  h = undefined
})

const ask = (text: string, extra: Record<string, unknown> = {}) => ({
  messages: [{ role: 'user', content: text }],
  customer_id: ADA,
  ...extra
})

describe('the seed scenarios over HTTP', () => {
  it('reports health without a key: status, the breaker, the queue depth', async () => {
    h = await startHarness()
    const response = await fetch(`${h.url}/health`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as WireJson
    expect(body).toMatchObject({
      status: 'healthy',
      provider: { id: 'mock', model: 'mock-model', breaker: 'closed', queued: 0 },
      queue_depth: 0
    })
  })

  it('reports "degraded" (still 200) while the breaker is open: the fallback drafter answers', async () => {
    h = await startHarness({
      script: () => ({ kind: 'status', status: 500 }),
      core: { llm: { gateway: { breaker: { failureThreshold: 2, coolDownMs: 60_000 } } } }
    })
    await postJson(h, '/mcp/chat', ask('Hello'))
    await postJson(h, '/mcp/chat', ask('Hello again'))
    const response = await fetch(`${h.url}/health`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      status: 'degraded',
      provider: { breaker: 'open', consecutive_failures: 2 }
    })
  })

  it('lists the four tools with their JSON Schemas', async () => {
    h = await startHarness()
    const response = await fetch(`${h.url}/mcp/tools`, { headers: h.auth })
    expect(response.status).toBe(200)
    const { tools } = (await response.json()) as {
      tools: { name: string; read_only: boolean; input_schema: { type: string; properties: object } }[]
    }
    expect(tools.map((t) => t.name).sort()).toEqual([
      'get_customer_history',
      'get_order_status',
      'process_return',
      'search_products'
    ])
    const status = tools.find((t) => t.name === 'get_order_status')!
    expect(status.read_only).toBe(true)
    expect(status.input_schema.type).toBe('object')
    expect(status.input_schema.properties).toHaveProperty('order_id')
    expect(tools.find((t) => t.name === 'process_return')!.read_only).toBe(false)
  })

  it('answers a chat without tools, and the conversation is a chat ticket in the console', async () => {
    h = await startHarness()
    const changed: string[][] = []
    h.core.subscribe((event, payload) => {
      if (event === 'tickets.changed') changed.push((payload as { ticketIds: string[] }).ticketIds)
    })
    const { status, body } = await postJson(h, '/mcp/chat', ask('Hello, I have a question about my parcel.'))
    expect(status).toBe(200)
    expect(body.response).toContain('order number')
    expect(body.model_used).toBe('mock-model')
    expect(body.tool_calls_executed).toBe(0)
    expect(body.tool_calls).toEqual([])
    expect(body.usage.prompt_tokens).toBeGreaterThan(0)
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens)
    expect(body).toMatchObject({ delivery: 'sent', fallback: false, state: 'open', pending_actions: [] })
    expect(body.session_id).toMatch(/^CHS-/)

    const detail = await h.core.invoke('tickets.get', { ticketId: body.ticket_id })
    if (!detail.ok) throw new Error(detail.error.message)
    expect(detail.value.ticket).toMatchObject({ channel: 'chat', customerId: ADA, status: 'pending' })
    expect(detail.value.ticket.subject).toBe('Chat: Hello, I have a question about my parcel.')
    expect(detail.value.messages.map((m) => [m.author, m.body])).toEqual([
      ['customer', 'Hello, I have a question about my parcel.'],
      ['agent', body.response]
    ])
    expect(detail.value.messages[1]!.authorName).toBe('Frontline autopilot')
    expect(changed.some((ids) => ids.includes(body.ticket_id))).toBe(true)

    // The draft behind the answer is on record as sent, with its cost.
    const draft = await h.core.invoke('drafts.forTicket', { ticketId: body.ticket_id })
    expect(draft.ok && draft.value?.status).toBe('sent')
  })

  it('answers a chat with a tool call, through the same draft engine (trace and ledger)', async () => {
    h = await startHarness()
    const { status, body } = await postJson(h, '/mcp/chat', ask(`Where is my order ${ADA_SHIPPED}?`))
    expect(status).toBe(200)
    expect(body.response).toContain(ADA_SHIPPED)
    expect(body.response).toContain('shipped')
    // The seed's count, and Frontline's detail of each call beside it.
    expect(body.tool_calls_executed).toBe(1)
    expect(body.tool_calls).toEqual([
      { name: 'get_order_status', arguments: { order_id: ADA_SHIPPED }, status: 'ok' }
    ])
    expect(h.mock!.requests).toHaveLength(2)
    // No one reads the tokens of a plain POST: the provider is asked for whole answers.
    expect(h.mock!.requests.map((r) => r.body.stream)).toEqual([false, false])
    const ledger = h.core.context.db
      .prepare('SELECT COUNT(*) AS n, SUM(cost_micro_usd) AS cost FROM llm_calls WHERE ticket_id = ?')
      .get(body.ticket_id) as { n: number; cost: number }
    expect(ledger.n).toBe(2)
    expect(body.usage.cost_micro_usd).toBe(ledger.cost)
  })

  it('continues a conversation by session id, with the ticket thread as its memory', async () => {
    h = await startHarness()
    const first = await postJson(h, '/mcp/chat', ask('Hi there'))
    const second = await postJson(
      h,
      '/mcp/chat',
      ask(`It is order ${ADA_SHIPPED}`, { session_id: first.body.session_id })
    )
    expect(second.status).toBe(200)
    expect(second.body.ticket_id).toBe(first.body.ticket_id)
    expect(second.body.response).toContain(ADA_SHIPPED)
    // The model saw the whole thread: both customer turns and the first answer.
    const roles = h.mock!.requests.at(-2)!.body.messages!.map((m) => m.role)
    expect(roles).toEqual(['system', 'user', 'assistant', 'user'])

    const view = await fetch(`${h.url}/mcp/chat/sessions/${first.body.session_id}?customer_id=${ADA}`, {
      headers: h.auth
    })
    const conversation = (await view.json()) as WireJson
    expect(conversation.messages.map((m: { role: string }) => m.role)).toEqual([
      'customer',
      'agent',
      'customer',
      'agent'
    ])
    // Another customer cannot read or continue it: the session id alone is not enough.
    const stranger = await postJson(h, '/mcp/chat', {
      ...ask('hello'),
      customer_id: BOB,
      session_id: first.body.session_id
    })
    expect(stranger.status).toBe(404)
    expect(stranger.body.error.issues[0].field).toBe('session_id')
  })

  it('imports the earlier turns a stateless client sends into the new ticket', async () => {
    h = await startHarness()
    const { body } = await postJson(h, '/mcp/chat', {
      customer_id: ADA,
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi! What is your order number?' },
        { role: 'user', content: `It is ${ADA_SHIPPED}` }
      ]
    })
    expect(body.response).toContain('shipped')
    const thread = await h.core.invoke('tickets.get', { ticketId: body.ticket_id })
    if (!thread.ok) throw new Error(thread.error.message)
    // The client's "assistant" turn is its word, not Frontline's: kept as the customer's, quoted.
    expect(thread.value.messages.map((m) => m.author)).toEqual(['customer', 'customer', 'customer', 'agent'])
    expect(thread.value.messages[1]!.body).toBe(
      'The customer\'s chat client says an earlier assistant reply was: "Hi! What is your order number?"'
    )
  })

  it('uses the model the request names, among those the operator offers on the channel', async () => {
    h = await startHarness()
    const offered = await postJson(h, '/mcp/chat', ask('Hello', { model: 'mock-large' }))
    expect(offered.status).toBe(422)
    expect(offered.body.error.issues).toEqual([
      { field: 'model', message: 'not offered; one of: deepseek-v3.2' }
    ])
    // The seed's model name answers with the operator's default model.
    const seed = await postJson(h, '/mcp/chat', ask('Hello', { model: 'deepseek-v3.2' }))
    expect(seed.body.model_used).toBe('mock-model')

    h.runtime.updateSettings({
      models: [
        { name: 'deepseek-v3.2', use: null },
        { name: 'large', use: { providerId: 'mock', model: 'mock-large' } }
      ]
    })
    const { body } = await postJson(h, '/mcp/chat', ask('Hello', { model: 'large' }))
    expect(body.model_used).toBe('mock-large')
    expect(h.mock!.requests.at(-1)!.body.model).toBe('mock-large')
  })

  it('answers 10 concurrent chats, each in its own ticket', async () => {
    h = await startHarness({ mockLatencyMs: 20 })
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        postJson(h!, '/mcp/chat', ask(i % 2 ? `Where is ${ADA_SHIPPED}?` : `Question number ${i}`))
      )
    )
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200))
    expect(new Set(answers.map((a) => a.body.ticket_id)).size).toBe(10)
    for (const [i, a] of answers.entries()) {
      expect(a.body.delivery).toBe('sent')
      if (i % 2) expect(a.body.response).toContain('shipped')
    }
    const health = (await (await fetch(`${h.url}/health`)).json()) as WireJson
    expect(health.queue_depth).toBe(0)
  })

  it('answers from the shop data with the fallback drafter when the provider fails, and says so', async () => {
    h = await startHarness({ script: () => ({ kind: 'status', status: 500 }) })
    const { status, body } = await postJson(h, '/mcp/chat', ask(`Where is my order ${ADA_SHIPPED}?`))
    expect(status).toBe(200)
    expect(body.fallback).toBe(true)
    expect(body.model_used).toBe('fallback')
    expect(body.delivery).toBe('sent')
    expect(body.response).toContain('1Z999AA10123456784')
    const thread = await h.core.invoke('tickets.get', { ticketId: body.ticket_id })
    if (!thread.ok) throw new Error(thread.error.message)
    expect(thread.value.messages.at(-1)!.authorName).toBe('Frontline autopilot (fallback)')

    // Once sent, the draft and the ticket list still say the answer was written without the AI.
    const draft = await h.core.invoke('drafts.forTicket', { ticketId: body.ticket_id })
    if (!draft.ok) throw new Error(draft.error.message)
    expect(draft.value).toMatchObject({ status: 'sent', writtenWithoutAi: true })
    expect(draft.value!.reason).toMatch(/^Written without the AI: /)
    expect(thread.value.ticket).toMatchObject({ draftStatus: 'sent', draftWrittenWithoutAi: true })
    const fallbacks = await h.core.invoke('tickets.list', { draftWrittenWithoutAi: true })
    if (!fallbacks.ok) throw new Error(fallbacks.error.message)
    expect(fallbacks.value.tickets.map((t) => t.id)).toEqual([body.ticket_id])
  })

  it('an answer the AI wrote is not listed as written without it once sent', async () => {
    h = await startHarness()
    const { body } = await postJson(h, '/mcp/chat', ask(`Where is my order ${ADA_SHIPPED}?`))
    expect(body).toMatchObject({ delivery: 'sent', fallback: false })
    const thread = await h.core.invoke('tickets.get', { ticketId: body.ticket_id })
    if (!thread.ok) throw new Error(thread.error.message)
    expect(thread.value.ticket).toMatchObject({ draftStatus: 'sent', draftWrittenWithoutAi: false })
    const fallbacks = await h.core.invoke('tickets.list', { draftWrittenWithoutAi: true })
    if (!fallbacks.ok) throw new Error(fallbacks.error.message)
    expect(fallbacks.value.tickets.map((t) => t.id)).not.toContain(body.ticket_id)
  })
})

describe('streaming', () => {
  it('streams the answer as SSE tokens, then a final event with usage and the conversation state', async () => {
    h = await startHarness()
    const response = await fetch(`${h.url}/mcp/chat/stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...h.auth },
      body: JSON.stringify(ask(`Where is my order ${ADA_SHIPPED}?`))
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const events = await readSse(response)
    const tokens = events.filter((e) => 'token' in e)
    expect(tokens.length).toBeGreaterThan(1)
    const final = events.at(-1)
    expect(final.done).toBe(true)
    expect(
      tokens
        .map((e) => e.token)
        .join('')
        .trim()
    ).toBe(final.response)
    expect(final.usage.completion_tokens).toBeGreaterThan(0)
    expect(final).toMatchObject({ delivery: 'sent', state: 'open' })
    expect(getChatSession(h.core.context.db, final.session_id)?.state).toBe('open')
    expect(h.mock!.requests.map((r) => r.body.stream)).toEqual([true, true])
  })

  it('refuses a bad streamed request with a plain 4xx before any event', async () => {
    h = await startHarness()
    const response = await fetch(`${h.url}/mcp/chat/stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...h.auth },
      body: JSON.stringify({ messages: [], customer_id: ADA })
    })
    expect(response.status).toBe(422)
    const body = (await response.json()) as WireJson
    expect(body.error.issues[0].field).toBe('messages')
  })

  it('sends an error event when the turn fails after the stream began', async () => {
    h = await startHarness()
    const first = await postJson(h, '/mcp/chat', ask('Hello'))
    // A teammate closes the conversation while the customer's next message is on its way.
    h.core.context.db
      .prepare(`UPDATE chat_sessions SET state = 'closed' WHERE id = ?`)
      .run(first.body.session_id)
    const response = await fetch(`${h.url}/mcp/chat/stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...h.auth },
      body: JSON.stringify(ask('Are you there?', { session_id: first.body.session_id }))
    })
    expect(response.status).toBe(200)
    const events = await readSse(response)
    expect(events).toEqual([
      { error: expect.objectContaining({ code: 'conflict', message: expect.stringContaining('closed') }) }
    ])
  })
})
