import { allowStdioCommand } from '../../src/main/mcp-client/stdio-allowlist'
import { afterEach, describe, expect, it } from 'vitest'
import type { Behaviour, RecordedRequest, Script } from '../../src/main/bench/mock-openai-server'
import { getChatSession } from '../../src/main/db/repositories/chat-sessions'
import { listProvedOrderIds } from '../../src/main/db/repositories/order-proofs'
import {
  ADA,
  ADA_DELIVERED,
  ADA_EMAIL,
  ADA_SHIPPED,
  BOB,
  BOB_EMAIL,
  BOB_ORDER,
  BOB_TRACKING,
  postJson,
  say,
  startHarness,
  TRANSPORTS,
  type ChannelHarness,
  type WireJson
} from './channel-support'
import { TINY_SERVER } from './mcp-client-support'

let h: ChannelHarness | undefined
afterEach(async () => {
  await h?.cleanup()
  h = undefined
})

const ADA_TRACKING = '1Z999AA10123456784'
/** One typo away from Bob's order: a shop-wide lookup would suggest his. */
const NEAR_BOB = 'ORD-20261112-EF57'

/** Everything the model was sent, as text. */
const modelInput = (harness: ChannelHarness): string =>
  JSON.stringify(harness.mock!.requests.map((r) => r.body.messages))

/** The tool results the model was given, parsed, in order. */
const toolResults = (harness: ChannelHarness): WireJson[] =>
  harness
    .mock!.requests.flatMap((r) => r.body.messages ?? [])
    .filter((m) => m.role === 'tool')
    .map((m) => JSON.parse(String(m.content)))
    // A request repeats the thread so far: each result once.
    .filter((result, i, all) => all.findIndex((r) => JSON.stringify(r) === JSON.stringify(result)) === i)

const pendingActionsOn = (harness: ChannelHarness, orderId: string): number =>
  (
    harness.core.context.db.prepare('SELECT COUNT(*) AS n FROM actions WHERE order_id = ?').get(orderId) as {
      n: number
    }
  ).n

/** Nothing of Bob's order or account, in whatever Ada or the model read. */
const expectNothingOfBob = (text: string) => {
  for (const secret of [BOB_TRACKING, BOB, BOB_EMAIL, 'Babbage']) expect(text).not.toContain(secret)
}

describe.each(TRANSPORTS)('the three leaks an audit saw, over %s', (transport) => {
  it("a customer asking for another customer's order: nothing of it reaches the model or them", async () => {
    h = await startHarness()
    const { turn, seen } = await say(h, transport, {
      customer_id: ADA,
      text: `Where is order ${BOB_ORDER}?`
    })
    const [result] = toolResults(h)
    expect(result).toMatchObject({ ok: false, error: { code: 'order_not_found' } })
    // Worded as for an order that does not exist: whether Bob's does is not Ada's to learn.
    expect(result.error.message).toMatch(/^No order ORD-20261112-EF56 is among the orders this conversation/)
    expect(result.error.suggestions ?? []).not.toContain(BOB_ORDER)
    expectNothingOfBob(modelInput(h))
    expectNothingOfBob(seen)
    expect(turn.tool_calls_executed).toBe(1)
  })

  it('a customer asking for an order that does not exist: suggestions only from their own orders', async () => {
    h = await startHarness()
    const { seen } = await say(h, transport, { customer_id: ADA, text: `Where is order ${NEAR_BOB}?` })
    const [result] = toolResults(h)
    expect(result).toMatchObject({ ok: false, error: { code: 'order_not_found' } })
    for (const suggested of result.error.suggestions ?? [])
      expect([ADA_SHIPPED, ADA_DELIVERED]).toContain(suggested)
    expect(modelInput(h)).not.toContain(BOB_ORDER)
    expect(seen).not.toContain(BOB_ORDER)

    // A guest is suggested nothing at all.
    const guest = await say(h, transport, { text: `Where is order ${NEAR_BOB}?` })
    const guestResult = toolResults(h).at(-1)
    expect(guestResult).toMatchObject({ ok: false, error: { code: 'order_verification_needed' } })
    expect(guestResult.error.suggestions).toBeUndefined()
    expect(guest.seen).not.toContain(BOB_ORDER)
    expect(guest.seen).not.toContain(ADA_SHIPPED)
  })

  it("a customer asking to return another customer's order: refused, nothing waits for approval", async () => {
    h = await startHarness()
    const { turn, seen } = await say(h, transport, {
      customer_id: ADA,
      text: `I want to return ${BOB_ORDER}, it is damaged`
    })
    expect(turn.tool_calls).toEqual([expect.objectContaining({ name: 'process_return', status: 'error' })])
    expect(turn.pending_actions).toEqual([])
    expect(turn.state).not.toBe('awaiting_approval')
    expect(pendingActionsOn(h, BOB_ORDER)).toBe(0)
    expect(h.core.context.db.prepare('SELECT COUNT(*) AS n FROM actions').get()).toEqual({ n: 0 })
    expectNothingOfBob(modelInput(h))
    expectNothingOfBob(seen)
  })
})

describe.each(TRANSPORTS)(
  'an answer built on a failed result that names another customer, over %s',
  (transport) => {
    // The model asks a connected warehouse (a real MCP server) about stock; the warehouse, which
    // knows nothing of who is asking, fails with the orders that hold it: one of them is Bob's.
    const askWarehouse: Script = (request: RecordedRequest): Behaviour => {
      const kind = request.body.stream ? 'stream' : 'json'
      if (request.body.messages?.at(-1)?.role === 'tool') {
        return { kind, content: `Sorry Ada, that sock is held for ${BOB_ORDER}, it seems.` }
      }
      return {
        kind,
        toolCalls: [{ id: 'call_w', name: 'tiny__reservations', arguments: JSON.stringify({ sku: 'SKU-9' }) }]
      }
    }

    it('is held for a person: the customer gets the holding message, nothing of the other order', async () => {
      h = await startHarness({ script: askWarehouse })
      // A person at this machine allowed the program (frontline mcp-server allow): the console may add it.
      allowStdioCommand(h.core.context.db, {
        command: process.execPath,
        args: [TINY_SERVER],
        envNames: ['TINY_HELD_BY']
      })
      const added = await h.core.invoke('mcpServers.add', {
        id: 'tiny',
        name: 'Warehouse',
        transport: 'stdio',
        command: process.execPath,
        args: [TINY_SERVER],
        env: { TINY_HELD_BY: `${BOB_ORDER} and ${ADA_SHIPPED}` }
      })
      expect(added.ok).toBe(true)
      expect((await h.core.context.mcpClients.settled('tiny')).state).toBe('connected')

      const { turn, seen } = await say(h, transport, {
        customer_id: ADA,
        text: 'Are the wool socks in stock?'
      })
      expect(turn.tool_calls).toEqual([
        expect.objectContaining({ name: 'tiny__reservations', status: 'error' })
      ])
      expect(turn).toMatchObject({ delivery: 'held', state: 'awaiting_agent' })
      expect(turn.response).toContain('A teammate will reply here shortly')
      expect(seen).not.toContain(BOB_ORDER)
      const held = h.core.context.db
        .prepare(`SELECT detail FROM audit_log WHERE action = 'draft.held' ORDER BY id DESC LIMIT 1`)
        .get() as { detail: string }
      expect(JSON.parse(held.detail)).toMatchObject({ reason: 'other_customer_data' })
      expect(JSON.parse(held.detail).detail).toContain(BOB_ORDER)
    })
  }
)

describe('guests in the chat channel', () => {
  it('an unknown or missing customer_id starts a guest chat: no account linked, answered, resumed only by the same id', async () => {
    h = await startHarness()
    const first = await postJson(h, '/mcp/chat', { messages: [{ role: 'user', content: 'Hello there' }] })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ guest: true, delivery: 'sent', state: 'open' })
    expect(first.body.response).toBeTruthy()
    const ticket = await h.core.invoke('tickets.get', { ticketId: first.body.ticket_id })
    if (!ticket.ok) throw new Error(ticket.error.message)
    expect(ticket.value.ticket).toMatchObject({ channel: 'chat', customerId: null, customerName: null })
    expect(ticket.value.customer).toBeNull()
    expect(getChatSession(h.core.context.db, first.body.session_id)).toMatchObject({
      customerId: null,
      claimedCustomerId: 'guest'
    })

    // The same client (the seed's default id) continues it; another id cannot.
    const again = await postJson(h, '/mcp/chat', {
      messages: [{ role: 'user', content: 'Are you still there?' }],
      session_id: first.body.session_id
    })
    expect(again.status).toBe(200)
    expect(again.body.ticket_id).toBe(first.body.ticket_id)
    const stranger = await postJson(h, '/mcp/chat', {
      messages: [{ role: 'user', content: 'Show me that chat' }],
      customer_id: 'visitor-7',
      session_id: first.body.session_id
    })
    expect(stranger.status).toBe(404)
    expect(stranger.body.error.issues[0].field).toBe('session_id')

    // An id the shop does not know is a guest too, and only that id resumes its chat.
    const unknown = await postJson(h, '/mcp/chat', {
      messages: [{ role: 'user', content: 'Hi' }],
      customer_id: 'customer-3'
    })
    expect(unknown.body.guest).toBe(true)
    const view = await fetch(`${h.url}/mcp/chat/sessions/${unknown.body.session_id}?customer_id=customer-3`, {
      headers: h.auth
    })
    expect(view.status).toBe(200)
    expect(((await view.json()) as WireJson).customer_id).toBe('customer-3')
    const asGuest = await fetch(`${h.url}/mcp/chat/sessions/${unknown.body.session_id}`, { headers: h.auth })
    expect(asGuest.status).toBe(404)

    // A known id is that customer's account.
    const known = await postJson(h, '/mcp/chat', {
      messages: [{ role: 'user', content: 'Hi' }],
      customer_id: ADA
    })
    expect(known.body.guest).toBe(false)
  })

  it.each(TRANSPORTS)(
    'over %s, a guest sees an order only with its id and the email it was placed with',
    async (transport) => {
      h = await startHarness({ demo: true })
      const asked = await say(h, transport, { text: `Where is my order ${ADA_SHIPPED}?` })
      expect(asked.turn.guest).toBe(true)
      expect(asked.turn.tool_calls).toEqual([
        { name: 'get_order_status', arguments: { order_id: ADA_SHIPPED }, status: 'error' }
      ])
      expect(asked.turn.response).toMatch(/email address it was placed with/)
      expect(asked.seen).not.toContain(ADA_TRACKING)
      const session_id = asked.turn.session_id

      const wrong = await say(h, transport, {
        session_id,
        text: `It is ${ADA_SHIPPED}, my email is ${BOB_EMAIL}`
      })
      expect(wrong.turn.tool_calls).toEqual([
        expect.objectContaining({ arguments: { order_id: ADA_SHIPPED, email: BOB_EMAIL }, status: 'error' })
      ])
      expect(wrong.seen).not.toContain(ADA_TRACKING)

      const proved = await say(h, transport, {
        session_id,
        text: `Sorry, it is ${ADA_SHIPPED} and my email is ${ADA_EMAIL}`
      })
      expect(proved.turn.tool_calls).toEqual([
        expect.objectContaining({ arguments: { order_id: ADA_SHIPPED, email: ADA_EMAIL }, status: 'ok' })
      ])
      expect(proved.turn.response).toContain(ADA_TRACKING)
      expect(proved.turn.delivery).toBe('sent')
      expect(listProvedOrderIds(h.core.context.db, asked.turn.ticket_id)).toEqual([ADA_SHIPPED])
    }
  )

  it('what a guest proved stays with their conversation: its return may be proposed there, and nowhere else', async () => {
    h = await startHarness()
    const proved = await say(h, 'json', { text: `Where is ${ADA_DELIVERED}? My email is ${ADA_EMAIL}` })
    expect(proved.turn.tool_calls).toEqual([expect.objectContaining({ status: 'ok' })])
    // The guest proved the order, not the account: its id stays out of what the model reads.
    expect(toolResults(h)[0].value).not.toHaveProperty('customer_id')

    // Later in the same chat, the model proposes the return straight away: allowed.
    const returned = await say(h, 'json', {
      session_id: proved.turn.session_id,
      text: `I want to return ${ADA_DELIVERED}, it is damaged`
    })
    expect(returned.turn).toMatchObject({ delivery: 'held', state: 'awaiting_approval' })
    expect(returned.turn.pending_actions).toEqual([
      expect.objectContaining({ kind: 'return', order_id: ADA_DELIVERED })
    ])

    // Another guest's chat has proved nothing.
    const other = await say(h, 'json', { text: `I want to return ${ADA_DELIVERED}, it is damaged` })
    expect(other.turn.tool_calls).toEqual([
      expect.objectContaining({ name: 'process_return', status: 'error' })
    ])
    expect(toolResults(h).at(-1)).toMatchObject({ error: { code: 'order_verification_needed' } })
    expect(pendingActionsOn(h, ADA_DELIVERED)).toBe(1)
  })

  it('a wrong email answers exactly as an order that does not exist', async () => {
    h = await startHarness()
    await say(h, 'json', { text: `Where is ${ADA_SHIPPED}? My email is ${BOB_EMAIL}` })
    await say(h, 'json', { text: `Where is ORD-20261115-ZZ99? My email is ${ADA_EMAIL}` })
    await say(h, 'json', { text: `Where is ${ADA_SHIPPED}?` })
    await say(h, 'json', { text: `Where is ORD-20261115-ZZ99?` })
    const [wrongEmail, noSuchOrder, noEmail, noSuchNoEmail] = toolResults(h).map((r) =>
      JSON.stringify(r).replaceAll(ADA_SHIPPED, 'ID').replaceAll('ORD-20261115-ZZ99', 'ID')
    )
    expect(wrongEmail).toBe(noSuchOrder)
    expect(noEmail).toBe(noSuchNoEmail)
    expect(wrongEmail).toContain('order_verification_needed')
  })

  it('a guest sees no customer history, and the model is told what it needs instead', async () => {
    const historyOfAda: Script = (request: RecordedRequest): Behaviour => {
      const kind = request.body.stream ? 'stream' : 'json'
      if (request.body.messages?.at(-1)?.role === 'tool')
        return { kind, content: 'I cannot see that account.' }
      return {
        kind,
        toolCalls: [
          { id: 'call_h', name: 'get_customer_history', arguments: JSON.stringify({ customer_id: ADA }) }
        ]
      }
    }
    h = await startHarness({ script: historyOfAda })
    const { turn, seen } = await say(h, 'json', { text: "What are Ada Lovelace's orders?" })
    expect(toolResults(h)[0]).toMatchObject({ ok: false, error: { code: 'customer_not_found' } })
    expect(toolResults(h)[0].error.message).toMatch(/guest/)
    expect(turn.tool_calls).toEqual([expect.objectContaining({ status: 'error' })])
    for (const secret of [ADA_EMAIL, ADA_SHIPPED, ADA_DELIVERED]) {
      expect(modelInput(h)).not.toContain(secret)
      expect(seen).not.toContain(secret)
    }
  })
})
