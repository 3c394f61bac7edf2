import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { ErrorCode, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js'
import { systemClock, type Clock } from '../core/clock'
import { JsonTooDeepError, parseBoundedJson } from '../bounded-json'
import { openDb } from '../db/connection'
import { listen } from '../listen'
import { createToolRegistry } from '../tools/registry'
import { shopTools } from '../tools/shop-tools'
import { createAccessToken } from '../web/access-token'
import { buildServer } from './build-server'
import { MCP_HTTP_PATH, refuseMcpRequest } from './http-guard'
import { watchOrderList } from './order-list-watch'

export interface McpHttpOptions {
  dbPath: string
  /** 0 picks a free port. */
  port: number
  /** Default: FRONTLINE_MCP_TOKEN, else a fresh random token printed once to stderr. */
  token?: string
  clock?: Clock
  version?: string
  /** Open sessions kept; past it the least recently used one is closed. */
  maxSessions?: number
  /** How often to look for order changes made by other processes. */
  orderWatchIntervalMs?: number
  /** Where startup lines go; default stderr. */
  log?: (line: string) => void
}

export interface McpHttpHandle {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

export const MIN_TOKEN_LENGTH = 16
const MAX_BODY_BYTES = 4 * 1024 * 1024
const SESSION_HEADER = 'mcp-session-id'

interface Session {
  server: McpServer
  transport: StreamableHTTPServerTransport
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly rpcCode: number = ErrorCode.InvalidRequest
  ) {
    super(message)
  }
}

/** Refusals speak JSON-RPC too, so a host shows the reason instead of a bare status. */
function refuse(
  res: ServerResponse,
  status: number,
  message: string,
  rpcCode: number = ErrorCode.InvalidRequest
): void {
  if (res.headersSent) return void res.end()
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer realm="frontline-mcp"'
  res
    .writeHead(status, headers)
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code: rpcCode, message }, id: null }))
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) throw new HttpRefusal(413, `Request body over ${MAX_BODY_BYTES} bytes`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new HttpRefusal(413, `Request body over ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  try {
    return parseBoundedJson(Buffer.concat(chunks).toString('utf8'))
  } catch (error) {
    if (error instanceof JsonTooDeepError)
      throw new HttpRefusal(400, `Parse error: the body is ${error.message}`, ErrorCode.ParseError)
    throw new HttpRefusal(400, 'Parse error: the body is not JSON', ErrorCode.ParseError)
  }
}

function resolveToken(options: McpHttpOptions): { token: string; generated: boolean } {
  const given = options.token ?? process.env.FRONTLINE_MCP_TOKEN
  if (given === undefined || given === '') return { token: createAccessToken(), generated: true }
  if (given.length < MIN_TOKEN_LENGTH || /\s/.test(given)) {
    throw new Error(
      `The MCP token must be at least ${MIN_TOKEN_LENGTH} characters with no spaces (FRONTLINE_MCP_TOKEN).`
    )
  }
  return { token: given, generated: false }
}

/**
 * Serves MCP over Streamable HTTP on 127.0.0.1 only, behind a bearer token.
 *
 * Sessions are stateful: a session remembers the host's `initialize` handshake, which is where the
 * host's name comes from (recorded on every action it proposes), and holds the GET stream that
 * carries resource-list notifications. A stateless server would forget both after the first request.
 * All sessions share one WAL connection, which the desktop app can use at the same time.
 */
export async function startMcpHttp(options: McpHttpOptions): Promise<McpHttpHandle> {
  const log = options.log ?? ((line: string) => console.error(line))
  const { token, generated } = resolveToken(options)
  const maxSessions = options.maxSessions ?? 32
  const db = openDb(options.dbPath)
  const tools = createToolRegistry(shopTools)
  const clock = options.clock ?? systemClock
  // Map order is recency order: a session is re-inserted whenever it is used.
  const sessions = new Map<string, Session>()
  let port = options.port

  async function openSession(): Promise<Session> {
    if (sessions.size >= maxSessions) {
      const [oldestId, oldest] = sessions.entries().next().value as [string, Session]
      sessions.delete(oldestId)
      await oldest.server.close()
    }
    const server = buildServer({ db, clock, tools, version: options.version })
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, session)
    })
    const session: Session = { server, transport }
    server.server.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId)
    }
    server.server.onerror = (error) => console.error('[mcp] http session:', error.message)
    await server.connect(transport)
    return session
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = refuseMcpRequest(req.url, req.headers, port, token)
    if (refusal) return refuse(res, refusal.status, refusal.message)
    const sessionId = req.headers[SESSION_HEADER]
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId)
      if (!session) return refuse(res, 404, 'Unknown or closed session: initialize a new one')
      sessions.delete(sessionId)
      sessions.set(sessionId, session)
      // Bodies pass through the same size and depth limits as the first one.
      const body = req.method === 'POST' ? await readJsonBody(req) : undefined
      return session.transport.handleRequest(req, res, body)
    }
    if (req.method !== 'POST')
      return refuse(res, 400, `Send initialize first, then the ${SESSION_HEADER} header`)
    const body = await readJsonBody(req)
    if (!isInitializeRequest(body)) {
      return refuse(
        res,
        400,
        `No session: the first request must be initialize, later ones carry ${SESSION_HEADER}`
      )
    }
    const session = await openSession()
    await session.transport.handleRequest(req, res, body)
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpRefusal) return refuse(res, error.status, error.message, error.rpcCode)
      console.error('[mcp] http request failed', error)
      refuse(res, 500, 'Internal error', ErrorCode.InternalError)
    })
  })
  try {
    port = await listen(http, options.port, '127.0.0.1')
  } catch (error) {
    db.close()
    throw error
  }
  const watch = watchOrderList(
    db,
    () => {
      for (const session of sessions.values()) session.server.sendResourceListChanged()
    },
    options.orderWatchIntervalMs
  )

  const url = `http://127.0.0.1:${port}${MCP_HTTP_PATH}`
  log(`[mcp] Frontline MCP server on ${url} (Streamable HTTP), database ${options.dbPath}`)
  if (generated) log(`[mcp] Authorization: Bearer ${token}   (set FRONTLINE_MCP_TOKEN to choose your own)`)

  let closing: Promise<void> | undefined
  return {
    url,
    port,
    token,
    close: () =>
      (closing ??= (async () => {
        watch.stop()
        const open = [...sessions.values()]
        sessions.clear()
        await Promise.allSettled(open.map((s) => s.server.close()))
        http.closeAllConnections()
        await new Promise<void>((resolve) => http.close(() => resolve()))
        db.close()
      })())
  }
}
