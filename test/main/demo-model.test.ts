import OpenAI from 'openai'
import { requesterOf } from '../../src/shared/domain/caller'
import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
  ChatCompletionTool
} from 'openai/resources/chat/completions'
import { shopOrderIdRules } from '../../src/main/shop/shop-settings'
import { describe, expect, it } from 'vitest'
import { createDemoModelFetch, DEMO_MODEL, DEMO_PROVIDER_ID, MAX_TOOL_ROUNDS } from '../../src/main/llm/demo'
import { orderIdCandidates, returnReasonFrom } from '../../src/main/llm/demo/intent'
import { buildSystemPrompt } from '../../src/main/agent/system-prompt'
import { DEFAULT_MONEY_CAPS } from '../../src/shared/domain/money-caps'
import { fixedClock } from '../../src/main/core/clock'
import { openDb, type Db } from '../../src/main/db/connection'
import { seedDemoShop, type SeedSummary } from '../../src/main/db/fixtures/seed-demo-shop'
import { getCustomerCard } from '../../src/main/db/repositories/customers'
import { getOrderDetail, listOrdersForCustomer } from '../../src/main/db/repositories/orders'
import { getTicketSummary, listMessages } from '../../src/main/db/repositories/tickets'
import type { ToolOutcome } from '../../src/main/tools/define-tool'
import { createToolRegistry, toOpenAiTools } from '../../src/main/tools/registry'
import { shopTools } from '../../src/main/tools/shop-tools'
import { centsToMoney, formatMoney } from '../../src/shared/domain/money'

const tools: ChatCompletionTool[] = toOpenAiTools(shopTools)

const client = () =>
  new OpenAI({
    apiKey: 'demo',
    baseURL: 'http://demo.invalid/v1',
    fetch: createDemoModelFetch(),
    maxRetries: 0
  })

interface Turn {
  id: string
  content: string
  toolCalls: { id: string; name: string; arguments: string }[]
  finishReason: string | null
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null
}

type Params = Partial<ChatCompletionCreateParamsBase>

async function ask(messages: ChatCompletionMessageParam[], params: Params = {}): Promise<Turn> {
  const response = await client().chat.completions.create({
    model: DEMO_MODEL,
    messages,
    tools,
    ...params,
    stream: false
  })
  const choice = response.choices[0]
  return {
    id: response.id,
    content: choice?.message.content ?? '',
    toolCalls: (choice?.message.tool_calls ?? []).flatMap((c) =>
      c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : []
    ),
    finishReason: choice?.finish_reason ?? null,
    usage: response.usage ?? null
  }
}

/** Streams through the SDK and assembles the deltas the way the gateway does, by tool-call index. */
async function askStreaming(
  messages: ChatCompletionMessageParam[],
  params: Params = {}
): Promise<Turn & { chunks: number }> {
  const stream = await client().chat.completions.create({
    model: DEMO_MODEL,
    messages,
    tools,
    stream_options: { include_usage: true },
    ...params,
    stream: true
  })
  const turn: Turn & { chunks: number } = {
    id: '',
    content: '',
    toolCalls: [],
    finishReason: null,
    usage: null,
    chunks: 0
  }
  for await (const chunk of stream) {
    turn.chunks += 1
    turn.id = chunk.id
    if (chunk.usage) turn.usage = chunk.usage
    const choice = chunk.choices[0]
    if (!choice) continue
    turn.content += choice.delta.content ?? ''
    for (const delta of choice.delta.tool_calls ?? []) {
      const call = (turn.toolCalls[delta.index] ??= { id: '', name: '', arguments: '' })
      call.id ||= delta.id ?? ''
      call.name += delta.function?.name ?? ''
      call.arguments += delta.function?.arguments ?? ''
    }
    turn.finishReason = choice.finish_reason ?? turn.finishReason
  }
  return turn
}

/**
 * A reply that promises the team will do something comes after the follow-up that makes it true:
 * the model's create_follow_up call is answered as the tool would, and the reply asked for again.
 */
async function afterFollowUp(messages: ChatCompletionMessageParam[], turn: Turn): Promise<Turn> {
  expect(turn.toolCalls[0]?.name).toBe('create_follow_up')
  expect(String(argsOf(turn).task)).toMatch(/^Do what the reply to the customer promised: /)
  const created = { ok: true, value: { follow_up_id: 'FUP-1', status: 'open', owner: 'Team queue' } }
  const reply = await ask(withToolResult(messages, turn, created))
  expect(reply.toolCalls).toEqual([])
  return reply
}

const system = (customerId?: string): ChatCompletionMessageParam => ({
  role: 'system',
  content: [
    'You are a customer-support agent for an online shop.',
    'Today: 2026-11-20',
    ...(customerId
      ? [`Customer id: ${customerId}`, 'Customer: Maya Lindqvist <maya@example.com>, 4 orders']
      : [])
  ].join('\n')
})

/** Appends the assistant's tool call and the tool's answer, as the draft loop does. */
function withToolResult(
  messages: ChatCompletionMessageParam[],
  turn: Turn,
  result: unknown
): ChatCompletionMessageParam[] {
  const call = turn.toolCalls[0]
  if (!call) throw new Error(`expected a tool call, got text: ${turn.content}`)
  return [
    ...messages,
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }
      ]
    },
    { role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) }
  ]
}

const money = (amount: number) => ({ amount, currency: 'USD' })
/** Shaped like get_order_status's result (src/main/tools/get-order-status.ts). */
const shippedOrder = {
  order_id: 'ORD-20261103-AB12',
  customer_id: 'CUS-000123',
  status: 'shipped',
  status_meaning: 'handed to the carrier, on its way',
  placed_at: '2026-11-03T09:12:00.000Z',
  shipped_at: '2026-11-04T15:00:00.000Z',
  delivered_at: null,
  carrier: 'UPS',
  tracking_number: '1Z999AA10123456784',
  estimated_delivery: '2026-11-09T00:00:00.000Z',
  items: [
    {
      item_id: 7,
      product_id: 'PRD-0042',
      name: 'Trail Runner Shoes',
      quantity: 1,
      unit_price: money(79.5),
      returned_quantity: 0
    }
  ],
  subtotal: money(79.5),
  shipping: money(5),
  total: money(84.5),
  return_window: null
}
const deliveredOrder = {
  ...shippedOrder,
  order_id: 'ORD-20261105-QX7P',
  placed_at: '2026-11-05T10:00:00.000Z',
  status: 'delivered',
  delivered_at: '2026-11-08T13:40:00.000Z',
  items: [{ ...shippedOrder.items[0], name: 'Glass Blender' }],
  return_window: { open: true, window_days: 30, closes_at: '2026-12-08T13:40:00.000Z' }
}

const argsOf = (turn: Turn, index = 0): Record<string, unknown> =>
  JSON.parse(turn.toolCalls[index]?.arguments ?? 'null') as Record<string, unknown>

describe('demo model through the openai SDK', () => {
  it('exports its provider and model ids', () => {
    expect(DEMO_PROVIDER_ID).toBe('demo')
    expect(DEMO_MODEL).toBe('frontline-demo')
  })

  it('answers "where is my order" with get_order_status for the id the customer typed', async () => {
    const messages = [
      system('CUS-000123'),
      { role: 'user' as const, content: 'Hi! Where is my order ORD-20261103-AB12?' }
    ]
    for (const turn of [await ask(messages), await askStreaming(messages)]) {
      expect(turn.finishReason).toBe('tool_calls')
      expect(turn.toolCalls).toHaveLength(1)
      expect(turn.toolCalls[0]?.name).toBe('get_order_status')
      expect(argsOf(turn)).toEqual({ order_id: 'ORD-20261103-AB12' })
      expect(turn.toolCalls[0]?.id).toMatch(/^call_/)
    }
  })

  it('passes a sloppily typed id on as typed, for the tool to normalize', async () => {
    const turn = await askStreaming([
      system(),
      { role: 'user', content: "my parcel ord 20261103 ab12 hasn't arrived yet" }
    ])
    expect(argsOf(turn)).toEqual({ order_id: 'ord 20261103 ab12' })
    expect(orderIdCandidates('ORD20261103AB12 still missing')).toEqual(['ORD20261103AB12'])
    expect(orderIdCandidates('order ORD-20261103 has not come')).toEqual(['ORD-20261103'])
    expect(orderIdCandidates('#ord-20261103-ab12 and ORD-20261103-AB12')).toEqual(['ord-20261103-ab12'])
  })

  it("reads an id the customer calls their order in any form, and a guest's email with it", async () => {
    expect(orderIdCandidates('What is the status of order 12345?')).toEqual(['12345'])
    expect(orderIdCandidates('order #1001, or was it ORD-20261103-AB12?')).toEqual([
      'ORD-20261103-AB12',
      '1001'
    ])
    expect(orderIdCandidates('my order from last week')).toEqual([])

    const asked: ChatCompletionMessageParam = {
      role: 'user',
      content: 'Where is ORD-20261103-AB12? I ordered with maya@example.com'
    }
    const guest = await ask([system(), asked])
    expect(argsOf(guest)).toEqual({ order_id: 'ORD-20261103-AB12', email: 'maya@example.com' })
    // A customer's account is their proof: no email is passed.
    expect(argsOf(await ask([system('CUS-000123'), asked]))).toEqual({ order_id: 'ORD-20261103-AB12' })

    const refused = await ask(
      withToolResult([system(), asked], guest, {
        ok: false,
        error: { code: 'order_verification_needed', message: 'I need the id and email.', field: 'email' }
      })
    )
    expect(refused.content).toContain('I couldn\'t match "ORD-20261103-AB12" with the email address you gave')
    expect(refused.content).not.toMatch(/Did you mean/)
  })

  it('replies with the status, carrier, tracking number and date after the tool result', async () => {
    const messages: ChatCompletionMessageParam[] = [
      system('CUS-000123'),
      { role: 'user', content: 'Where is my order ORD-20261103-AB12? It is late.' }
    ]
    const first = await askStreaming(messages)
    const afterLookup = withToolResult(messages, first, { ok: true, value: shippedOrder })
    // Late: the reply promises a trace with the carrier, so the follow-up that makes it true comes first.
    const followUp = await askStreaming(afterLookup)
    expect(String(argsOf(followUp).task)).toContain('open a trace with UPS')
    const turn = await afterFollowUp(afterLookup, followUp)
    expect(turn.finishReason).toBe('stop')
    expect(turn.toolCalls).toEqual([])
    expect(turn.content).toContain('1Z999AA10123456784')
    expect(turn.content).toContain('UPS')
    expect(turn.content).toContain('has shipped')
    expect(turn.content).toContain('November 9, 2026')
    expect(turn.content).toMatch(/^Hi Maya,/)
    expect(turn.content).toContain('The Frontline support team')
    expect(turn.content).not.toMatch(/slightly off/)
  })

  it('retries once with the suggested id when the typed one does not exist, and says so', async () => {
    const messages: ChatCompletionMessageParam[] = [
      system('CUS-000123'),
      { role: 'user', content: 'where is ORD-20261103-A812 ??' }
    ]
    const first = await ask(messages)
    expect(argsOf(first)).toEqual({ order_id: 'ORD-20261103-A812' })
    const notFound = {
      ok: false,
      error: {
        code: 'order_not_found',
        message: 'There is no order ORD-20261103-A812. Did you mean ORD-20261103-AB12?',
        field: 'order_id',
        suggestions: ['ORD-20261103-AB12', 'ORD-20261103-ZZ01']
      }
    }
    const afterError = withToolResult(messages, first, notFound)
    const second = await askStreaming(afterError)
    expect(second.toolCalls[0]?.name).toBe('get_order_status')
    expect(argsOf(second)).toEqual({ order_id: 'ORD-20261103-AB12' })
    expect(second.toolCalls[0]?.id).not.toBe(first.toolCalls[0]?.id)

    const found = withToolResult(afterError, second, { ok: true, value: shippedOrder })
    const reply = await afterFollowUp(found, await ask(found))
    expect(reply.content).toContain('I found order ORD-20261103-AB12')
    expect(reply.content).toContain('looked slightly off')
    expect(reply.content).toContain('1Z999AA10123456784')
  })

  it('asks for the id in the ORD-YYYYMMDD-XXXX format when neither an id nor a customer is known', async () => {
    const turn = await ask([system(), { role: 'user', content: 'Where is my package??' }])
    expect(turn.toolCalls).toEqual([])
    expect(turn.content).toContain('ORD-YYYYMMDD-XXXX')
  })

  it('proposes a return with a mapped reason and never says the refund was issued', async () => {
    const messages: ChatCompletionMessageParam[] = [
      system('CUS-000123'),
      {
        role: 'user',
        content: 'The blender from ORD-20261105-QX7P arrived broken, the jar is cracked. I want a refund.'
      }
    ]
    const lookup = await askStreaming(messages)
    expect(lookup.toolCalls[0]?.name).toBe('get_order_status')
    const afterLookup = withToolResult(messages, lookup, { ok: true, value: deliveredOrder })
    const propose = await askStreaming(afterLookup)
    expect(propose.toolCalls[0]?.name).toBe('process_return')
    expect(argsOf(propose)).toMatchObject({ order_id: 'ORD-20261105-QX7P', reason: 'damaged' })
    expect(argsOf(propose).note).toMatch(/arrived broken/)

    const proposal = {
      ok: true,
      value: {
        status: 'pending_approval',
        action_id: 'ACT-1',
        refund: money(84.5),
        items: [{ name: 'Glass Blender' }]
      }
    }
    const reply = await askStreaming(withToolResult(afterLookup, propose, proposal))
    expect(reply.content).toContain('awaiting approval')
    expect(reply.content).toContain('$84.50')
    expect(reply.content).toContain('Glass Blender')
    expect(reply.content).not.toMatch(
      /refund (?:has been|was) (?:issued|processed|sent)|we(?:'ve| have) refunded/i
    )
  })

  it('explains a refused return in the words of the policy', async () => {
    const messages: ChatCompletionMessageParam[] = [
      system('CUS-000123'),
      { role: 'user', content: 'I want to return order ORD-20261105-QX7P, it does not fit' }
    ]
    const lookup = await ask(messages)
    const afterLookup = withToolResult(messages, lookup, { ok: true, value: deliveredOrder })
    const propose = await ask(afterLookup)
    expect(argsOf(propose)).toMatchObject({ reason: 'wrong_size' })
    const refusal = {
      ok: false,
      error: { code: 'return_window_expired', message: 'The 30-day return window closed on 2026-10-01' }
    }
    const refused = withToolResult(afterLookup, propose, refusal)
    const reply = await afterFollowUp(refused, await ask(refused))
    expect(reply.content).toContain('The 30-day return window closed on 2026-10-01.')
  })

  it('does not propose a return for an order that has not been delivered', async () => {
    const messages: ChatCompletionMessageParam[] = [
      system('CUS-000123'),
      { role: 'user', content: 'Please cancel and refund ORD-20261103-AB12, I changed my mind' }
    ]
    const lookup = await ask(messages)
    const reply = await ask(withToolResult(messages, lookup, { ok: true, value: shippedOrder }))
    expect(reply.toolCalls).toEqual([])
    expect(reply.content).toContain('once it has been delivered')
  })

  it("maps the customer's words to the return policy reasons", () => {
    expect(returnReasonFrom('The screen is cracked')).toBe('damaged')
    expect(returnReasonFrom('it stopped working after two days')).toBe('defective')
    expect(returnReasonFrom('you sent me the wrong item')).toBe('wrong_item')
    expect(returnReasonFrom('wrong size, too small')).toBe('wrong_size')
    expect(returnReasonFrom('looks nothing like the photo')).toBe('not_as_described')
    expect(returnReasonFrom("I changed my mind, don't need it")).toBe('changed_mind')
    expect(returnReasonFrom('I would like to return this')).toBe('other')
  })

  it('searches products with the query, max price and stock filter the customer gave', async () => {
    const messages: ChatCompletionMessageParam[] = [
      system('CUS-000123'),
      { role: 'user', content: 'Do you have waterproof hiking boots under $120 in stock?' }
    ]
    const search = await askStreaming(messages)
    expect(search.toolCalls[0]?.name).toBe('search_products')
    expect(argsOf(search)).toEqual({ query: 'waterproof hiking boots', max_price: 120, in_stock: true })

    const results = {
      ok: true,
      value: {
        count: 2,
        products: [
          {
            product_id: 'PRD-0007',
            name: 'Ridge Waterproof Hiking Boot',
            price: money(109),
            stock: 12,
            in_stock: true
          },
          {
            product_id: 'PRD-0011',
            name: 'Summit Mid GTX Boot',
            price: money(118.99),
            stock: 3,
            in_stock: true
          }
        ]
      }
    }
    const reply = await askStreaming(withToolResult(messages, search, results))
    expect(reply.content).toContain('Ridge Waterproof Hiking Boot — $109.00 (12 in stock)')
    expect(reply.content).toContain('Summit Mid GTX Boot — $118.99 (3 in stock)')
  })

  it('shows the closest products when nothing fits the budget', async () => {
    const messages: ChatCompletionMessageParam[] = [
      system(),
      { role: 'user', content: 'Are there any lightweight merino hoodies for less than 60 dollars?' }
    ]
    const search = await ask(messages)
    expect(argsOf(search)).toEqual({ query: 'lightweight merino hoodies', max_price: 60 })
    const afterEmpty = withToolResult(messages, search, { ok: true, value: { count: 0, products: [] } })
    const unfiltered = await ask(afterEmpty)
    expect(argsOf(unfiltered)).toEqual({ query: 'lightweight merino hoodies' })
    const hoodie = {
      product_id: 'PRD-0100',
      name: 'Merino Zip Hoodie',
      price: money(89),
      stock: 0,
      in_stock: false
    }
    const reply = await ask(
      withToolResult(afterEmpty, unfiltered, { ok: true, value: { count: 1, products: [hoodie] } })
    )
    expect(reply.content).toContain("I couldn't find lightweight merino hoodies under $60.00 right now.")
    expect(reply.content).toContain('- Merino Zip Hoodie — $89.00 (currently out of stock)')
    const none = await ask(
      withToolResult(afterEmpty, unfiltered, { ok: true, value: { count: 0, products: [] } })
    )
    expect(none.content).toContain('nothing matches')
  })

  it('reads the customer history when a complaint names no order, then looks the order up', async () => {
    const messages: ChatCompletionMessageParam[] = [
      system('CUS-000123'),
      { role: 'user', content: 'This is the worst service ever. Nobody answers me.' }
    ]
    const history = await ask(messages)
    expect(history.toolCalls[0]?.name).toBe('get_customer_history')
    expect(argsOf(history)).toEqual({ customer_id: 'CUS-000123', limit: 5 })
    const afterHistory = withToolResult(messages, history, {
      ok: true,
      value: {
        customer: { id: 'CUS-000123', name: 'Maya Lindqvist' },
        orders: [deliveredOrder, shippedOrder]
      }
    })
    const lookup = await ask(afterHistory)
    // The most recent order, whatever order the history listed them in.
    expect(lookup.toolCalls[0]?.name).toBe('get_order_status')
    expect(argsOf(lookup)).toEqual({ order_id: deliveredOrder.order_id })
    const looked = withToolResult(afterHistory, lookup, { ok: true, value: deliveredOrder })
    const reply = await afterFollowUp(looked, await ask(looked))
    expect(reply.content).toMatch(/^Hi Maya,\n\nI'm sorry/)
    expect(reply.content).toContain(
      `Order ${deliveredOrder.order_id} (Glass Blender) was delivered on November 8, 2026`
    )
  })

  it('reads a follow-up in the light of the thread it follows', async () => {
    const thread: ChatCompletionMessageParam[] = [
      system('CUS-000123'),
      { role: 'user', content: 'Where is my order ORD-20261103-AB12?' },
      {
        role: 'assistant',
        content: "Hi Maya, thanks for getting in touch. I'm looking into this now.\n\nSam"
      },
      { role: 'user', content: 'Any update on this?' }
    ]
    const lookup = await ask(thread)
    expect(lookup.toolCalls[0]?.name).toBe('get_order_status')
    expect(argsOf(lookup)).toEqual({ order_id: 'ORD-20261103-AB12' })

    const thanks = await ask([
      ...thread.slice(0, 3),
      { role: 'user', content: 'Great, thanks for the quick help.' }
    ])
    expect(thanks.toolCalls).toEqual([])
    expect(thanks.content).toMatch(/^Hi Maya,\n\nYou're very welcome/)
  })

  it('writes a reply once the round bound is reached', async () => {
    let messages: ChatCompletionMessageParam[] = [
      system(),
      { role: 'user', content: 'where is ORD-20261103-A812' }
    ]
    const notFound = {
      ok: false,
      error: { code: 'order_not_found', message: 'no such order', suggestions: [] }
    }
    for (let round = 0; round < MAX_TOOL_ROUNDS + 1; round++) {
      const turn = await ask(messages)
      if (turn.toolCalls.length === 0) {
        expect(turn.content).toContain("couldn't find an order matching")
        expect(round).toBeLessThanOrEqual(MAX_TOOL_ROUNDS)
        return
      }
      messages = withToolResult(messages, turn, notFound)
    }
    throw new Error('the demo model never stopped calling tools')
  })

  it('answers in words when no tools are offered', async () => {
    const messages: ChatCompletionMessageParam[] = [
      system(),
      { role: 'user', content: 'Where is ORD-20261103-AB12?' }
    ]
    for (const params of [{ tools: undefined }, { tool_choice: 'none' as const }]) {
      const turn = await ask(messages, params)
      expect(turn.toolCalls).toEqual([])
      expect(turn.finishReason).toBe('stop')
      expect(turn.content).toContain('The Frontline support team')
    }
  })

  it('streams tool-call arguments in several deltas that assemble into valid JSON, with a usage chunk', async () => {
    const fetchDemo = createDemoModelFetch()
    const response = await fetchDemo('http://demo.invalid/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: DEMO_MODEL,
        stream: true,
        stream_options: { include_usage: true },
        tools,
        messages: [{ role: 'user', content: 'Do you have trail running shoes under $90?' }]
      })
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const frames = (await response.text()).split('\n\n').filter(Boolean)
    expect(frames.every((f) => f.startsWith('data: '))).toBe(true)
    expect(frames.at(-1)).toBe('data: [DONE]')
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f.slice('data: '.length)))
    const argumentDeltas = chunks.flatMap((c) =>
      (c.choices[0]?.delta.tool_calls ?? []).map(
        (t: { function?: { arguments?: string } }) => t.function?.arguments ?? ''
      )
    )
    expect(argumentDeltas.filter(Boolean).length).toBeGreaterThan(1)
    expect(JSON.parse(argumentDeltas.join(''))).toEqual({ query: 'trail running shoes', max_price: 90 })
    const header = chunks.find((c) => c.choices[0]?.delta.tool_calls?.[0]?.id)
    expect(header.choices[0].delta.tool_calls[0]).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'search_products' }
    })
    expect(chunks.at(-2).choices[0].finish_reason).toBe('tool_calls')
    const usage = chunks.at(-1)
    expect(usage.choices).toEqual([])
    expect(usage.usage.prompt_tokens).toBeGreaterThan(0)
    expect(usage.usage.total_tokens).toBe(usage.usage.prompt_tokens + usage.usage.completion_tokens)
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true)
  })

  it('reports usage on streamed text replies through the SDK, and only when asked', async () => {
    const messages: ChatCompletionMessageParam[] = [system(), { role: 'user', content: 'Hello?' }]
    const withUsage = await askStreaming(messages, { tools: undefined })
    expect(withUsage.content).toContain('Frontline support team')
    expect(withUsage.chunks).toBeGreaterThan(5)
    expect(withUsage.usage).toEqual({
      prompt_tokens: expect.any(Number),
      completion_tokens: Math.ceil(withUsage.content.length / 4),
      total_tokens: expect.any(Number)
    })
    const withoutUsage = await askStreaming(messages, {
      tools: undefined,
      stream_options: { include_usage: false }
    })
    expect(withoutUsage.usage).toBeNull()
    expect(withoutUsage.content).toBe(withUsage.content)
    const nonStreamed = await ask(messages, { tools: undefined })
    expect(nonStreamed.content).toBe(withUsage.content)
    expect(nonStreamed.usage).toEqual(withUsage.usage)
  })

  it('is deterministic: the same conversation gives the same answer', async () => {
    const messages: ChatCompletionMessageParam[] = [
      system('CUS-000123'),
      { role: 'user', content: 'my order ORD-20261103-AB12 is late, where is it?' }
    ]
    const first = await askStreaming(messages)
    const again = await askStreaming(messages)
    expect(again).toEqual(first)
    const reply = withToolResult(messages, first, { ok: true, value: shippedOrder })
    expect(await ask(reply)).toEqual(await ask(reply))
  })

  it("rejects a malformed request with a 400 in OpenAI's error shape naming the field", async () => {
    const bad = client().chat.completions.create({
      model: DEMO_MODEL,
      messages: [{ role: 'narrator', content: 'hello' } as unknown as ChatCompletionMessageParam]
    })
    await expect(bad).rejects.toBeInstanceOf(OpenAI.BadRequestError)
    await expect(bad).rejects.toMatchObject({ status: 400, param: 'messages.0.role' })

    const fetchDemo = createDemoModelFetch()
    const notJson = await fetchDemo('http://demo.invalid/v1/chat/completions', {
      method: 'POST',
      body: '{nope'
    })
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toEqual({
      error: {
        message: 'The request body is not valid JSON.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_json'
      }
    })
    const noMessages = await fetchDemo('http://demo.invalid/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ model: DEMO_MODEL, messages: 'hi' })
    })
    const body = (await noMessages.json()) as { error: { message: string; param: string } }
    expect(noMessages.status).toBe(400)
    expect(body.error.param).toBe('messages')
    expect(body.error.message).toMatch(/^Invalid chat completion request: messages: /)
  })

  it('refuses an unknown model with a 404 and unknown paths too', async () => {
    await expect(
      client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found' })
    const models = await client().models.list()
    expect(models.data.map((m) => m.id)).toEqual([DEMO_MODEL])
    const response = await createDemoModelFetch()('http://demo.invalid/v1/embeddings', {
      method: 'POST',
      body: '{}'
    })
    expect(response.status).toBe(404)
  })

  it('honours latency and aborts', async () => {
    const slow = new OpenAI({
      apiKey: 'demo',
      baseURL: 'http://demo.invalid/v1',
      fetch: createDemoModelFetch({ latencyMs: 5_000 }),
      maxRetries: 0
    })
    const controller = new AbortController()
    const pending = slow.chat.completions.create(
      { model: DEMO_MODEL, messages: [{ role: 'user', content: 'hi' }] },
      { signal: controller.signal }
    )
    controller.abort()
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError)

    const paced = new OpenAI({
      apiKey: 'demo',
      baseURL: 'http://demo.invalid/v1',
      fetch: createDemoModelFetch({ latencyMs: 1, chunkDelayMs: 1 }),
      maxRetries: 0
    })
    const stream = await paced.chat.completions.create({
      model: DEMO_MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    expect(text).toContain('The Frontline support team')
  })
})

describe('demo model over the seeded demo shop, with the real tools', () => {
  const anchor = '2026-11-20T12:00:00.000Z'

  interface Conversation {
    ticketId: string
    firstMessage: string
    calls: { name: string; args: Record<string, unknown>; outcome: ToolOutcome }[]
    rounds: number
    reply: string
  }

  /** The draft loop in miniature: model turn, real tool runs, tool messages, until the model writes. */
  async function converse(db: Db, ticketId: string): Promise<Conversation> {
    const ticket = getTicketSummary(db, ticketId)
    const [first] = listMessages(db, ticketId)
    if (!ticket || !first) throw new Error(`ticket ${ticketId} is missing`)
    const customer = ticket.customerId ? (getCustomerCard(db, ticket.customerId) ?? null) : null
    const system = buildSystemPrompt({
      ticketId,
      subject: ticket.subject,
      customer,
      orders: customer ? listOrdersForCustomer(db, customer.id, 5) : [],
      messages: [first],
      today: anchor.slice(0, 10),
      moneyCaps: DEFAULT_MONEY_CAPS,
      orderIds: shopOrderIdRules(db)
    })
    const registry = createToolRegistry(shopTools)
    const ctx = {
      db,
      clock: fixedClock(anchor),
      caller: requesterOf({ id: ticketId, customerId: customer?.id ?? null, channel: 'email' }),
      origin: 'agent' as const,
      ticketId,
      customerId: customer?.id
    }
    let messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: system },
      { role: 'user', content: first.body }
    ]
    const calls: Conversation['calls'] = []
    for (let rounds = 0; rounds <= MAX_TOOL_ROUNDS; rounds++) {
      const turn = await askStreaming(messages)
      if (turn.toolCalls.length === 0) {
        return { ticketId, firstMessage: first.body, calls, rounds, reply: turn.content }
      }
      const results: ChatCompletionMessageParam[] = turn.toolCalls.map((call) => {
        const args = JSON.parse(call.arguments) as Record<string, unknown>
        const outcome = registry.run(ctx, call.name, args)
        calls.push({ name: call.name, args, outcome })
        return { role: 'tool', tool_call_id: call.id, content: JSON.stringify(outcome) }
      })
      messages = [
        ...messages,
        {
          role: 'assistant',
          content: null,
          tool_calls: turn.toolCalls.map((c) => ({
            id: c.id,
            type: 'function' as const,
            function: { name: c.name, arguments: c.arguments }
          }))
        },
        ...results
      ]
    }
    throw new Error(`${ticketId}: no text reply within ${MAX_TOOL_ROUNDS} tool rounds`)
  }

  function seeded(): { db: Db; summary: SeedSummary } {
    const db = openDb(':memory:')
    return { db, summary: seedDemoShop(db, { seed: 42, anchor }) }
  }

  it('answers every demo ticket in words, within the round bound, from real tool results', async () => {
    const { db, summary } = seeded()
    const ticketIds = Array.from(
      { length: summary.tickets },
      (_, i) => `TKT-${String(i + 1).padStart(6, '0')}`
    )
    const conversations: Conversation[] = []
    for (const ticketId of ticketIds) conversations.push(await converse(db, ticketId))
    const byId = new Map(conversations.map((c) => [c.ticketId, c]))

    for (const c of conversations) {
      expect(c.rounds, c.ticketId).toBeLessThanOrEqual(MAX_TOOL_ROUNDS)
      expect(c.reply, c.ticketId).toMatch(/^Hi \S+,\n\n/)
      expect(c.reply, c.ticketId).toContain('The Frontline support team')
      expect(c.reply, c.ticketId).not.toMatch(
        /refund (?:has been|was) (?:issued|processed|sent)|we(?:'ve| have) refunded/i
      )
      // The model's arguments always pass the tools' schemas; only the shop may say no.
      for (const call of c.calls) {
        if (!call.outcome.ok)
          expect(['invalid_arguments', 'unknown_tool'], c.ticketId).not.toContain(call.outcome.error.code)
      }
    }

    // Where-is-my-order: a correctly typed id of an order still on its way gets its real status back.
    const onTheWay = conversations.flatMap((c) => {
      const typed = /\bORD-\d{8}-[A-Z0-9]{4}\b/.exec(c.firstMessage)?.[0]
      const order = typed ? getOrderDetail(db, typed) : undefined
      return order && ['pending', 'paid', 'shipped'].includes(order.status) ? [{ c, order }] : []
    })
    expect(onTheWay.map(({ c }) => c.ticketId)).toContain(summary.exampleTickets.where_is_order)
    expect(onTheWay.length).toBeGreaterThanOrEqual(summary.ticketsByKind.where_is_order / 2)
    for (const { c, order } of onTheWay) {
      expect(c.calls[0]?.name, c.ticketId).toBe('get_order_status')
      expect(c.reply, c.ticketId).toContain(order.id)
      expect(c.reply, c.ticketId).toContain(order.status)
      if (order.trackingNumber) expect(c.reply, c.ticketId).toContain(order.trackingNumber)
    }

    const wrongChar = byId.get(summary.exampleTickets.typo_wrong_char)
    const lookups = wrongChar?.calls.filter((call) => call.name === 'get_order_status') ?? []
    expect(lookups[0]?.outcome.ok).toBe(false)
    expect(lookups[1]?.outcome.ok).toBe(true)
    const corrected = String(lookups[1]?.args.order_id)
    expect(getOrderDetail(db, corrected)).toBeDefined()
    expect(wrongChar?.reply).toContain(`I found order ${corrected}`)
    expect(wrongChar?.reply).toContain('looked slightly off')

    const returned = byId.get(summary.exampleTickets.return_request)
    const proposal = returned?.calls.find((call) => call.name === 'process_return')
    expect(proposal?.outcome.ok).toBe(true)
    const actionId = proposal?.outcome.ok ? (proposal.outcome.value as { action_id: string }).action_id : ''
    const action = db.prepare('SELECT status, amount_cents FROM actions WHERE id = ?').get(actionId) as
      { status: string; amount_cents: number } | undefined
    expect(action?.status).toBe('pending_approval')
    expect(returned?.reply).toContain('awaiting approval')
    expect(returned?.reply).toContain(formatMoney(centsToMoney(action?.amount_cents ?? 0)))

    const expired = byId.get(summary.exampleTickets.return_expired)
    // Its reply passes the case to a teammate: a follow-up on the ticket makes that true.
    expect(expired?.calls.map((call) => call.name)).toEqual(['get_order_status', 'create_follow_up'])
    expect(
      db
        .prepare('SELECT COUNT(*) FROM follow_ups WHERE ticket_id = ? AND done_at IS NULL')
        .pluck()
        .get(expired?.ticketId)
    ).toBe(1)
    expect(expired?.reply).toMatch(/30-day return window for this order closed on/)

    expect(byId.get(summary.exampleTickets.product_question)?.calls[0]?.name).toBe('search_products')
    expect(byId.get(summary.exampleTickets.no_order_id)?.calls[0]).toMatchObject({
      name: 'get_customer_history',
      args: { customer_id: getTicketSummary(db, summary.exampleTickets.no_order_id)?.customerId }
    })
    db.close()
  })

  it('writes the same replies for the same shop', async () => {
    const replies = async () => {
      const { db, summary } = seeded()
      const ids = Object.values(summary.exampleTickets).sort()
      const out: string[] = []
      for (const id of ids) out.push((await converse(db, id)).reply)
      db.close()
      return out
    }
    expect(await replies()).toEqual(await replies())
  })
})
