import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import {
  orderStatusConversation,
  startMockOpenAi,
  type Behaviour,
  type MockOpenAiServer,
  type RecordedRequest,
  type Script
} from '../../src/main/bench/mock-openai-server'
import { channelRuntimeOf } from '../../src/main/core/channel-handlers'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core, type CoreOptions } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import type { ProviderProfile } from '../../src/main/llm'
import type { ChannelRuntime, ChannelStartOptions } from '../../src/main/channel/runtime'
import { CHAT_SOCKET_PATH, CHAT_SOCKET_PROTOCOL } from '../../src/main/channel/websocket'
import { ADA, ADA_DELIVERED, ADA_SHIPPED, addAdaWithOrders } from '../support/ada-shop'
import { writeTriageSettings } from '../../src/main/triage/triage-settings'
import { ShopBuilder } from '../support/shop-builder'

/** JSON off the wire, read loosely: each test's assertions check the shape it cares about. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type WireJson = any

export const NOW = '2026-11-20T12:00:00.000Z'
export { ADA, ADA_DELIVERED, ADA_SHIPPED }
export const BOB = 'CUS-000002'
export const BOB_ORDER = 'ORD-20261112-EF56'
/** The email each customer's orders were placed with (a guest's second factor). */
export const ADA_EMAIL = 'ada@example.com'
export const BOB_EMAIL = 'bob@example.com'
/** What only Bob's order says: if it shows up where Ada or a guest can read it, it leaked. */
export const BOB_TRACKING = 'BOBTRACK-774411'

/** A small shop: Ada with a shipped and a delivered order, Bob with one of his own. */
export function buildShop(dbPath: string): void {
  const shop = new ShopBuilder(openDb(dbPath))
  addAdaWithOrders(shop, { email: ADA_EMAIL })
  const bob = shop.customer({ id: BOB, name: 'Bob Babbage', email: BOB_EMAIL })
  shop.order({
    id: BOB_ORDER,
    customerId: bob,
    status: 'shipped',
    carrier: 'DHL',
    trackingNumber: BOB_TRACKING,
    items: [{ productId: 'PRD-0002', quantity: 1 }]
  })
  // These tests script and count the model's requests for the chat itself: triage reads new chat
  // tickets by the rules here (its model call is tested in triage-service.test.ts).
  writeTriageSettings(shop.db, { mode: 'rules' })
  shop.db.close()
}

const lastUserText = (request: RecordedRequest): string => {
  const user = [...(request.body.messages ?? [])].reverse().find((m) => m.role === 'user')
  return typeof user?.content === 'string' ? user.content : ''
}

/**
 * The mock model as the chat tests need it: a return request becomes a process_return proposal;
 * anything else follows the default order-status conversation.
 */
export const supportScript: Script = (request): Behaviour => {
  const messages = request.body.messages ?? []
  const last = messages.at(-1)
  const kind = request.body.stream ? 'stream' : 'json'
  const asked = lastUserText(request)
  if (/\breturn\b/i.test(asked)) {
    if (last?.role === 'tool') {
      return {
        kind,
        content: 'Hi Ada, I have prepared the return of your shoes; a teammate will confirm it shortly.'
      }
    }
    const orderId = /ORD-\d{8}-[A-Z0-9]{4}/.exec(asked)?.[0] ?? ADA_DELIVERED
    return {
      kind,
      toolCalls: [
        {
          id: 'call_return',
          name: 'process_return',
          arguments: JSON.stringify({ order_id: orderId, reason: 'damaged' })
        }
      ]
    }
  }
  return orderStatusConversation(request)
}

export const mockProfile = (baseURL: string, overrides: Partial<ProviderProfile> = {}): ProviderProfile => ({
  id: 'mock',
  name: 'Mock provider',
  baseURL,
  models: [
    { id: 'mock-model', inputPerMTok: 2, outputPerMTok: 8 },
    { id: 'mock-large', inputPerMTok: 4, outputPerMTok: 16 }
  ],
  source: { url: 'https://example.com/pricing', checkedOn: '2026-11-25' },
  rateLimits: { requestsPerMinute: 100_000, tokensPerMinute: 100_000_000, maxInFlight: 200 },
  timeoutMs: 5_000,
  ...overrides
})

export interface ChannelHarness {
  dir: string
  dbPath: string
  mock: MockOpenAiServer | null
  core: Core
  runtime: ChannelRuntime
  url: string
  key: string
  auth: Record<string, string>
  /** Stops the server and the core (not the mock), e.g. to restart over the same database. */
  stop(): Promise<void>
  /** A new core and server over the same database, as after a process restart. */
  restart(start?: ChannelStartOptions): Promise<ChannelHarness>
  cleanup(): Promise<void>
}

export interface HarnessOptions {
  script?: Script
  /** Use the offline demo model instead of the mock provider. */
  demo?: boolean
  start?: ChannelStartOptions
  core?: Partial<CoreOptions>
  env?: NodeJS.ProcessEnv
  mockLatencyMs?: number
}

export async function startHarness(options: HarnessOptions = {}): Promise<ChannelHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-channel-'))
  const dbPath = join(dir, 'shop.db')
  buildShop(dbPath)
  const mock = options.demo
    ? null
    : await startMockOpenAi({ script: options.script ?? supportScript, latencyMs: options.mockLatencyMs })
  const launch = async (start: ChannelStartOptions, key?: string): Promise<ChannelHarness> => {
    const core = createCore({
      dbPath,
      clock: fixedClock(NOW),
      env: options.env ?? {},
      ...options.core,
      llm: mock
        ? {
            connections: [{ profile: mockProfile(mock.baseURL), apiKey: 'sk-test' }],
            defaultModel: { providerId: 'mock', model: 'mock-model' },
            ...options.core?.llm
          }
        : options.core?.llm
    })
    const runtime = channelRuntimeOf(core.context)
    const channelKey = key ?? runtime.createKey('tests').key
    const status = await runtime.start({ host: '127.0.0.1', port: 0, ...start })
    const harness: ChannelHarness = {
      dir,
      dbPath,
      mock,
      core,
      runtime,
      url: status.url!,
      key: channelKey,
      auth: { Authorization: `Bearer ${channelKey}` },
      stop: () => core.close(),
      restart: async (next = start) => {
        await core.close()
        return launch(next, channelKey)
      },
      cleanup: async () => {
        await core.close()
        await mock?.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }
    return harness
  }
  return launch({ ...options.start })
}

export async function postJson(
  h: Pick<ChannelHarness, 'url' | 'auth'>,
  path: string,
  body: unknown,
  headers: Record<string, string> = {}
): Promise<{ status: number; headers: Headers; body: WireJson }> {
  const response = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...h.auth, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed }
}

/** Reads an SSE response to its end: the parsed `data:` events in order. */
export async function readSse(response: Response): Promise<WireJson[]> {
  const text = await response.text()
  return text
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line.startsWith('data: ')))
    .filter((lines) => lines.length > 0)
    .map((lines) => JSON.parse(lines.map((l) => l.slice(6)).join('\n')))
}

/** A real `ws` client that records every message and can wait for one. */
export class ChatSocket {
  readonly received: WireJson[] = []
  private waiters: { test: (m: WireJson) => boolean; resolve: (m: WireJson) => void }[] = []

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data))
      this.received.push(message)
      for (const waiter of [...this.waiters]) {
        if (waiter.test(message)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1)
          waiter.resolve(message)
        }
      }
    })
  }

  static open(
    h: Pick<ChannelHarness, 'url' | 'key'>,
    options: { headers?: Record<string, string>; protocols?: string[] } = {}
  ): Promise<ChatSocket> {
    const socket = new WebSocket(
      `${h.url.replace('http', 'ws')}${CHAT_SOCKET_PATH}`,
      options.protocols ?? [CHAT_SOCKET_PROTOCOL],
      { headers: options.headers ?? { Authorization: `Bearer ${h.key}` } }
    )
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ChatSocket(socket)))
      socket.once('unexpected-response', (_req, res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () =>
          reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode, body }))
        )
      })
      socket.once('error', reject)
    })
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message))
  }

  /** The first message (already received or still to come) that passes `test`. */
  next(test: (m: WireJson) => boolean, timeoutMs = 5_000): Promise<WireJson> {
    const seen = this.received.find(test)
    if (seen) {
      this.received.splice(this.received.indexOf(seen), 1)
      return Promise.resolve(seen)
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(this.received)}`)),
        timeoutMs
      )
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer)
          this.received.splice(this.received.indexOf(m), 1)
          resolve(m)
        }
      })
    })
  }

  ofType(type: string, timeoutMs?: number): Promise<WireJson> {
    return this.next((m) => m.type === type, timeoutMs)
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve()
      this.socket.once('close', () => resolve())
      this.socket.close()
    })
  }
}

/** The three ways a client talks to the chat API. */
export const TRANSPORTS = ['json', 'sse', 'websocket'] as const
export type Transport = (typeof TRANSPORTS)[number]

export interface Said {
  /** The turn's answer: the JSON body, the SSE `done` event, or the socket's `turn` message. */
  turn: WireJson
  /** Everything the client received, as text: nothing it must not learn may be in it. */
  seen: string
}

/**
 * One customer message over the given transport, as a client would send it: a new conversation,
 * or the session's next turn when `session_id` is given. `customer_id` undefined: left out (a guest).
 */
export async function say(
  h: ChannelHarness,
  transport: Transport,
  message: { text: string; customer_id?: string; session_id?: string }
): Promise<Said> {
  const body = {
    messages: [{ role: 'user', content: message.text }],
    ...(message.customer_id !== undefined ? { customer_id: message.customer_id } : {}),
    ...(message.session_id !== undefined ? { session_id: message.session_id } : {})
  }
  if (transport === 'json') {
    const answer = await postJson(h, '/mcp/chat', body)
    if (answer.status !== 200) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`)
    return { turn: answer.body, seen: JSON.stringify(answer.body) }
  }
  if (transport === 'sse') {
    const response = await fetch(`${h.url}/mcp/chat/stream`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...h.auth },
      body: JSON.stringify(body)
    })
    if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`)
    const events = await readSse(response)
    return { turn: events.at(-1), seen: JSON.stringify(events) }
  }
  const socket = await ChatSocket.open(h)
  try {
    socket.send({
      type: 'hello',
      ...(message.customer_id !== undefined ? { customer_id: message.customer_id } : {}),
      ...(message.session_id !== undefined ? { session_id: message.session_id } : {})
    })
    await socket.ofType('session')
    socket.send({ type: 'message', text: message.text, client_id: 'turn' })
    const turn = await socket.next((m) => (m.type === 'turn' || m.type === 'error') && m.client_id === 'turn')
    if (turn.type === 'error') throw new Error(JSON.stringify(turn))
    // What else the socket pushed while the turn ran (the thread, tokens, state) counts as seen:
    // the answer's message is pushed before its turn is.
    return { turn, seen: JSON.stringify([...socket.received, turn]) }
  } finally {
    await socket.close()
  }
}
