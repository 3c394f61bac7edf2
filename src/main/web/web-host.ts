import { createServer, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { join } from 'node:path'
import { WebSocketServer, WebSocket } from 'ws'
import type { BridgePush } from '../../shared/web-bridge-protocol'
import {
  WEB_BRIDGE_PATH,
  WEB_BRIDGE_PROTOCOL,
  WEB_TOKEN_PROTOCOL_PREFIX
} from '../../shared/web-bridge-protocol'
import { ensureShopOnFirstRun, prepareShopDatabase } from '../first-run'
import { listen } from '../listen'
import { createAccessToken, isUsableAccessToken, tokenMatches } from './access-token'
import { answerBridgeMessage } from './bridge-messages'
import { webContentSecurityPolicy } from '../../shared/content-security-policy'
import { startCoreBackend, type CoreBackend } from './core-backend'
import { serveStatic } from './static-files'

export interface WebHostOptions {
  dbPath: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Runs the core on this thread instead of a worker: for tests, where no built worker exists. */
  inProcess?: boolean
  /** The built renderer; defaults to out/renderer beside the built out/main. */
  rendererDir?: string
  version?: string
  /** Fixes the core's clock (fixtures and tests). */
  clockIso?: string
  /**
   * Creates the demo shop when the database holds none (default false: the console then opens on
   * the first-run choice between the demo shop and an import).
   */
  demoShopWhenEmpty?: boolean
  /**
   * The access token, when it must outlive a restart (FRONTLINE_WEB_TOKEN): an open console then
   * reconnects to the restarted host by itself. By default a new one is made at each start.
   */
  token?: string
}

export interface WebHost {
  /** `http://127.0.0.1:PORT/#token=…` — the token rides in the fragment, never in a request. */
  url: string
  token: string
  port: number
  close(): Promise<void>
}

const MAX_MESSAGE_BYTES = 1024 * 1024

function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': webContentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY'
  }
}

/** A DNS-rebinding page reaches 127.0.0.1 under a foreign Host name; only our own names are served. */
const allowedHosts = (port: number): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`])

function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol']
  return (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
}

/** Why an upgrade is refused, or null to accept it. */
function upgradeRefusal(request: IncomingMessage, port: number, token: string): string | null {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
  if (path !== WEB_BRIDGE_PATH) return 'unknown path'
  if (!allowedHosts(port).has(request.headers.host ?? '')) return 'foreign host'
  // Browsers always send Origin; only our own page may open the bridge. Non-browser clients (tests,
  // scripts) send none and still need the token.
  const origin = request.headers.origin
  if (
    origin !== undefined &&
    origin !== `http://127.0.0.1:${port}` &&
    origin !== `http://localhost:${port}`
  ) {
    return 'foreign origin'
  }
  const protocols = offeredProtocols(request)
  if (!protocols.includes(WEB_BRIDGE_PROTOCOL)) return 'missing protocol'
  const offered = protocols.find((p) => p.startsWith(WEB_TOKEN_PROTOCOL_PREFIX))
  if (!tokenMatches(token, offered?.slice(WEB_TOKEN_PROTOCOL_PREFIX.length))) return 'bad token'
  return null
}

function refuseUpgrade(socket: Duplex, status: 400 | 403, reason: string): void {
  const body = `Frontline bridge refused: ${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Bad Request'}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  )
}

function sendJson(socket: WebSocket, message: unknown): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
}

function attachBridge(wss: WebSocketServer, backend: CoreBackend): () => void {
  wss.on('connection', (socket) => {
    socket.on('error', (error) => console.error('[web-host] bridge socket error:', error.message))
    socket.on('message', (data, isBinary) => {
      void answerBridgeMessage(backend, data, isBinary).then((reply) => sendJson(socket, reply))
    })
  })
  return backend.subscribe((event, payload) => {
    const push: BridgePush = { event, payload }
    for (const client of wss.clients) sendJson(client, push)
  })
}

/**
 * Serves the console to a browser: the built renderer over loopback HTTP with a strict CSP, and the
 * contract over a WebSocket guarded by a per-launch token. The core runs in a worker thread so the
 * event loop that answers the browser never stalls behind drafting.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  if (options.demoShopWhenEmpty === true) ensureShopOnFirstRun(options.dbPath)
  else prepareShopDatabase(options.dbPath)
  const backend = await startCoreBackend({
    dbPath: options.dbPath,
    host: 'web',
    version: options.version,
    clockIso: options.clockIso,
    inProcess: options.inProcess
  })
  try {
    return await serveConsole(backend, options)
  } catch (error) {
    await backend.close()
    throw error
  }
}

/** The HTTP and WebSocket half of the web host, over a core that is already running; it owns `backend`. */
export async function serveConsole(
  backend: CoreBackend,
  options: Pick<WebHostOptions, 'port' | 'rendererDir' | 'token'>
): Promise<WebHost> {
  const rendererDir = options.rendererDir ?? join(__dirname, '../renderer')
  if (options.token !== undefined && !isUsableAccessToken(options.token)) {
    throw new Error(
      'The web access token must be 32 to 128 characters of A-Z, a-z, 0-9, - and _ (FRONTLINE_WEB_TOKEN).'
    )
  }
  const token = options.token ?? createAccessToken()

  let port = 0
  const server = createServer((request, response) => {
    const headers = securityHeaders(port)
    if (!allowedHosts(port).has(request.headers.host ?? '')) {
      response.writeHead(421, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
      response.end('Misdirected request\n')
      return
    }
    serveStatic(rendererDir, request, response, headers).catch((error: unknown) => {
      console.error('[web-host] could not serve', request.url, error)
      if (!response.headersSent) response.writeHead(500, headers)
      response.end()
    })
  })
  server.on('clientError', (_error, socket) => socket.destroy())

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(WEB_BRIDGE_PROTOCOL) ? WEB_BRIDGE_PROTOCOL : false)
  })
  wss.on('error', (error) => console.error('[web-host] bridge error:', error.message))
  const unsubscribe = attachBridge(wss, backend)

  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy())
    const refusal = upgradeRefusal(request, port, token)
    if (refusal) return refuseUpgrade(socket, refusal === 'unknown path' ? 400 : 403, refusal)
    wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request))
  })

  try {
    port = await listen(server, options.port ?? 0, '127.0.0.1')
  } catch (error) {
    unsubscribe()
    throw error
  }
  server.on('error', (error) => console.error('[web-host] server error:', error.message))

  let closing: Promise<void> | null = null
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    close() {
      closing ??= (async () => {
        unsubscribe()
        for (const client of wss.clients) client.terminate()
        wss.close()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await backend.close()
      })()
      return closing
    }
  }
}
