import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for tests, `npm run bench` and `frontline bench`. Each request to
 * /chat/completions is answered by a scripted behaviour: a JSON completion, an SSE stream (tool
 * calls split across chunks, optionally without `index`, with or without a usage chunk), an HTTP
 * error such as 429 with Retry-After, or a hang. Every request is recorded, headers included.
 */

export interface MockUsage {
  prompt_tokens: number
  completion_tokens: number
  /** Reported as `prompt_tokens_details.cached_tokens` (part of prompt_tokens). */
  cached_tokens?: number
}

export interface MockToolCall {
  id?: string
  name: string
  /** A JSON string, sent as the model would: possibly split mid-string across chunks. */
  arguments: string
}

interface Answer {
  content?: string
  toolCalls?: MockToolCall[]
  /** `null` sends no usage at all; absent computes one from the characters (chars / 4). */
  usage?: MockUsage | null
  /** Delay before the response starts, on top of the server-wide latency. */
  latencyMs?: number
}

export type Behaviour =
  | ({ kind: 'json' } & Answer)
  | ({
      kind: 'stream'
      /** A string is cut into small pieces; an array is sent chunk by chunk as given. */
      contentChunks?: string[]
      /** How many chunks each tool call's arguments are split into (default 3). */
      argumentChunks?: number
      /** Leave `index` out of every tool-call fragment, as some providers do. */
      omitIndex?: boolean
      /** Give every tool-call fragment index 0, as other providers do. */
      zeroIndex?: boolean
      /** Pause between chunks. */
      chunkDelayMs?: number
      /** Send this many chunks, then stop answering with the connection open. */
      stallAfterChunks?: number
      /** End the stream without a finish_reason (a truncated answer). */
      omitFinishReason?: boolean
    } & Answer)
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown; latencyMs?: number }
  | { kind: 'hang' }

export interface RecordedRequest {
  method: string
  path: string
  /** Lower-case names, as node gives them. */
  headers: Record<string, string>
  body: ChatBody
  /** The body's length in characters, as sent. */
  bodyChars: number
  receivedAt: number
}

export interface ChatBody {
  model?: string
  stream?: boolean
  stream_options?: { include_usage?: boolean }
  messages?: { role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }[]
  tools?: { type: string; function: { name: string } }[]
  max_tokens?: number
  [key: string]: unknown
}

export type Script = (request: RecordedRequest, n: number) => Behaviour | Promise<Behaviour>

export interface MockOpenAiOptions {
  /** Delay before every response starts. */
  latencyMs?: number
  /** Decides the answer to the n-th request (0-based). Defaults to `orderStatusConversation`. */
  script?: Script
  /**
   * Keep every request in `requests` (tests inspect them). The benchmark turns it off to stay small
   * and cheap; requests are then given to the script without their headers.
   */
  record?: boolean
}

export interface MockOpenAiServer {
  /** Pass to the SDK as `baseURL`; ends with `/v1`. */
  baseURL: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

const ORDER_ID = /ORD-\d{8}-[A-Z0-9]{4}/i
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/

const textOf = (content: unknown): string => {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && 'text' in part ? String(part.text) : ''))
      .join('')
  }
  return ''
}

/**
 * The default script, a two-round support conversation: asked about an order, the model calls
 * `get_order_status` with the order id from the last customer message; given the tool's result,
 * it answers in words. Streams or not, as the request asks.
 */
export function orderStatusConversation(request: RecordedRequest): Behaviour {
  const kind = request.body.stream ? 'stream' : 'json'
  const messages = request.body.messages ?? []
  const lastMessage = messages.at(-1)
  if (lastMessage?.role === 'tool') {
    const result = textOf(lastMessage.content)
    let status: string | undefined
    try {
      const parsed = JSON.parse(result) as { status?: unknown; value?: { status?: unknown } }
      const found = parsed.status ?? parsed.value?.status
      status = typeof found === 'string' ? found : undefined
    } catch {
      status = undefined
    }
    const orderId = ORDER_ID.exec(result)?.[0]?.toUpperCase() ?? 'your order'
    return {
      kind,
      content: status
        ? `Thanks for waiting! I checked ${orderId}: its status is "${status}". Let me know if I can help with anything else.`
        : `Thanks for waiting! I looked up ${orderId}; the details are in our system and a colleague will confirm shortly.`
    }
  }
  const lastUser = [...messages].reverse().find((m) => m.role === 'user')
  const asked = textOf(lastUser?.content)
  const orderId = ORDER_ID.exec(asked)?.[0]?.toUpperCase()
  if (!orderId) {
    return { kind, content: 'Could you share your order number? It looks like ORD-20260101-AB12.' }
  }
  // A guest names their order with the email it was placed with.
  const email = EMAIL.exec(asked)?.[0]
  return {
    kind,
    toolCalls: [
      {
        id: `call_${orderId.slice(-4).toLowerCase()}`,
        name: 'get_order_status',
        arguments: JSON.stringify({ order_id: orderId, ...(email ? { email } : {}) })
      }
    ]
  }
}

const estimate = (chars: number) => Math.ceil(chars / 4)

// The prompt is the whole body, tools included, as providers count it.
const defaultUsage = (request: RecordedRequest, answer: Answer): MockUsage => ({
  prompt_tokens: estimate(request.bodyChars),
  completion_tokens: estimate(
    (answer.content ?? '').length +
      (answer.toolCalls ?? []).reduce((n, c) => n + c.name.length + c.arguments.length, 0)
  )
})

const usageJson = (usage: MockUsage) => ({
  prompt_tokens: usage.prompt_tokens,
  completion_tokens: usage.completion_tokens,
  total_tokens: usage.prompt_tokens + usage.completion_tokens,
  prompt_tokens_details: { cached_tokens: usage.cached_tokens ?? 0 }
})

const callId = (call: MockToolCall, i: number) => call.id ?? `call_mock_${i}`

/** Cuts a string into `parts` pieces of near-equal length (so JSON is split mid-string). */
export function splitInto(text: string, parts: number): string[] {
  const n = Math.max(1, Math.min(parts, text.length || 1))
  const size = Math.ceil(text.length / n)
  const pieces: string[] = []
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size))
  return pieces.length > 0 ? pieces : ['']
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function completionJson(request: RecordedRequest, behaviour: Answer, id: string) {
  const usage = behaviour.usage === undefined ? defaultUsage(request, behaviour) : behaviour.usage
  const toolCalls = behaviour.toolCalls ?? []
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.body.model ?? 'mock',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: behaviour.content ?? null,
          ...(toolCalls.length > 0
            ? {
                tool_calls: toolCalls.map((c, i) => ({
                  id: callId(c, i),
                  type: 'function',
                  function: { name: c.name, arguments: c.arguments }
                }))
              }
            : {})
        },
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop'
      }
    ],
    ...(usage ? { usage: usageJson(usage) } : {})
  }
}

/**
 * The stream's events as JSON texts. Written as text around one shared head, the same bytes that
 * stringifying a chunk object apiece would give, for a fraction of the mock's CPU: at a thousand
 * answers a second, the mock's share of the machine is taken from the engine it stands beside.
 */
function streamEvents(
  request: RecordedRequest,
  b: Extract<Behaviour, { kind: 'stream' }>,
  id: string
): string[] {
  const head =
    `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk",` +
    `"created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(request.body.model ?? 'mock')}`
  const chunk = (delta: unknown, finish: string | null = null) =>
    `${head},"choices":[{"index":0,"delta":${JSON.stringify(delta)},"finish_reason":${JSON.stringify(finish)}}]}`
  const events = [chunk({ role: 'assistant', content: '' })]
  const pieces = b.contentChunks ?? (b.content ? (b.content.match(/\S+\s*|\s+/g) ?? [b.content]) : [])
  for (const piece of pieces) events.push(chunk({ content: piece }))
  const toolCalls = b.toolCalls ?? []
  toolCalls.forEach((call, i) => {
    const index = b.omitIndex ? {} : { index: b.zeroIndex ? 0 : i }
    events.push(
      chunk({
        tool_calls: [
          { ...index, id: callId(call, i), type: 'function', function: { name: call.name, arguments: '' } }
        ]
      })
    )
    for (const part of splitInto(call.arguments, b.argumentChunks ?? 3)) {
      events.push(chunk({ tool_calls: [{ ...index, function: { arguments: part } }] }))
    }
  })
  if (!b.omitFinishReason) events.push(chunk({}, toolCalls.length > 0 ? 'tool_calls' : 'stop'))
  const usage = b.usage === undefined ? defaultUsage(request, b) : b.usage
  if (usage && request.body.stream_options?.include_usage)
    events.push(`${head},"choices":[],"usage":${JSON.stringify(usageJson(usage))}}`)
  return events
}

const headersOf = (req: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    req.on('data', (part: Buffer) => parts.push(part))
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')))
    req.on('error', reject)
  })

export async function startMockOpenAi(options: MockOpenAiOptions = {}): Promise<MockOpenAiServer> {
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()
  const script: Script = options.script ?? orderStatusConversation
  let closed = false
  let served = 0

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req)
    let body: ChatBody = {}
    try {
      body = raw ? (JSON.parse(raw) as ChatBody) : {}
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { message: 'body is not JSON', type: 'invalid_request_error' } }))
      return
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: options.record === false ? {} : headersOf(req),
      body,
      bodyChars: raw.length,
      receivedAt: Date.now()
    }
    const n = served++
    if (options.record !== false) requests.push(recorded)

    if (!recorded.path.endsWith('/chat/completions') || recorded.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          error: { message: `no route ${recorded.method} ${recorded.path}`, type: 'not_found' }
        })
      )
      return
    }

    const behaviour = await script(recorded, n)
    if (behaviour.kind === 'hang') return
    await sleep((options.latencyMs ?? 0) + (behaviour.latencyMs ?? 0))
    if (closed || res.destroyed) return
    const id = `chatcmpl-mock-${n}`

    if (behaviour.kind === 'status') {
      const payload = behaviour.body ?? {
        error: { message: `mock error ${behaviour.status}`, type: 'server_error', code: null }
      }
      res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers })
      res.end(JSON.stringify(payload))
      return
    }
    if (behaviour.kind === 'json') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(completionJson(recorded, behaviour, id)))
      return
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive'
    })
    const events = streamEvents(recorded, behaviour, id)
    if (!behaviour.chunkDelayMs && behaviour.stallAfterChunks === undefined) {
      // One write for the whole stream: the client still parses every event, and the mock spends
      // its CPU on answering rather than on a syscall per chunk.
      res.end(`data: ${events.join('\n\ndata: ')}\n\ndata: [DONE]\n\n`)
      return
    }
    for (const [i, event] of events.entries()) {
      if (behaviour.stallAfterChunks !== undefined && i >= behaviour.stallAfterChunks) return
      if (closed || res.destroyed) return
      res.write(`data: ${event}\n\n`)
      if (behaviour.chunkDelayMs) await sleep(behaviour.chunkDelayMs)
    }
    res.end('data: [DONE]\n\n')
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({ error: { message: `mock server failed: ${String(error)}`, type: 'server_error' } })
      )
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      closed = true
      // Hanging requests keep their sockets open; without this, close() would wait for them forever.
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
