import type { IncomingMessage } from 'node:http'
import { WebSocket, type RawData } from 'ws'
import { AppFailure, issuesFromZod, type FieldIssue } from '../../shared/result'
import { JsonTooDeepError, parseBoundedJson } from '../bounded-json'
import type { ChatService, ChatTurn } from './chat-service'
import type { KeyedRateLimiter } from './rate-limit'
import type { HubConnection, SessionHub } from './session-hub'
import {
  customerRateKey,
  SocketClientMessage,
  toChatResponse,
  toWireConversation,
  toWireMessage
} from './wire'

export const CHAT_SOCKET_PATH = '/mcp/chat/ws'
/** Browsers cannot set headers on a WebSocket: they offer the key as a subprotocol `bearer.<key>`. */
export const CHAT_SOCKET_PROTOCOL = 'frontline.chat.v1'
export const BEARER_PROTOCOL_PREFIX = 'bearer.'

export interface SocketDeps {
  service: ChatService
  hub: SessionHub
  perCustomer: () => KeyedRateLimiter
  perIp: () => KeyedRateLimiter
  perKey: () => KeyedRateLimiter
}

const errorMessage = (code: string, message: string, issues?: FieldIssue[], clientId?: string) => ({
  type: 'error',
  code,
  message,
  ...(issues && issues.length > 0 ? { issues } : {}),
  ...(clientId !== undefined ? { client_id: clientId } : {})
})

/**
 * One customer's socket. The first message says hello with the customer id and, to resume, the
 * session id; then each `{ type: "message", text }` is a turn. Everything the session's thread gains
 * arrives as `message` pushes, streamed answer text as `token`, each turn's summary as `turn`, and
 * the conversation's state (pending actions included) as `state`. Bad input is answered with an
 * `error` naming the field; the socket stays open.
 */
export function serveChatSocket(
  socket: WebSocket,
  request: IncomingMessage,
  deps: SocketDeps,
  /** The channel key the socket was opened with: its messages count against that key's allowance. */
  keyId: string
): void {
  const { service, hub } = deps
  const address = request.socket.remoteAddress ?? 'unknown'
  let customerId: string | null = null
  let connection: HubConnection | null = null
  let detach: (() => void) | null = null
  let alive = true

  const send = (message: object): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
  }

  const join = (sessionId: string, ticketId: string, cursor: number): void => {
    connection = { sessionId, ticketId, cursor, send }
    detach = hub.attach(connection)
  }

  const sendSession = (sessionId: string, afterMessageId: number, resumed: boolean): void => {
    const snapshot = service.snapshot(sessionId, afterMessageId)
    send({
      type: 'session',
      resumed,
      customer_id: snapshot.session.claimedCustomerId,
      messages: snapshot.messages.map(toWireMessage),
      ...toWireConversation(snapshot.session, snapshot.pendingActions)
    })
    const last = snapshot.messages.at(-1)?.id ?? afterMessageId
    join(sessionId, snapshot.session.ticketId, last)
  }

  const fail = (error: unknown, clientId?: string): void => {
    if (error instanceof AppFailure)
      return send(errorMessage(error.code, error.message, error.issues, clientId))
    console.error('[channel] chat socket turn failed', error)
    send(
      errorMessage(
        'internal',
        'Frontline could not answer this message; please try again.',
        undefined,
        clientId
      )
    )
  }

  /** Each allowance a message is taken from, in order; the first one spent names its field. */
  const allowances = (): [string, () => ReturnType<KeyedRateLimiter['take']>][] => [
    ['address', () => deps.perIp().take(address)],
    ['authorization', () => deps.perKey().take(keyId)],
    [
      'customer_id',
      () => {
        const key = customerId ? customerRateKey(customerId, connection?.sessionId) : null
        return key ? deps.perCustomer().take(key) : { ok: true }
      }
    ]
  ]

  /** Takes a message from the address's, the key's and the customer's allowance; says so when one is spent. */
  const limited = (clientId?: string): boolean => {
    let spent: { field: string; retryAfterMs: number } | null = null
    for (const [field, take] of allowances()) {
      const taken = take()
      if (!taken.ok) {
        spent = { field, retryAfterMs: taken.retryAfterMs }
        break
      }
    }
    if (!spent) return false
    send({
      ...errorMessage(
        'rate_limited',
        `Too many messages; try again in ${Math.ceil(spent.retryAfterMs / 1000)} s.`,
        [{ field: spent.field, message: 'rate limit reached' }],
        clientId
      ),
      retry_after_ms: spent.retryAfterMs
    })
    return true
  }

  const onMessage = async (data: RawData, isBinary: boolean): Promise<void> => {
    let raw: unknown
    try {
      if (isBinary) throw new Error('binary frames are not accepted')
      raw = parseBoundedJson(Buffer.isBuffer(data) ? data.toString('utf8') : String(data))
    } catch (error) {
      const tooDeep = error instanceof JsonTooDeepError ? error : null
      return send(
        errorMessage('invalid_json', `Send each message as a JSON text frame: ${(error as Error).message}`, [
          tooDeep
            ? { field: tooDeep.field, message: `nested deeper than ${tooDeep.limit} levels` }
            : { field: '(root)', message: 'not valid JSON' }
        ])
      )
    }
    const parsed = SocketClientMessage.safeParse(raw)
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error)
      const clientId = (raw as { client_id?: unknown } | null)?.client_id
      return send(
        errorMessage(
          'invalid_request',
          `Invalid message: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
          issues,
          typeof clientId === 'string' ? clientId : undefined
        )
      )
    }
    const message = parsed.data

    if (message.type === 'hello') {
      if (customerId !== null) {
        return send(
          errorMessage('conflict', 'This socket already said hello; open a new one for another chat.', [
            { field: 'type', message: 'hello was already sent' }
          ])
        )
      }
      try {
        if (message.session_id) {
          const session = service.find(message.session_id, message.customer_id)
          customerId = message.customer_id
          sendSession(session.id, message.after_message_id ?? 0, true)
          // A process stopped while answering: answer the waiting message now.
          if (session.state === 'answering')
            void service.resume(session.id).then(
              (turn) => turn && hub.broadcast(session.id, { type: 'turn', ...toChatResponse(turn) }),
              (error: unknown) => fail(error)
            )
        } else {
          // An id the shop does not know is a guest's: the conversation starts with the first message.
          customerId = message.customer_id
          send({
            type: 'session',
            resumed: false,
            customer_id: customerId,
            session_id: null,
            ticket_id: null,
            state: 'new',
            messages: [],
            pending_actions: []
          })
        }
      } catch (error) {
        fail(error)
      }
      return
    }

    if (customerId === null) {
      return send(
        errorMessage(
          'invalid_request',
          'Say hello first: { "type": "hello", "customer_id": … }.',
          [{ field: 'type', message: 'expected "hello" as the first message' }],
          message.client_id
        )
      )
    }
    if (limited(message.client_id)) return
    try {
      const model = message.model ? service.resolveModel(message.model) : undefined
      let pending: Promise<ChatTurn>
      let sessionId: string
      if (connection) {
        sessionId = (connection as HubConnection).sessionId
        pending = service.say(sessionId, message.text, { model })
      } else {
        const started = service.start(
          { claimedCustomerId: customerId, text: message.text, history: [] },
          { model }
        )
        sessionId = started.session.id
        send({
          type: 'session',
          resumed: false,
          customer_id: customerId,
          messages: [],
          ...toWireConversation(started.session, [])
        })
        // From the start of the thread: the customer's own message arrives as the first push.
        join(sessionId, started.session.ticketId, 0)
        hub.sync(sessionId)
        pending = started.turn
      }
      const turn = await pending
      hub.broadcast(sessionId, { type: 'turn', client_id: message.client_id, ...toChatResponse(turn) })
    } catch (error) {
      fail(error, message.client_id)
    }
  }

  socket.on('message', (data, isBinary) => {
    void onMessage(data, isBinary)
  })
  socket.on('pong', () => {
    alive = true
  })
  socket.on('error', (error) => console.error('[channel] chat socket error:', error.message))
  socket.on('close', () => {
    detach?.()
    detach = null
  })

  // Keep-alive: a client gone without a close frame is dropped after a missed pong.
  const heartbeat = setInterval(() => {
    if (!alive) {
      socket.terminate()
      return
    }
    alive = false
    if (socket.readyState === WebSocket.OPEN) socket.ping()
  }, 30_000)
  heartbeat.unref()
  socket.on('close', () => clearInterval(heartbeat))
}
