import { afterEach, describe, expect, it } from 'vitest'
import { CHAT_SOCKET_PROTOCOL } from '../../src/main/channel/websocket'
import { getChatSession, listCustomerVisibleMessages } from '../../src/main/db/repositories/chat-sessions'
import {
  ADA,
  ADA_SHIPPED,
  BOB,
  ChatSocket,
  startHarness,
  supportScript,
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

async function connect(harness: ChannelHarness, options?: Parameters<typeof ChatSocket.open>[1]) {
  const socket = await ChatSocket.open(harness, options)
  sockets.push(socket)
  return socket
}

describe('the chat WebSocket', () => {
  it('starts a conversation, streams the answer, pushes the thread and the turn', async () => {
    h = await startHarness()
    const socket = await connect(h)
    socket.send({ type: 'hello', customer_id: ADA })
    const greeting = await socket.ofType('session')
    expect(greeting).toMatchObject({ session_id: null, state: 'new', messages: [] })

    socket.send({ type: 'message', text: `Where is my order ${ADA_SHIPPED}?`, client_id: 'c1' })
    const session = await socket.ofType('session')
    expect(session.session_id).toMatch(/^CHS-/)
    const turn = await socket.ofType('turn')
    expect(turn).toMatchObject({ client_id: 'c1', delivery: 'sent', session_id: session.session_id })
    expect(turn.response).toContain('shipped')

    const tokens = socket.received.filter((m) => m.type === 'token').map((m) => m.text)
    expect(tokens.join('').trim()).toBe(turn.response)
    const thread = socket.received
      .filter((m) => m.type === 'message')
      .map((m) => [m.message.role, m.message.text])
    expect(thread).toEqual([
      ['customer', `Where is my order ${ADA_SHIPPED}?`],
      ['agent', turn.response]
    ])
  })

  it('resumes after a reconnect: history, state, and only what the client lacks', async () => {
    h = await startHarness()
    const first = await connect(h)
    first.send({ type: 'hello', customer_id: ADA })
    await first.ofType('session')
    first.send({ type: 'message', text: 'Hello!' })
    const { session_id: sessionId } = await first.next((m) => m.type === 'session' && m.session_id)
    const turn = await first.ofType('turn')
    await first.close()

    const again = await connect(h)
    again.send({ type: 'hello', customer_id: ADA, session_id: sessionId })
    const resumed = await again.ofType('session')
    expect(resumed).toMatchObject({
      resumed: true,
      session_id: sessionId,
      state: 'open',
      pending_actions: []
    })
    expect(resumed.messages.map((m: { role: string }) => m.role)).toEqual(['customer', 'agent'])
    expect(resumed.messages[1].text).toBe(turn.response)

    // A client that still has the first message asks only for the rest.
    const third = await connect(h)
    third.send({
      type: 'hello',
      customer_id: ADA,
      session_id: sessionId,
      after_message_id: resumed.messages[0].id
    })
    expect((await third.ofType('session')).messages.map((m: { role: string }) => m.role)).toEqual(['agent'])

    // The conversation goes on where it was, and both open sockets see it.
    again.send({ type: 'message', text: `It is ${ADA_SHIPPED}` })
    await again.ofType('turn')
    const seenByThird = await third.next((m) => m.type === 'message' && m.message.role === 'agent')
    expect(seenByThird.message.text).toContain('shipped')
  })

  it('resumes after a server restart, from the database alone', async () => {
    h = await startHarness()
    const before = await connect(h)
    before.send({ type: 'hello', customer_id: ADA })
    await before.ofType('session')
    before.send({ type: 'message', text: 'Hello!' })
    const { session_id: sessionId } = await before.next((m) => m.type === 'session' && m.session_id)
    await before.ofType('turn')

    h = await h.restart()
    sockets.splice(0) // the old socket went with the old server
    const after = await connect(h)
    after.send({ type: 'hello', customer_id: ADA, session_id: sessionId })
    const resumed = await after.ofType('session')
    expect(resumed.resumed).toBe(true)
    expect(resumed.messages).toHaveLength(2)
    after.send({ type: 'message', text: `Where is ${ADA_SHIPPED}?` })
    const turn = await after.ofType('turn')
    expect(turn.ticket_id).toBe(resumed.ticket_id)
    expect(turn.response).toContain('shipped')
  })

  it('answers the message a crash left unanswered when the customer comes back', async () => {
    h = await startHarness()
    const socket = await connect(h)
    socket.send({ type: 'hello', customer_id: ADA })
    await socket.ofType('session')
    socket.send({ type: 'message', text: 'Hello!' })
    const { session_id: sessionId, ticket_id: ticketId } = await socket.next(
      (m) => m.type === 'session' && m.session_id
    )
    await socket.ofType('turn')
    await socket.close()

    // The process dies after storing the next customer message, before answering it.
    const db = h.core.context.db
    db.prepare(
      `INSERT INTO messages (ticket_id, author, author_name, body, created_at) VALUES (?, 'customer', '', ?, ?)`
    ).run(ticketId, `Where is ${ADA_SHIPPED}?`, '2026-11-20T12:00:01.000Z')
    db.prepare(`UPDATE chat_sessions SET state = 'answering' WHERE id = ?`).run(sessionId)
    await h.runtime.stop()
    h = await h.restart()

    const back = await connect(h)
    back.send({ type: 'hello', customer_id: ADA, session_id: sessionId })
    const resumed = await back.ofType('session')
    // The answer was started when the server came back; it is in the history or arrives as a push.
    const answered = (m: WireJson) => m.role === 'agent' && String(m.text).includes('shipped')
    const answer =
      resumed.messages.find(answered) ??
      (await back.next((m) => m.type === 'message' && answered(m.message))).message
    expect(answer.text).toContain(ADA_SHIPPED)
    expect(getChatSession(h.core.context.db, sessionId)?.state).toBe('open')
    const thread = listCustomerVisibleMessages(h.core.context.db, ticketId)
    expect(thread.filter((m) => m.author === 'agent' && m.body.includes('shipped'))).toHaveLength(1)
  })

  it('leaves a message the shutdown interrupted for the next start to answer', async () => {
    let hung = false
    h = await startHarness({
      script: (request, n) => {
        if (n === 0) {
          hung = true
          return { kind: 'hang' }
        }
        return supportScript(request, n)
      }
    })
    const socket = await connect(h)
    socket.send({ type: 'hello', customer_id: ADA })
    await socket.ofType('session')
    socket.send({ type: 'message', text: `Where is ${ADA_SHIPPED}?` })
    const { session_id: sessionId, ticket_id: ticketId } = await socket.next(
      (m) => m.type === 'session' && m.session_id
    )
    await expect.poll(() => hung).toBe(true)

    h = await h.restart()
    sockets.splice(0)
    await expect
      .poll(() => getChatSession(h!.core.context.db, sessionId)?.state, { timeout: 5_000 })
      .toBe('open')
    const thread = listCustomerVisibleMessages(h.core.context.db, ticketId)
    expect(thread.map((m) => m.author)).toEqual(['customer', 'agent'])
    expect(thread[1]!.body).toContain('shipped')
  })

  it('answers bad frames with an error naming the field, and keeps the socket open', async () => {
    h = await startHarness()
    const socket = await connect(h)
    socket.send('not json')
    expect(await socket.ofType('error')).toMatchObject({
      code: 'invalid_json',
      issues: [{ field: '(root)' }]
    })
    socket.send({ type: 'message', text: 'hi', client_id: 'early' })
    const early = await socket.ofType('error')
    expect(early).toMatchObject({ client_id: 'early', issues: [{ field: 'type' }] })
    socket.send({ type: 'hello', customer_id: ' ' })
    expect((await socket.ofType('error')).issues[0].field).toBe('customer_id')
    socket.send({ type: 'shout', text: 'hi' })
    expect((await socket.ofType('error')).issues[0].field).toBe('type')
    socket.send({ type: 'hello', customer_id: BOB, session_id: 'CHS-unknown' })
    expect((await socket.ofType('error')).issues[0].field).toBe('session_id')
    socket.send({ type: 'hello', customer_id: ADA })
    await socket.ofType('session')
    socket.send({ type: 'message', text: '', client_id: 'empty' })
    expect(await socket.ofType('error')).toMatchObject({ client_id: 'empty', issues: [{ field: 'text' }] })
    socket.send({ type: 'message', text: 'hi', model: 'no-such-model' })
    expect((await socket.ofType('error')).issues[0].field).toBe('model')
    // Still serving.
    socket.send({ type: 'message', text: 'Hello' })
    expect((await socket.ofType('turn')).delivery).toBe('sent')
  })

  it('limits messages per customer on the socket too, and keeps it open', async () => {
    h = await startHarness({ start: { rateLimits: { perCustomerPerMinute: 1 } } })
    const socket = await connect(h)
    socket.send({ type: 'hello', customer_id: ADA })
    await socket.ofType('session')
    for (let i = 0; i < 10; i++) {
      socket.send({ type: 'message', text: `Hello ${i}`, client_id: `m${i}` })
      await socket.next((m) => m.type === 'turn' && m.client_id === `m${i}`)
    }
    socket.send({ type: 'message', text: 'One more', client_id: 'extra' })
    const refused = await socket.ofType('error')
    expect(refused).toMatchObject({
      code: 'rate_limited',
      client_id: 'extra',
      issues: [{ field: 'customer_id' }]
    })
    expect(refused.retry_after_ms).toBeGreaterThan(0)
    expect(socket.socket.readyState).toBe(socket.socket.OPEN)
  })

  it("does not let one customer resume another's session", async () => {
    h = await startHarness()
    const ada = await connect(h)
    ada.send({ type: 'hello', customer_id: ADA })
    await ada.ofType('session')
    ada.send({ type: 'message', text: 'Hello' })
    const { session_id: sessionId } = await ada.next((m) => m.type === 'session' && m.session_id)
    const bob = await connect(h)
    bob.send({ type: 'hello', customer_id: BOB, session_id: sessionId })
    expect((await bob.ofType('error')).code).toBe('not_found')
  })

  it('refuses an upgrade without a valid key (401) or from a foreign origin (403)', async () => {
    h = await startHarness({ start: { corsOrigins: ['https://shop.example.com'] } })
    await expect(ChatSocket.open(h, { headers: {} })).rejects.toMatchObject({ status: 401 })
    await expect(ChatSocket.open(h, { headers: { Authorization: 'Bearer wrong' } })).rejects.toMatchObject({
      status: 401
    })
    await expect(
      ChatSocket.open(h, { headers: { Authorization: `Bearer ${h.key}`, Origin: 'https://evil.example' } })
    ).rejects.toMatchObject({ status: 403 })
    // A browser offers the key as a subprotocol, from an allowed origin.
    const browser = await connect(h, {
      headers: { Origin: 'https://shop.example.com' },
      protocols: [CHAT_SOCKET_PROTOCOL, `bearer.${h.key}`]
    })
    expect(browser.socket.protocol).toBe(CHAT_SOCKET_PROTOCOL)
  })
})
