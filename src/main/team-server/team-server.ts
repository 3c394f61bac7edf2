import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import { WebSocketServer, WebSocket } from 'ws'
import { channelAccess, type AccessRule } from '../../shared/channel-access'
import { contentSecurityPolicy } from '../../shared/content-security-policy'
import { isChannel } from '../../shared/contract'
import { CLI_CALLER, type PersonCaller } from '../../shared/domain/caller'
import { Notice, type NotificationSettings } from '../../shared/domain/notifications'
import { SessionHolder } from '../../shared/domain/team'
import { fail } from '../../shared/result'
import {
  WEB_BRIDGE_PATH,
  WEB_BRIDGE_PROTOCOL,
  WEB_TOKEN_PROTOCOL_PREFIX,
  type BridgePush,
  type BridgePushBatch
} from '../../shared/web-bridge-protocol'
import { createKeyedRateLimiter } from '../channel/rate-limit'
import { listen } from '../listen'
import { startMcpHttp, type McpHttpHandle } from '../mcp/http'
import { isLoopbackHost } from '../../shared/domain/setting-values'
import { exposureRefusal } from '../policy/network-exposure'
import type { LlmOptions } from '../core/llm-setup'
import type { AccountRules } from '../team/accounts'
import { answerBridgeMessage } from '../web/bridge-messages'
import { startCoreBackend, type CoreBackend } from '../web/core-backend'
import { serveStatic } from '../web/static-files'
import { requestOrigin, type RequestOrigin } from './forwarded'

export interface TeamServerOptions {
  dbPath: string
  /** Default 127.0.0.1; any other address needs `tls` or `behindProxy`. */
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** PEM certificate and key: the server speaks HTTPS itself. */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** The address of the TLS proxy in front; only its X-Forwarded-* headers are believed. */
  behindProxy?: string
  /** The address people open (behind a proxy, the proxy's); invite links point at it. */
  publicUrl?: string
  rendererDir?: string
  /** Runs the core on this thread (tests, where no built worker exists). */
  inProcess?: boolean
  version?: string
  clockIso?: string
  /** How often every connection's session is checked again: revocations made by another process (the CLI). */
  sessionCheckMs?: number
  /** Requests a minute from one client address before anyone has signed in on its connection. */
  signInPerMinute?: number
  /** Starts the customer chat channel too, with its saved settings. */
  chat?: boolean
  /** Serves MCP over HTTP on this loopback port too. */
  mcpPort?: number
  /** Team rules (session length, lockout, hashing cost); plain data, as it crosses to the core's thread. */
  accounts?: Partial<AccountRules>
  /** The core's model providers (the benchmark's mock); plain data, as it crosses to the core's thread. */
  llm?: LlmOptions
  /** The built core worker; beside this bundle by default. */
  workerFile?: string
}

export interface TeamServer {
  url: string
  port: number
  chatUrl: string | null
  mcp: McpHttpHandle | null
  /** Connections open now, signed in or not. */
  connections(): number
  close(): Promise<void>
}

/** Thrown when the server may not listen where it was asked to (see policy/network-exposure). */
export class ExposureError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExposureError'
  }
}

const MAX_MESSAGE_BYTES = 1024 * 1024
const PING_MS = 30_000

interface Connection {
  socket: WebSocket
  origin: RequestOrigin
  token: string | null
  caller: PersonCaller | null
  expiresAt: number
  /** Settles once the session the connection came with has been looked up. */
  ready: Promise<void>
  alive: boolean
}

function offeredProtocols(request: IncomingMessage): string[] {
  return (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
}

const STATUS_TEXT = { 400: 'Bad Request', 403: 'Forbidden', 503: 'Service Unavailable' } as const

function refuseUpgrade(socket: Duplex, status: keyof typeof STATUS_TEXT, reason: string): void {
  const body = `Frontline bridge refused: ${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  )
}

const sendJson = (socket: WebSocket, message: unknown): void => {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
}

/**
 * Gathers the pushes of one turn and sends them once, after it: a single push as itself, several
 * as a batch. A turn's tickets.changed are one, with every ticket, where the last of them was (a
 * console learns of a change no earlier than it happened).
 */
export function createPushOutbox(send: (text: string) => void): { add(push: BridgePush): void } {
  let pending: BridgePush[] = []
  const flush = (): void => {
    const pushes = mergeTicketChanges(pending)
    pending = []
    send(JSON.stringify(pushes.length === 1 ? pushes[0] : ({ pushes } satisfies BridgePushBatch)))
  }
  return {
    add(push) {
      if (pending.length === 0) setImmediate(flush)
      pending.push(push)
    }
  }
}

function mergeTicketChanges(pushes: BridgePush[]): BridgePush[] {
  const changes = pushes.filter((p) => p.event === 'tickets.changed')
  if (changes.length < 2) return pushes
  const ticketIds = [...new Set(changes.flatMap((p) => (p.payload as { ticketIds: string[] }).ticketIds))]
  const last = changes.at(-1)
  return pushes.flatMap((p) => {
    if (p.event !== 'tickets.changed') return [p]
    return p === last ? [{ event: 'tickets.changed', payload: { ticketIds } }] : []
  })
}

const callerFrom = (holder: SessionHolder): PersonCaller => ({
  kind: 'person',
  personId: holder.personId,
  name: holder.name,
  role: holder.role,
  sessionId: holder.sessionId
})

/**
 * The team server: the core headless, for a whole support team. It serves the console (the same
 * renderer, with a sign-in screen) and the contract over the same WebSocket bridge as the web host,
 * where each connection speaks for the person whose session token it opened with, or for nobody
 * until someone signs in (then only the sign-in channels answer). Every permission is the core's;
 * this host only says who is calling, cuts off a connection whose session ends, and sends the core's
 * live changes to signed-in connections only.
 */
export async function startTeamServer(options: TeamServerOptions): Promise<TeamServer> {
  const host = options.host ?? '127.0.0.1'
  const refusal = exposureRefusal({
    host,
    tls: Boolean(options.tls),
    behindProxy: Boolean(options.behindProxy)
  })
  if (refusal) throw new ExposureError(refusal)
  const publicUrl = options.publicUrl ? new URL(options.publicUrl) : null

  const { publicUrl: _given, ...rest } = options
  return serveTeam(
    (url) =>
      startCoreBackend({
        dbPath: options.dbPath,
        host: 'team',
        version: options.version,
        clockIso: options.clockIso,
        inProcess: options.inProcess,
        workerFile: options.workerFile,
        llm: options.llm,
        defaultCaller: null,
        team: { accounts: options.accounts, publicUrl: url }
      }),
    { ...rest, host, publicOrigin: publicUrl }
  )
}

/** The server listens first (its port decides the address), then starts the core, which learns that address. */
async function serveTeam(
  startBackend: (publicUrl: string) => Promise<CoreBackend>,
  options: Omit<TeamServerOptions, 'publicUrl'> & { host: string; publicOrigin: URL | null }
): Promise<TeamServer> {
  const rendererDir = options.rendererDir ?? join(__dirname, '../renderer')
  const trust = { proxy: options.behindProxy ?? null, tls: Boolean(options.tls) }
  const signInLimiter = createKeyedRateLimiter({ perMinute: options.signInPerMinute ?? 30 })
  const connections = new Set<Connection>()
  let port = 0
  let backend: CoreBackend | null = null
  const noticeSwitches = new Map<string, Promise<NotificationSettings | null>>()

  /** The Host names this server answers to. On loopback only its own (DNS rebinding); elsewhere any, as names vary. */
  const hostAllowed = (origin: RequestOrigin): boolean => {
    if (options.publicOrigin && origin.host === options.publicOrigin.host) return true
    if (!isLoopbackHost(options.host)) return true
    return origin.host === `127.0.0.1:${port}` || origin.host === `localhost:${port}`
  }
  const originAllowed = (request: IncomingMessage, origin: RequestOrigin): boolean => {
    const claimed = request.headers.origin
    // Browsers always send Origin; only our own page may open the bridge. Scripts send none.
    if (claimed === undefined) return true
    return claimed === `${origin.proto}://${origin.host}` || claimed === options.publicOrigin?.origin
  }

  const headersFor = (origin: RequestOrigin): Record<string, string> => ({
    'Content-Security-Policy': contentSecurityPolicy([
      `${origin.proto === 'https' ? 'wss' : 'ws'}://${origin.host}`
    ]),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    ...(origin.proto === 'https' ? { 'Strict-Transport-Security': 'max-age=31536000' } : {})
  })

  const handleHttp = (request: IncomingMessage, response: ServerResponse): void => {
    const origin = requestOrigin(request, trust)
    const headers = headersFor(origin)
    if (!hostAllowed(origin)) {
      response.writeHead(421, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
      response.end('Misdirected request\n')
      return
    }
    if (new URL(request.url ?? '/', 'http://host').pathname === '/health') {
      response.writeHead(200, { ...headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      response.end(JSON.stringify({ status: 'ok' }))
      return
    }
    serveStatic(rendererDir, request, response, headers).catch((error: unknown) => {
      console.error('[team-server] could not serve', request.url, error)
      if (!response.headersSent) response.writeHead(500, headers)
      response.end()
    })
  }
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handleHttp)
    : createHttpServer(handleHttp)
  server.on('clientError', (_error, socket) => socket.destroy())

  /**
   * Cuts a connection off from its session: from now on it speaks for nobody (only the sign-in
   * channels answer, no live change reaches it), and its console is told why. The socket stays
   * open, so the console signs in again over it rather than reconnecting with a dead token.
   */
  function endSession(connection: Connection, reason: string): void {
    const sessionId = connection.caller?.sessionId
    connection.caller = null
    connection.token = null
    const push: BridgePush = {
      event: 'session.ended',
      payload: { sessionIds: sessionId ? [sessionId] : [], reason }
    }
    sendJson(connection.socket, push)
  }

  /** Looks the connection's session up again: an expired, revoked or disabled one ends, a changed role holds at once. */
  async function checkSession(connection: Connection): Promise<void> {
    if (!connection.token) return
    if (!backend) return
    const result = await backend.invoke('auth.session', { token: connection.token }, null)
    if (!connection.token) return
    if (!result.ok) {
      if (result.error.code === 'unauthenticated') endSession(connection, result.error.message)
      return
    }
    const holder = SessionHolder.parse(result.value)
    connection.caller = callerFrom(holder)
    connection.expiresAt = Date.parse(holder.expiresAt)
  }

  /** What a connection may reach: the core as its person, or, before sign-in, a rate-limited door to the sign-in channels. */
  const invokerFor = (connection: Connection) => ({
    invoke(channel: unknown, input: unknown) {
      if (connection.caller && connection.expiresAt <= Date.now()) {
        endSession(connection, 'Your session has expired: sign in again.')
      }
      // Only the doors that check a secret are worth guessing at; the rest answer "sign in" cheaply.
      const guessable = isChannel(channel) && (channelAccess[channel] as AccessRule).anonymous === true
      if (!connection.caller && guessable && !signInLimiter.take(connection.origin.clientAddress).ok) {
        return Promise.resolve(
          fail('not_allowed', 'Too many sign-in attempts from this address: wait a minute and try again.')
        )
      }
      if (!backend) return Promise.resolve(fail('unavailable', 'The team server is starting: try again.'))
      if (channel === 'notifications.update' && connection.caller)
        noticeSwitches.delete(connection.caller.personId)
      return backend.invoke(channel, input, connection.caller)
    }
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(WEB_BRIDGE_PROTOCOL) ? WEB_BRIDGE_PROTOCOL : false)
  })
  wss.on('error', (error) => console.error('[team-server] bridge error:', error.message))

  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy())
    const origin = requestOrigin(request, trust)
    if (new URL(request.url ?? '/', 'http://host').pathname !== WEB_BRIDGE_PATH)
      return refuseUpgrade(socket, 400, 'unknown path')
    if (!hostAllowed(origin)) return refuseUpgrade(socket, 403, 'foreign host')
    if (!originAllowed(request, origin)) return refuseUpgrade(socket, 403, 'foreign origin')
    const protocols = offeredProtocols(request)
    if (!protocols.includes(WEB_BRIDGE_PROTOCOL)) return refuseUpgrade(socket, 400, 'missing protocol')
    if (!backend) return refuseUpgrade(socket, 503, 'starting')
    const token = protocols
      .find((p) => p.startsWith(WEB_TOKEN_PROTOCOL_PREFIX))
      ?.slice(WEB_TOKEN_PROTOCOL_PREFIX.length)
    wss.handleUpgrade(request, socket, head, (client) => accept(client, origin, token || null))
  })

  function accept(socket: WebSocket, origin: RequestOrigin, token: string | null): void {
    const connection: Connection = {
      socket,
      origin,
      token,
      caller: null,
      expiresAt: 0,
      ready: Promise.resolve(),
      alive: true
    }
    connections.add(connection)
    // A console with a stale token is told at once (checkSession ends it), so it shows the sign-in screen.
    connection.ready = token ? checkSession(connection) : Promise.resolve()
    socket.on('pong', () => (connection.alive = true))
    socket.on('error', (error) => console.error('[team-server] bridge socket error:', error.message))
    socket.on('close', () => connections.delete(connection))
    socket.on('message', (data, isBinary) => {
      void connection.ready
        .then(() => answerBridgeMessage(invokerFor(connection), data, isBinary))
        .then((reply) => sendJson(socket, reply))
    })
  }

  const sessionCheck = setInterval(() => {
    for (const connection of connections) void checkSession(connection)
  }, options.sessionCheckMs ?? 5_000)
  sessionCheck.unref()
  // A console that vanished without closing (a laptop lid) is noticed and dropped.
  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        connection.socket.terminate()
        continue
      }
      connection.alive = false
      connection.socket.ping()
    }
  }, PING_MS)
  heartbeat.unref()

  const stopTimers = (): void => {
    clearInterval(sessionCheck)
    clearInterval(heartbeat)
  }
  const closeServer = async (): Promise<void> => {
    stopTimers()
    for (const connection of connections) connection.socket.terminate()
    wss.close()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  try {
    port = await listen(server, options.port ?? 0, options.host)
  } catch (error) {
    stopTimers()
    throw error
  }
  server.on('error', (error) => console.error('[team-server] server error:', error.message))

  const scheme = options.tls ? 'https' : 'http'
  const shownHost = ['0.0.0.0', '::', '[::]'].includes(options.host) ? hostname() : options.host
  const url = (
    options.publicOrigin?.href ??
    `${scheme}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/`
  ).replace(/\/+$/, '')
  // Each person's notice switches, read once and forgotten when they change them.
  const switchesOf = (core: CoreBackend, caller: PersonCaller): Promise<NotificationSettings | null> => {
    let known = noticeSwitches.get(caller.personId)
    if (!known) {
      known = core
        .invoke('notifications.get', {}, caller)
        .then((result) => (result.ok ? (result.value as NotificationSettings) : null))
      noticeSwitches.set(caller.personId, known)
    }
    return known
  }
  // What a turn of the core announced goes to every signed-in console as one frame (shop data to
  // them only): at 50 consoles and 500 chats, one send per event and console was the bottleneck.
  const outbox = createPushOutbox((text) => {
    for (const connection of connections) {
      if (connection.caller && connection.socket.readyState === WebSocket.OPEN) connection.socket.send(text)
    }
  })
  let running: CoreBackend
  try {
    running = await startBackend(url)
  } catch (error) {
    await closeServer()
    throw error
  }
  // A notice goes only to the consoles of people who switched its kind on (their own switches).
  const sendNotice = (payload: unknown): void => {
    const notice = Notice.safeParse(payload)
    if (!notice.success) return
    const frame = JSON.stringify({ event: 'notification', payload: notice.data })
    for (const connection of connections) {
      const caller = connection.caller
      if (!caller) continue
      void switchesOf(running, caller).then((on) => {
        if (on?.[notice.data.kind] !== false && connection.socket.readyState === WebSocket.OPEN)
          connection.socket.send(frame)
      })
    }
  }
  const unsubscribe = running.subscribe((event, payload) => {
    if (event === 'notification') return sendNotice(payload)
    if (event === 'session.ended') {
      const ended = new Set((payload as { sessionIds: string[] }).sessionIds)
      const reason = (payload as { reason: string }).reason
      for (const connection of connections) {
        if (connection.caller?.sessionId && ended.has(connection.caller.sessionId))
          endSession(connection, reason)
      }
      return
    }
    if (event === 'people.changed') {
      const changed = new Set((payload as { personIds: string[] }).personIds)
      for (const connection of connections) {
        if (connection.caller && changed.has(connection.caller.personId)) void checkSession(connection)
      }
    }
    outbox.add({ event, payload })
  })

  backend = running

  let chatUrl: string | null = null
  let mcp: McpHttpHandle | null = null
  const closeExtras = async (): Promise<void> => {
    await mcp?.close()
  }
  try {
    if (options.chat) {
      const started = await running.invoke('channel.start', {}, CLI_CALLER)
      if (!started.ok) throw new Error(`The chat channel could not start: ${started.error.message}`)
      chatUrl = (started.value as { url: string | null }).url
    }
    if (options.mcpPort !== undefined) {
      mcp = await startMcpHttp({ dbPath: options.dbPath, port: options.mcpPort, log: () => undefined })
    }
  } catch (error) {
    unsubscribe()
    await closeExtras()
    await closeServer()
    await running.close()
    throw error
  }

  let closing: Promise<void> | null = null
  return {
    url,
    port,
    chatUrl,
    mcp,
    connections: () => connections.size,
    close() {
      closing ??= (async () => {
        unsubscribe()
        await closeServer()
        await closeExtras()
        await running.close()
      })()
      return closing
    }
  }
}
