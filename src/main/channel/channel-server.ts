import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { AppFailure } from '../../shared/result'
import { listen } from '../listen'
import { bearerToken, type KeyVerifier } from './access-keys'
import type { ChatService, TurnOptions } from './chat-service'
import type { CorsPolicy } from './cors'
import {
  clientAddress,
  decodePathSegment,
  HttpRefusal,
  parseWith,
  readJsonBody,
  refusalBody,
  requestUrl,
  sendJson,
  STATUS_OF_CODE
} from './http-io'
import type { KeyedRateLimiter } from './rate-limit'
import type { SessionHub } from './session-hub'
import { BEARER_PROTOCOL_PREFIX, CHAT_SOCKET_PATH, CHAT_SOCKET_PROTOCOL, serveChatSocket } from './websocket'
import {
  ChatRequest,
  customerRateKey,
  GUEST_CUSTOMER_ID,
  toChatResponse,
  toWireConversation,
  toWireMessage
} from './wire'

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
  perKey: () => KeyedRateLimiter
  /** GET /mcp/tools: the seed's four, exactly (its clients assert it). */
  tools: () => unknown[]
  /** GET /mcp/tools/all: every tool the agent may use, in the same format. */
  allTools: () => unknown[]
  health: () => { status: string } & Record<string, unknown>
  bodyLimitBytes?: number
  timeouts?: ChannelServerTimeouts
}

/** How long a client may take; tests shorten them. */
export interface ChannelServerTimeouts {
  /** To send the request's headers, however slowly they trickle in. */
  headersMs?: number
  /** To send the whole request. */
  requestMs?: number
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs?: number
}

const DEFAULT_TIMEOUTS: Required<ChannelServerTimeouts> = {
  headersMs: 10_000,
  requestMs: 120_000,
  keepAliveMs: 5_000
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
 * GET /mcp/tools, GET /health), GET /mcp/tools/all (every tool the agent may use, beyond the seed's
 * four), GET /mcp/chat/sessions/:id to read a conversation back, and the
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

  const takeCustomer = (customerId: string, sessionId: string | undefined): void => {
    const key = customerRateKey(customerId, sessionId)
    if (key === null) return
    const taken = deps.perCustomer().take(key)
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
    takeCustomer(request.customer_id, request.session_id)
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
      { claimedCustomerId: request.customer_id, text, history: request.messages.slice(0, -1) },
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
    const sessionId = decodePathSegment(SESSION_PATH.exec(path)?.[1] ?? '', 'session_id')
    const url = requestUrl(req)
    // As in a chat request, no customer_id is a guest.
    const customerId = url.searchParams.get('customer_id')?.trim() || GUEST_CUSTOMER_ID
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
        customer_id: session.claimedCustomerId,
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
    {
      method: 'GET',
      match: (p) => p === '/mcp/tools/all',
      handle: (req, res) => sendJson(res, 200, { tools: deps.allTools() }, corsFor(req))
    },
    { method: 'POST', match: (p) => p === '/mcp/chat', handle: chat },
    { method: 'POST', match: (p) => p === '/mcp/chat/stream', handle: chatStream },
    { method: 'GET', match: (p) => SESSION_PATH.test(p), handle: sessionView }
  ]
  const endpointList =
    'GET /health, GET /mcp/tools, GET /mcp/tools/all, POST /mcp/chat, POST /mcp/chat/stream, GET /mcp/chat/sessions/:id, WebSocket /mcp/chat/ws'

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

  /** The request's key, checked; then that key's allowance (one key may be spread over many addresses). */
  const authenticate = (header: string | undefined): string => {
    const check = deps.keys.verify(bearerToken(header))
    if (check.ok) {
      const taken = deps.perKey().take(check.keyId)
      if (taken.ok) return check.keyId
      const seconds = Math.ceil(taken.retryAfterMs / 1000)
      throw new HttpRefusal(
        429,
        'rate_limited',
        `Too many requests with this channel key; try again in ${seconds} s.`,
        [
          {
            field: 'authorization',
            message: `more than ${deps.perKey().perMinute} requests a minute with this key`
          }
        ],
        { 'Retry-After': String(seconds) }
      )
    }
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = requestUrl(req).pathname
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

  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts }
  // Node looks for expired requests only this often; by default every 30 s, which let a client
  // trickling header bytes hold a socket for up to 40 s past a 10 s headersTimeout.
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => answerFailure(req, res, error))
  }
  const serverOptions = { connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs) }
  const server: Server = listenOn.tls
    ? createTlsServer({ ...serverOptions, cert: listenOn.tls.cert, key: listenOn.tls.key }, serve)
    : createServer(serverOptions, serve)
  const answerFailure = (req: IncomingMessage, res: ServerResponse, error: unknown): void => {
    if (clientWentAway(req, error)) return logClientAbort(req, error)
    const { status, body, headers } = refusalOf(error)
    if (res.headersSent) {
      res.end()
      return
    }
    // After a refused upload, close instead of reading the rest of it.
    if (status === 413) res.setHeader('Connection', 'close')
    sendJson(res, status, body, { ...corsFor(req), ...headers })
  }
  server.headersTimeout = timeouts.headersMs
  server.requestTimeout = timeouts.requestMs
  server.keepAliveTimeout = timeouts.keepAliveMs
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? '400 Bad Request'
    if (!socket.writable) return void socket.destroy()
    // end() only closes our half: a client that keeps its half open (and keeps trickling bytes)
    // would hold the socket for ever. It is destroyed once the answer is out, or soon regardless.
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`, () => socket.destroy())
    setTimeout(() => socket.destroy(), 1_000).unref()
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_SOCKET_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(CHAT_SOCKET_PROTOCOL) ? CHAT_SOCKET_PROTOCOL : false)
  })
  wss.on('error', (error) => console.error('[channel] socket server error:', error.message))
  server.on('upgrade', (req, socket: Duplex, head) => {
    socket.on('error', () => socket.destroy())
    let keyId: string
    try {
      const path = requestUrl(req).pathname
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
      keyId = authenticate(req.headers.authorization ?? (fromProtocol ? `Bearer ${fromProtocol}` : undefined))
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
    wss.handleUpgrade(req, socket, head, (client) => serveChatSocket(client, req, deps, keyId))
  })

  const port = await listen(server, listenOn.port, listenOn.host)
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

/** What Node's HTTP parser reports, as the status a client gets before its socket is closed. */
const CLIENT_ERROR_STATUS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large'
}

const ABORT_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'])

/** A client that closed its connection mid-request: nothing to answer, and nothing wrong here. */
function clientWentAway(req: IncomingMessage, error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code
  return (code !== undefined && ABORT_CODES.has(code)) || (req.destroyed && req.socket.destroyed)
}

/** One line per abort: it happens all day on the internet and is no stack trace's business. */
function logClientAbort(req: IncomingMessage, error: unknown): void {
  const why = (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message ?? 'closed'
  console.error(
    `[channel] ${req.method ?? '?'} ${pathForLog(req)}: the client closed the connection (${why})`
  )
}

/** The path alone, without the query (which carries customer ids) and cut short. */
const pathForLog = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0]!.slice(0, 120)
