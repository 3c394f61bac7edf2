import { connect, type Socket } from 'node:net'
import { once } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { jsonDepthExceededAt, MAX_JSON_DEPTH } from '../../src/main/bounded-json'
import { ChannelRateLimits } from '../../src/shared/domain/channel'
import { answerBridgeMessage } from '../../src/main/web/bridge-messages'
import {
  ADA,
  ChatSocket,
  postJson,
  startHarness,
  type ChannelHarness,
  type WireJson
} from './channel-support'
import { cli } from '../support/cli-runner'
import { STACK_FRAME } from '../support/spawn-cli'

let h: ChannelHarness | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await h?.cleanup()
  h = undefined
})

const hello = { messages: [{ role: 'user', content: 'Hello' }], customer_id: ADA }
const deep = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels)

/** Requests in a row until the first 429; how many went through. */
async function untilRefused(
  send: () => Promise<Response>,
  atMost: number
): Promise<{ allowed: number; refusal: Response }> {
  for (let allowed = 0; allowed < atMost; allowed++) {
    const response = await send()
    if (response.status === 429) return { allowed, refusal: response }
    await response.arrayBuffer()
  }
  throw new Error(`no 429 within ${atMost} requests`)
}

/** A raw connection to the harness, for what fetch will not send. */
async function rawSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  // allowHalfOpen: like a client that never closes its side, whatever the server does with its own.
  const socket = connect({ host: hostname, port: Number(port), allowHalfOpen: true })
  await once(socket, 'connect')
  return socket
}

describe('rate limits per channel key', () => {
  it('limits each key across addresses, refilling as the injected clock moves', async () => {
    let now = 0
    h = await startHarness({
      start: { rateLimits: { perKeyPerMinute: 60, perIpPerMinute: 1_000_000 }, rateClock: () => now }
    })
    const other = h.runtime.createKey('second site').key
    const tools = (key: string) =>
      fetch(`${h!.url}/mcp/tools`, { headers: { Authorization: `Bearer ${key}` } })

    // 60 a minute, ten seconds' worth at once (at least 10).
    const { allowed, refusal } = await untilRefused(() => tools(h!.key), 100)
    expect(allowed).toBe(10)
    expect(refusal.headers.get('retry-after')).toBe('1')
    const body = (await refusal.json()) as WireJson
    expect(body.error).toMatchObject({
      code: 'rate_limited',
      issues: [{ field: 'authorization', message: 'more than 60 requests a minute with this key' }]
    })
    // Another key is not held up, nor is /health, which needs none.
    expect((await tools(other)).status).toBe(200)
    expect((await fetch(`${h.url}/health`)).status).toBe(200)
    // The chat socket's upgrade and its messages count against the key too.
    await expect(ChatSocket.open(h)).rejects.toMatchObject({ status: 429 })

    now += 1_000
    expect((await tools(h.key)).status).toBe(200)
    expect((await tools(h.key)).status).toBe(429)
  })

  it('enforces the per-address default that frontline serve --help states', async () => {
    const help = (await cli('serve', '--help')).stdout
    const stated = (option: string): number =>
      Number(new RegExp(`${option} N .*\\(default: Settings, else (\\d+)\\)`).exec(help)?.[1])
    const defaults = ChannelRateLimits.parse({})
    expect(stated('--rate-ip')).toBe(defaults.perIpPerMinute)
    expect(stated('--rate-key')).toBe(defaults.perKeyPerMinute)
    expect(stated('--rate-customer')).toBe(defaults.perCustomerPerMinute)

    let now = 0
    h = await startHarness({ start: { rateClock: () => now } })
    const health = () => fetch(`${h!.url}/health`)
    const perMinute = stated('--rate-ip')
    // A full bucket holds ten seconds' worth; then one second brings a sixtieth of a minute's.
    const burst = await untilRefused(health, perMinute)
    expect(burst.allowed).toBe(perMinute / 6)
    expect(((await burst.refusal.json()) as WireJson).error.issues[0].message).toBe(
      `more than ${perMinute} requests a minute`
    )
    now += 1_000
    expect((await untilRefused(health, perMinute)).allowed).toBe(perMinute / 60)
  })
})

describe('slow and broken clients', () => {
  it('closes a connection that trickles its headers past the headers timeout', async () => {
    h = await startHarness({ start: { timeouts: { headersMs: 300, requestMs: 2_000 } } })
    const socket = await rawSocket(h.url)
    let received = ''
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()))
    // Writing into a socket the server has destroyed fails (EPIPE, ECONNRESET): that is the point.
    socket.on('error', () => {})
    const closed = new Promise((resolve) => socket.once('close', resolve))
    socket.write('GET /health HTTP/1.1\r\nHost: shop\r\n')
    const trickle = setInterval(() => socket.writable && socket.write('X'), 50)
    try {
      await closed
    } finally {
      clearInterval(trickle)
    }
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
  })

  it('answers a malformed percent-encoding in the path with 400 naming the field, and logs nothing', async () => {
    h = await startHarness()
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const response = await fetch(`${h.url}/mcp/chat/sessions/%E0%A4%A?customer_id=${ADA}`, {
      headers: h.auth
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as WireJson
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.issues[0].field).toBe('session_id')
    expect(logged).not.toHaveBeenCalled()
  })

  it('logs a client that goes away mid-request in one line, without a stack', async () => {
    h = await startHarness()
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const socket = await rawSocket(h.url)
    socket.write(
      `POST /mcp/chat?customer_id=${ADA} HTTP/1.1\r\nHost: shop\r\nAuthorization: Bearer ${h.key}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"messages": ['
    )
    // The server is reading the body when the client goes.
    await new Promise((resolve) => setTimeout(resolve, 50))
    socket.destroy()
    await expect.poll(() => logged.mock.calls.length).toBeGreaterThan(0)
    // Give a second line (a stack, a 500) the chance to appear.
    expect((await postJson(h, '/mcp/chat', hello)).status).toBe(200)
    expect(logged).toHaveBeenCalledTimes(1)
    const line = logged.mock.calls[0]!.map(String).join(' ')
    expect(line).toMatch(/^\[channel\] POST \/mcp\/chat: the client closed the connection \(\w+\)$/)
    expect(line).not.toContain(ADA)
    expect(line).not.toMatch(STACK_FRAME)
  })
})

describe('JSON nested past the limit', () => {
  it('finds where the limit is passed, outside strings only', () => {
    expect(jsonDepthExceededAt('{"a":[1,{"b":[[]]}]}', 3)).toBe('a.1.b')
    expect(jsonDepthExceededAt('[[[]]]', 2)).toBe('0.0')
    expect(jsonDepthExceededAt('[[]]', 0)).toBe('(root)')
    expect(jsonDepthExceededAt('{"x":"[[[[\\"{{{{"}', 1)).toBeNull()
    expect(jsonDepthExceededAt('{"we\\"ird":[[]]}', 2)).toBe('we"ird.0')
    expect(jsonDepthExceededAt(deep(MAX_JSON_DEPTH))).toBeNull()
    expect(jsonDepthExceededAt(deep(MAX_JSON_DEPTH + 1))).not.toBeNull()
  })

  it('refuses a chat body nested 50 000 deep with 400 naming the field and the limit', async () => {
    h = await startHarness()
    const answer = await postJson(h, '/mcp/chat', `{"customer_id":"${ADA}","model":${deep(50_000)}}`)
    expect(answer.status).toBe(400)
    expect(answer.body.error.code).toBe('invalid_json')
    expect(answer.body.error.message).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`)
    expect(answer.body.error.issues[0].field).toMatch(/^model(\.0)+$/)
    expect(answer.body.error.issues[0].message).toBe(`nested deeper than ${MAX_JSON_DEPTH} levels`)
    // And on the chat socket, which stays open (a frame there is at most 64 KiB).
    const socket = await ChatSocket.open(h)
    socket.send(`{"type":"hello","customer_id":${deep(20_000)}}`)
    const refused = await socket.ofType('error')
    expect(refused.issues[0]).toEqual({
      field: expect.stringMatching(/^customer_id(\.0)+$/),
      message: `nested deeper than ${MAX_JSON_DEPTH} levels`
    })
    socket.send({ type: 'hello', customer_id: ADA })
    expect((await socket.ofType('session')).customer_id).toBe(ADA)
    await socket.close()
  })

  it("refuses a web-bridge message nested too deep before it reaches the core's worker", async () => {
    const backend = {
      invoke: () => Promise.reject(new Error('must not be called')),
      subscribe: () => () => {},
      close: async () => {}
    }
    const message = `{"id":1,"channel":"tools.run","input":{"name":"x","arguments":{"a":${deep(50_000)}}}}`
    const reply = await answerBridgeMessage(backend, Buffer.from(message), false)
    if (!('result' in reply)) throw new Error('expected a reply, not a pong')
    expect(reply.result.ok).toBe(false)
    if (!reply.result.ok) {
      expect(reply.result.error.code).toBe('invalid_input')
      expect(reply.result.error.issues?.[0]?.field).toMatch(/^input\.arguments\.a(\.0)+$/)
      expect(reply.result.error.message).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`)
    }
  })
})
