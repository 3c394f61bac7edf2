import { afterEach, describe, expect, it } from 'vitest'
import { decideDelivery, intentsOf } from '../../src/main/agent/autopilot'
import { createChannelRuntime } from '../../src/main/channel/runtime'
import { AutopilotSettings } from '../../src/shared/domain/channel'
import type { ToolCallTrace } from '../../src/shared/domain/draft'
import type { Script } from '../../src/main/bench/mock-openai-server'
import {
  ADA,
  ADA_DELIVERED,
  BOB_ORDER,
  ChatSocket,
  postJson,
  startHarness,
  type ChannelHarness,
  type WireJson
} from './channel-support'

let h: ChannelHarness | undefined
const sockets: ChatSocket[] = []

afterEach(async () => {
  for (const socket of sockets.splice(0)) await socket.close()
  await h?.cleanup()
  h = undefined
})

const call = (tool: string, status: ToolCallTrace['status'], value: unknown = {}): ToolCallTrace => ({
  id: 1,
  round: 0,
  tool,
  origin: 'agent',
  caller: { kind: 'customer', customerId: 'CUS-000001', via: 'chat' },
  arguments: {},
  result: status === 'error' ? { ok: false, error: { code: 'x', message: 'x' } } : { ok: true, value },
  status,
  durationMs: 1,
  createdAt: '2026-11-20T12:00:00.000Z'
})

describe('the autopilot policy', () => {
  const defaults = AutopilotSettings.parse({})
  // Stands in for the data scope (tested over HTTP below): Bob's account and order are Ada's foreign data.
  const outsideScope = (c: ToolCallTrace): string[] =>
    ['CUS-000002', BOB_ORDER].filter((id) => JSON.stringify(c.result).includes(id))
  const chat = (
    trace: ToolCallTrace[],
    draftStatus: 'ready' | 'fallback' | 'failed' = 'ready',
    body = 'Hi Ada, your order has shipped.'
  ) => decideDelivery(defaults, { channel: 'chat', draftStatus, body, trace, outsideScope })

  it('sends read-only answers in the chat channel by default, and nothing elsewhere', () => {
    expect(chat([call('get_order_status', 'ok', { customer_id: ADA })])).toEqual({
      send: true,
      intents: ['order_status']
    })
    expect(chat([])).toEqual({ send: true, intents: ['general'] })
    expect(chat([call('search_products', 'ok')], 'fallback').send).toBe(true)
    const email = decideDelivery(defaults, {
      channel: 'email',
      draftStatus: 'ready',
      body: 'Hi',
      trace: [],
      outsideScope
    })
    expect(email).toMatchObject({ send: false, reason: 'intent_off' })
  })

  it('never sends an answer that proposed a return or refund, whatever the switches', () => {
    const allOn = AutopilotSettings.parse({
      email: { order_status: true, product_question: true, account_history: true, general: true }
    })
    const trace = [call('get_order_status', 'ok', { customer_id: ADA }), call('process_return', 'proposed')]
    for (const channel of ['chat', 'email'] as const) {
      expect(
        decideDelivery(allOn, { channel, draftStatus: 'ready', body: 'Hi', trace, outsideScope })
      ).toMatchObject({
        send: false,
        reason: 'action_proposed'
      })
    }
  })

  it("holds failed drafts, switched-off intents, and answers carrying another customer's data", () => {
    expect(chat([], 'failed')).toMatchObject({ send: false, reason: 'draft_failed' })
    const noProducts = AutopilotSettings.parse({ chat: { product_question: false } })
    const mixed = [call('get_order_status', 'ok', { customer_id: ADA }), call('search_products', 'ok')]
    expect(
      decideDelivery(noProducts, {
        channel: 'chat',
        draftStatus: 'ready',
        body: 'Hi',
        trace: mixed,
        outsideScope
      })
    ).toMatchObject({
      send: false,
      reason: 'intent_off',
      intents: ['order_status', 'product_question']
    })
    expect(chat([call('get_order_status', 'ok', { customer_id: 'CUS-000002' })])).toMatchObject({
      send: false,
      reason: 'other_customer_data'
    })
    expect(chat([call('get_customer_history', 'ok', { customer: { id: 'CUS-000002' } })])).toMatchObject({
      reason: 'other_customer_data'
    })
    // A failed call counts too: an error that names another customer's order holds the answer.
    const failed = call('get_order_status', 'error')
    failed.result = { ok: false, error: { code: 'order_not_found', message: 'x', suggestions: [BOB_ORDER] } }
    expect(chat([failed])).toMatchObject({ send: false, reason: 'other_customer_data' })
    const noFallbacks = AutopilotSettings.parse({ sendFallbacks: false })
    expect(
      decideDelivery(noFallbacks, {
        channel: 'chat',
        draftStatus: 'fallback',
        body: 'Hi',
        trace: [],
        outsideScope
      })
    ).toMatchObject({
      reason: 'fallback_off'
    })
  })

  it('holds an answer that promises what no follow-up makes a task, and sends it once one does', () => {
    const lookup = call('get_order_status', 'ok', { customer_id: ADA })
    const promises = [
      "I've flagged it to a teammate, who will open a trace with USPS and keep you updated.",
      "I've asked a teammate to check the payments on this order.",
      'A teammate will review your case and get back to you.',
      'We’ll get back to you tomorrow.',
      'I’ve passed your message on to a colleague.'
    ]
    for (const body of promises) {
      expect(chat([lookup], 'ready', body), body).toMatchObject({ send: false, reason: 'unbacked_promise' })
      expect(chat([lookup, call('create_follow_up', 'ok')], 'ready', body), body).toMatchObject({
        send: true
      })
      // A follow-up that failed to be created makes nothing true.
      expect(chat([lookup, call('create_follow_up', 'error')], 'ready', body).send, body).toBe(false)
    }
    // Asking the customer to come back first is not a promise of the team's.
    const offers = [
      "If it hasn't arrived in a few days, reply here and we'll open a trace with the carrier.",
      'Let us know and we will cancel it before it leaves the warehouse.'
    ]
    for (const body of offers) expect(chat([lookup], 'ready', body), body).toMatchObject({ send: true })
  })

  it('reads intents from the tools that answered', () => {
    expect(intentsOf([call('get_order_status', 'error')])).toEqual(['general'])
    expect(intentsOf([call('get_customer_history', 'ok'), call('some_new_lookup', 'ok')])).toEqual([
      'account_history',
      'general'
    ])
  })
})

describe('a return request in the chat', () => {
  const openChat = async (harness: ChannelHarness) => {
    const socket = await ChatSocket.open(harness)
    sockets.push(socket)
    socket.send({ type: 'hello', customer_id: ADA })
    await socket.ofType('session')
    return socket
  }

  it('waits for a person, then the approval reaches the customer session', async () => {
    h = await startHarness()
    const socket = await openChat(h)
    socket.send({
      type: 'message',
      text: `The shoes from ${ADA_DELIVERED} arrived torn, I want to return them.`
    })
    const turn = await socket.ofType('turn')
    expect(turn.delivery).toBe('held')
    expect(turn.response).toContain('a teammate will confirm it shortly')
    expect(turn.state).toBe('awaiting_approval')
    expect(turn.pending_actions).toHaveLength(1)
    expect(turn.pending_actions[0]).toMatchObject({
      kind: 'return',
      order_id: ADA_DELIVERED,
      status: 'pending_approval'
    })
    expect(turn.tool_calls_executed).toBe(1)
    expect(turn.tool_calls).toEqual([expect.objectContaining({ name: 'process_return', status: 'proposed' })])
    // The model's words about the return never reached the customer, not even as tokens.
    expect(socket.received.filter((m) => m.type === 'token')).toEqual([])
    expect(JSON.stringify(socket.received)).not.toContain('prepared the return of your shoes')

    // In the console: the draft waits for a person, the action for approval.
    const draft = await h.core.invoke('drafts.forTicket', { ticketId: turn.ticket_id })
    expect(draft.ok && draft.value?.status).toBe('ready')
    const actionId = turn.pending_actions[0].action_id
    const approved = await h.core.invoke('actions.approve', { actionId, by: 'Grace' })
    expect(approved.ok).toBe(true)

    const outcome = await socket.ofType('action_outcome')
    expect(outcome).toEqual({ type: 'action_outcome', action_id: actionId, status: 'applied' })
    const notice = await socket.next((m) => m.type === 'message' && m.message.text.includes('approved'))
    expect(notice.message).toMatchObject({ role: 'agent', author: 'Frontline autopilot' })
    expect(notice.message.text).toContain(ADA_DELIVERED)
    expect(notice.message.text).toMatch(/refund of \$\d+\.\d\d/)
    const state = await socket.next((m) => m.type === 'state' && m.state === 'open')
    expect(state.pending_actions).toEqual([])
    // The internal note for staff (who approved) is not shown to the customer.
    expect(JSON.stringify(socket.received)).not.toContain('Grace')

    // Told once: a second delivery pass finds nothing.
    expect(h.runtime.deliverOutcomes()).toBe(0)
  })

  it('shows a reconnecting client the return still pending, then sends it the approval', async () => {
    h = await startHarness()
    const first = await openChat(h)
    first.send({ type: 'message', text: `Please return the shoes from ${ADA_DELIVERED}, they are torn.` })
    const turn = await first.ofType('turn')
    expect(turn.state).toBe('awaiting_approval')
    const actionId = turn.pending_actions[0].action_id
    await first.close()

    const again = await ChatSocket.open(h)
    sockets.push(again)
    again.send({ type: 'hello', customer_id: ADA, session_id: turn.session_id })
    const resumed = await again.ofType('session')
    expect(resumed).toMatchObject({ resumed: true, session_id: turn.session_id, state: 'awaiting_approval' })
    expect(resumed.pending_actions).toEqual([
      expect.objectContaining({
        action_id: actionId,
        kind: 'return',
        order_id: ADA_DELIVERED,
        status: 'pending_approval'
      })
    ])

    expect((await h.core.invoke('actions.approve', { actionId, by: 'Grace' })).ok).toBe(true)
    expect(await again.ofType('action_outcome')).toEqual({
      type: 'action_outcome',
      action_id: actionId,
      status: 'applied'
    })
    const notice = await again.next((m) => m.type === 'message' && m.message.text.includes('approved'))
    expect(notice.message.text).toContain(ADA_DELIVERED)
    const state = await again.next((m) => m.type === 'state' && m.state === 'open')
    expect(state.pending_actions).toEqual([])
  })

  it('tells the customer of a rejection without the internal reason', async () => {
    h = await startHarness()
    const first = await postJson(h, '/mcp/chat', {
      customer_id: ADA,
      messages: [{ role: 'user', content: `I want to return order ${ADA_DELIVERED}, it is damaged` }]
    })
    expect(first.body).toMatchObject({ delivery: 'held', state: 'awaiting_approval' })
    const actionId = first.body.pending_actions[0].action_id
    await h.core.invoke('actions.reject', { actionId, reason: 'Photos show wear from use', by: 'Grace' })

    // An HTTP client reads the outcome back from the session.
    const view = await fetch(`${h.url}/mcp/chat/sessions/${first.body.session_id}?customer_id=${ADA}`, {
      headers: h.auth
    })
    const conversation = (await view.json()) as WireJson
    expect(conversation.state).toBe('open')
    const last = conversation.messages.at(-1)
    expect(last.text).toContain('could not approve')
    expect(last.text).not.toContain('Photos')
  })

  it('delivers a decision made by another process when the customer reconnects, once', async () => {
    h = await startHarness()
    const first = await postJson(h, '/mcp/chat', {
      customer_id: ADA,
      messages: [{ role: 'user', content: `Please return ${ADA_DELIVERED}` }]
    })
    const actionId = first.body.pending_actions[0].action_id
    h = await h.restart()
    // A teammate decides in the desktop app while the channel is down: approvals there know nothing of chats.
    h.core.context.db
      .prepare(`UPDATE actions SET status = 'rejected', decided_at = ?, decided_by = 'Grace' WHERE id = ?`)
      .run('2026-11-20T12:05:00.000Z', actionId)
    // Two runtimes over one database (two processes) race to tell it; the customer hears it once.
    // (A runtime also tells what is waiting when it is created.)
    const other = createChannelRuntime(h.core.context, { env: {} })
    h.runtime.deliverOutcomes()
    other.deliverOutcomes()
    await other.close()
    const told = h.core.context.db
      .prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'chat.outcome_sent' AND subject_id = ?`)
      .get(actionId) as { n: number }
    expect(told.n).toBe(1)

    const socket = await ChatSocket.open(h)
    sockets.push(socket)
    socket.send({ type: 'hello', customer_id: ADA, session_id: first.body.session_id })
    const resumed = await socket.ofType('session')
    const notices = resumed.messages.filter((m: { text: string }) => m.text.includes('could not approve'))
    expect(notices).toHaveLength(1)
  })

  it('never shows a customer another customer’s order: the model is told it cannot see it', async () => {
    h = await startHarness()
    const { status, body } = await postJson(h, '/mcp/chat', {
      customer_id: ADA,
      messages: [{ role: 'user', content: `Where is order ${BOB_ORDER}?` }]
    })
    expect(status).toBe(200)
    const toolTurn = h.mock!.requests.at(-1)!.body.messages!.find((m) => m.role === 'tool')
    const seen = JSON.parse(String(toolTurn?.content)) as { ok: boolean; error?: { suggestions?: string[] } }
    expect(seen).toMatchObject({ ok: false, error: { code: 'order_not_found' } })
    // Suggestions, if any, are Ada's own orders; nothing of Bob's reaches the model or the customer.
    expect(seen.error?.suggestions ?? []).not.toContain(BOB_ORDER)
    expect(JSON.stringify(h.mock!.requests.map((r) => r.body.messages))).not.toContain('Babbage')
    expect(body.tool_calls_executed).toBe(1)
    expect(body.tool_calls).toEqual([expect.objectContaining({ name: 'get_order_status', status: 'error' })])
  })

  it('follows the per-intent switches saved in Settings', async () => {
    h = await startHarness()
    const saved = await h.core.invoke('channel.settings.update', {
      autopilot: { chat: { order_status: false } }
    })
    expect(saved.ok && saved.value.autopilot.chat).toEqual({
      order_status: false,
      product_question: true,
      account_history: true,
      general: true
    })
    const held = await postJson(h, '/mcp/chat', {
      customer_id: ADA,
      messages: [{ role: 'user', content: 'Where is ORD-20261115-AB12?' }]
    })
    expect(held.body).toMatchObject({ delivery: 'held', state: 'awaiting_agent' })
    const sent = await postJson(h, '/mcp/chat', {
      customer_id: ADA,
      messages: [{ role: 'user', content: 'Hello' }]
    })
    expect(sent.body.delivery).toBe('sent')
  })
})

describe('goodwill credit in the chat', () => {
  const creditScript: Script = (request) => {
    const kind = request.body.stream ? 'stream' : 'json'
    if (request.body.messages?.at(-1)?.role === 'tool') {
      return { kind, content: 'Sorry about the wait, Ada. A teammate will confirm a small credit for you.' }
    }
    return {
      kind,
      toolCalls: [
        {
          id: 'call_credit',
          name: 'issue_refund',
          arguments: JSON.stringify({
            order_id: ADA_DELIVERED,
            amount: 5,
            type: 'goodwill_credit',
            reason: 'late_delivery'
          })
        }
      ]
    }
  }

  it('is held with the credit among the pending actions, and the customer hears the approval', async () => {
    h = await startHarness({ script: creditScript })
    const first = await postJson(h, '/mcp/chat', {
      customer_id: ADA,
      messages: [{ role: 'user', content: `My order ${ADA_DELIVERED} came a week late.` }]
    })
    expect(first.body).toMatchObject({ delivery: 'held', state: 'awaiting_approval' })
    expect(first.body.pending_actions).toEqual([
      expect.objectContaining({
        kind: 'goodwill_credit',
        order_id: ADA_DELIVERED,
        amount: { amount: 5, currency: 'USD' },
        status: 'pending_approval'
      })
    ])
    const actionId = first.body.pending_actions[0].action_id
    const approved = await h.core.invoke('actions.approve', { actionId, by: 'Grace' })
    expect(approved.ok && approved.value.status).toBe('applied')

    const view = await fetch(`${h.url}/mcp/chat/sessions/${first.body.session_id}?customer_id=${ADA}`, {
      headers: h.auth
    })
    const conversation = (await view.json()) as WireJson
    expect(conversation.state).toBe('open')
    expect(conversation.pending_actions).toEqual([])
    expect(conversation.messages.at(-1).text).toBe(
      `Hi Ada, good news: $5.00 of store credit for order ${ADA_DELIVERED} has been added to your account, ready for your next order.\n\nThe Frontline support team`
    )
  })
})
