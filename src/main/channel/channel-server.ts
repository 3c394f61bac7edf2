import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { AppFailure } from '../../shared/result'
import { bearerToken, type KeyVerifier } from './access-keys'
import type { ChatService, TurnOptions } from './chat-service'
import type { CorsPolicy } from './cors'
import {
  clientAddress,
  HttpRefusal,
  parseWith,
  readJsonBody,
  refusalBody,
  sendJson,
  STATUS_OF_CODE
} from './http-io'
import type { KeyedRateLimiter } from './rate-limit'
import type { SessionHub } from './session-hub'
import { BEARER_PROTOCOL_PREFIX, CHAT_SOCKET_PATH, CHAT_SOCKET_PROTOCOL, serveChatSocket } from './websocket'
import { ChatRequest, toChatResponse, toWireConversation, toWireMessage } from './wire'

export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024
const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024
const SSE_HEARTBEAT_MS = 15_000

export interface ChannelServerDeps {
  service: ChatService
  hub: SessionHub
  keys: KeyVerifier
  /** Read per request, so Settings changes apply without a restart. */
  cors: () => CorsPolicy
  perCustomer: () => KeyedRateLimiter
  perIp: () => KeyedRateLimiter
  tools: () => unknown[]
  health: () => { status: string } & Record<string, unknown>
  bodyLimitBytes?: number
}

export interface ChannelServer {
  url: string
  host: string
  port: number
  close(): Promise<void>
}

type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> | void

interface Route {
  method: 'GET' | 'POST'
  match: (path: string) => boolean
  /** /health answers load balancers without a key; everything else needs one. */
  open?: boolean
  handle: Handler
}

const SESSION_PATH = /^\/mcp\/chat\/sessions\/([^/]+)$/

/**
 * The customer chat API on node:http: the seed's endpoints (POST /mcp/chat, POST /mcp/chat/stream,
 * GET /mcp/tools, GET /health), GET /mcp/chat/sessions/:id to read a conversation back, and the
 * WebSocket at /mcp/chat/ws. Each request passes, in order: route, CORS origin, the address's rate
 * limit, the bearer key, body size and shape, the customer's rate limit.
 */
export async function startChannelServer(
  deps: ChannelServerDeps,
  /** With `tls` (PEM certificate and key), the API is served over HTTPS. */
  listenOn: { host: string; port: number; tls?: { cert: Buffer; key: Buffer } }
): Promise<ChannelServer> {
  const { service } = deps
  const bodyLimit = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES

  const takeCustomer = (customerId: string): void => {
    const taken = deps.perCustomer().take(customerId)
    if (!taken.ok) {
      const seconds = Math.ceil(taken.retryAfterMs / 1000)
      throw new HttpRefusal(
        429,
        'rate_limited',
        `Too many messages from customer ${customerId}; try again in ${seconds} s.`,
        [{ field: 'customer_id', message: `more than ${deps.perCustomer().perMinute} messages a minute` }],
        { 'Retry-After': String(seconds) }
      )
    }
  }

  /** Reads the request and starts its turn: in the conversation it continues, or in a new one. */
  const beginTurn = async (req: IncomingMessage, onToken?: (text: string) => void) => {
    const request = parseWith(ChatRequest, await readJsonBody(req, bodyLimit), 'chat request')
    takeCustomer(request.customer_id)
    const options: TurnOptions = {
      model: request.model ? service.resolveModel(request.model) : undefined,
      onToken
    }
    const text = request.messages[request.messages.length - 1]!.content
    if (request.session_id) {
      const session = service.find(request.session_id, request.customer_id)
      return { turn: service.say(session.id, text, options) }
    }
    const started = service.start(
      { customerId: request.customer_id, text, history: request.messages.slice(0, -1) },
      options
    )
    // Wrapped, so that awaiting the start does not await the whole turn.
    return { turn: started.turn }
  }

  const chat: Handler = async (req, res) => {
    const { turn } = await beginTurn(req)
    sendJson(res, 200, toChatResponse(await turn), corsFor(req))
  }

  const chatStream: Handler = async (req, res) => {
    let streamed = ''
    const event = (data: unknown): void => {
      if (!res.writableEnded && !res.destroyed) res.write(`data: ${JSON.stringify(data)}\n\n`)
    }
    // Refusals (bad body, unknown customer or session) are plain 4xx; once the turn runs, it streams.
    const { turn } = await beginTurn(req, (token) => {
      streamed += token
      event({ token })
    })
    res.writeHead(200, {
      ...corsFor(req),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no'
    })
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS)
    try {
      // A client that goes away does not stop the turn: the answer still lands in the thread.
      const response = toChatResponse(await turn)
      // Held answers and fallbacks stream nothing: the text the customer gets still arrives as tokens.
      const sent = streamed.trimStart()
      const rest = response.response.startsWith(sent) ? response.response.slice(sent.length) : ''
      if (rest.trim()) event({ token: sent ? rest : response.response })
      event({ done: true, ...response })
    } catch (error) {
      event(errorOf(error))
    } finally {
      clearInterval(heartbeat)
      res.end()
    }
  }

  const sessionView: Handler = (req, res, path) => {
    const sessionId = decodeURIComponent(SESSION_PATH.exec(path)?.[1] ?? '')
    const url = new URL(req.url ?? '/', 'http://channel')
    const customerId = url.searchParams.get('customer_id')?.trim()
    if (!customerId) {
      throw new HttpRefusal(422, 'invalid_request', 'Say whose conversation: ?customer_id=…', [
        { field: 'customer_id', message: 'required query parameter' }
      ])
    }
    const after = Number(url.searchParams.get('after_message_id') ?? 0)
    if (!Number.isInteger(after) || after < 0) {
      throw new HttpRefusal(422, 'invalid_request', 'after_message_id must be a whole number.', [
        { field: 'after_message_id', message: 'expected a whole number ≥ 0' }
      ])
    }
    const session = service.find(sessionId, customerId)
    const snapshot = service.snapshot(session.id, after)
    sendJson(
      res,
      200,
      {
        customer_id: session.customerId,
        messages: snapshot.messages.map(toWireMessage),
        ...toWireConversation(snapshot.session, snapshot.pendingActions)
      },
      corsFor(req)
    )
  }

  const routes: Route[] = [
    {
      method: 'GET',
      match: (p) => p === '/health',
      open: true,
      handle: (req, res) => {
        const report = deps.health()
        sendJson(res, report.status === 'down' ? 503 : 200, report, corsFor(req))
      }
    },
    {
      method: 'GET',
      match: (p) => p === '/mcp/tools',
      handle: (req, res) => sendJson(res, 200, { tools: deps.tools() }, corsFor(req))
    },
    { method: 'POST', match: (p) => p === '/mcp/chat', handle: chat },
    { method: 'POST', match: (p) => p === '/mcp/chat/stream', handle: chatStream },
    { method: 'GET', match: (p) => SESSION_PATH.test(p), handle: sessionView }
  ]
  const endpointList =
    'GET /health, GET /mcp/tools, POST /mcp/chat, POST /mcp/chat/stream, GET /mcp/chat/sessions/:id, WebSocket /mcp/chat/ws'

  const corsFor = (req: IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin
    return origin && deps.cors().allows(origin) ? deps.cors().headers(origin) : {}
  }

  const takeAddress = (req: IncomingMessage): void => {
    const taken = deps.perIp().take(clientAddress(req))
    if (!taken.ok) {
      const seconds = Math.ceil(taken.retryAfterMs / 1000)
      throw new HttpRefusal(
        429,
        'rate_limited',
        `Too many requests from ${clientAddress(req)}; try again in ${seconds} s.`,
        [{ field: 'address', message: `more than ${deps.perIp().perMinute} requests a minute` }],
        { 'Retry-After': String(seconds) }
      )
    }
  }

  const authenticate = (header: string | undefined): void => {
    if (!deps.keys.verify(bearerToken(header)).ok) {
      const none = deps.keys.activeCount() === 0
      throw new HttpRefusal(
        401,
        'unauthorized',
        none
          ? 'No channel key is configured: create one (frontline channel-key create NAME, or Settings) or set FRONTLINE_CHANNEL_KEY.'
          : 'Send a valid channel key: Authorization: Bearer <key>.',
        [{ field: 'authorization', message: header ? 'unknown or revoked key' : 'missing bearer key' }],
        { 'WWW-Authenticate': 'Bearer realm="frontline-chat"' }
      )
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://channel').pathname
    const candidates = routes.filter((r) => r.match(path))
    const origin = req.headers.origin
    if (origin !== undefined && deps.cors().allows(origin) === false) {
      throw new HttpRefusal(403, 'origin_not_allowed', `Origin ${origin} may not call this API.`, [
        { field: 'origin', message: 'not in the allowed CORS origins (Settings › Chat channel)' }
      ])
    }
    if (candidates.length === 0) {
      throw new HttpRefusal(404, 'not_found', `No endpoint ${path}. Endpoints: ${endpointList}.`)
    }
    if (req.method === 'OPTIONS' && origin !== undefined) {
      res.writeHead(204, deps.cors().preflightHeaders(origin))
      res.end()
      return
    }
    const route = candidates.find((r) => r.method === req.method)
    if (!route) {
      const allow = [...new Set(candidates.map((r) => r.method)), 'OPTIONS'].join(', ')
      throw new HttpRefusal(
        405,
        'method_not_allowed',
        `${req.method} is not allowed on ${path}; use ${allow}.`,
        undefined,
        {
          Allow: allow
        }
      )
    }
    takeAddress(req)
    if (!route.open) authenticate(req.headers.authorization)
    await route.handle(req, res, path)
  }

  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      const { status, body, headers } = refusalOf(error)
      if (res.headersSent) {
        res.end()
        return
      }
      // After a refused upload, close instead of reading the rest of it.
      if (status === 413) res.setHeader('Connection', 'close')
      sendJson(res, status, body, { ...corsFor(req), ...headers })
    })
  }
  const server: Server = listenOn.tls
    ? createTlsServer({ cert: listenOn.tls.cert, key: listenOn.tls.key }, serve)
    : createServer(serve)
  server.headersTimeout = 10_000
  server.requestTimeout = 120_000
  server.keepAliveTimeout = 5_000
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_SOCKET_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(CHAT_SOCKET_PROTOCOL) ? CHAT_SOCKET_PROTOCOL : false)
  })
  wss.on('error', (error) => console.error('[channel] socket server error:', error.message))
  server.on('upgrade', (req, socket: Duplex, head) => {
    socket.on('error', () => socket.destroy())
    try {
      const path = new URL(req.url ?? '/', 'http://channel').pathname
      if (path !== CHAT_SOCKET_PATH)
        throw new HttpRefusal(404, 'not_found', `The chat socket is at ${CHAT_SOCKET_PATH}.`)
      const origin = req.headers.origin
      if (origin !== undefined && deps.cors().allows(origin) === false) {
        throw new HttpRefusal(403, 'origin_not_allowed', `Origin ${origin} may not open a chat socket.`, [
          { field: 'origin', message: 'not in the allowed CORS origins' }
        ])
      }
      takeAddress(req)
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
      const fromProtocol = offered
        .find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX))
        ?.slice(BEARER_PROTOCOL_PREFIX.length)
      authenticate(req.headers.authorization ?? (fromProtocol ? `Bearer ${fromProtocol}` : undefined))
    } catch (error) {
      const { status, body, headers } = refusalOf(error)
      const text = JSON.stringify(body)
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 429 ? 'Too Many Requests' : 'Refused'}\r\n` +
          Object.entries(headers)
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join('') +
          `Connection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (client) => serveChatSocket(client, req, deps))
  })

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${listenOn.port} on ${listenOn.host} is already in use: choose another, or 0 for any free port.`
            )
          : error
      )
    )
    server.listen(listenOn.port, listenOn.host, () => {
      server.removeAllListeners('error')
      resolve((server.address() as AddressInfo).port)
    })
  })
  server.on('error', (error) => console.error('[channel] server error:', error.message))
  const hostInUrl = listenOn.host.includes(':') ? `[${listenOn.host}]` : listenOn.host

  let closing: Promise<void> | null = null
  return {
    url: `${listenOn.tls ? 'https' : 'http'}://${hostInUrl}:${port}`,
    host: listenOn.host,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of wss.clients) client.close(1001, 'Frontline is stopping the chat channel')
        wss.close()
        server.close(() => resolve())
        server.closeIdleConnections()
        // Streams and sockets still open get a moment to finish, then go.
        setTimeout(() => server.closeAllConnections(), 2_000).unref()
      })
      return closing
    }
  }
}

function refusalOf(error: unknown): { status: number; body: unknown; headers: Record<string, string> } {
  if (error instanceof HttpRefusal) {
    return {
      status: error.status,
      body: refusalBody(error.code, error.message, error.issues),
      headers: error.headers
    }
  }
  if (error instanceof AppFailure) {
    return {
      status: STATUS_OF_CODE[error.code],
      body: refusalBody(error.code, error.message, error.issues),
      headers: {}
    }
  }
  console.error('[channel] request failed', error)
  return {
    status: 500,
    body: refusalBody('internal', 'Frontline could not answer this request; please try again.'),
    headers: {}
  }
}

function errorOf(error: unknown): { error: { code: string; message: string; issues?: unknown } } {
  return refusalOf(error).body as { error: { code: string; message: string } }
}
