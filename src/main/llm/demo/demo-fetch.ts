import { ChatCompletionRequest, offeredToolNames, toDemoMessages } from './chat-request'
import { completionChunks, completionJson, usageOf, type CompletionMeta } from './completion-body'
import { decideNextTurn, type DemoTurn } from './demo-policy'

export const DEMO_PROVIDER_ID = 'demo'
export const DEMO_MODEL = 'frontline-demo'

export interface DemoModelOptions {
  /** Delay before the response starts, as a remote model's time to first token. */
  latencyMs?: number
  /** Delay between streamed chunks, so a UI can be seen streaming. */
  chunkDelayMs?: number
}

/**
 * An in-process OpenAI-compatible endpoint for the openai SDK's `fetch` option: the SDK, its
 * retries, timeouts and stream parser run for real, and no byte leaves the process.
 */
export function createDemoModelFetch(options: DemoModelOptions = {}): typeof fetch {
  const latencyMs = Math.max(0, options.latencyMs ?? 0)
  const chunkDelayMs = Math.max(0, options.chunkDelayMs ?? 0)

  async function demoFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init)
    await sleep(latencyMs, request.signal)
    const path = new URL(request.url).pathname.replace(/\/+$/, '')
    if (request.method === 'POST' && path.endsWith('/chat/completions')) {
      return chatCompletions(request, chunkDelayMs)
    }
    if (request.method === 'GET' && path.endsWith('/models')) {
      return json(200, {
        object: 'list',
        data: [{ id: DEMO_MODEL, object: 'model', created: 0, owned_by: 'frontline' }]
      })
    }
    return openAiError(
      404,
      `The demo model serves POST /chat/completions only, not ${request.method} ${path}.`,
      {
        type: 'invalid_request_error',
        code: 'unknown_url'
      }
    )
  }
  return demoFetch as typeof fetch
}

async function chatCompletions(request: Request, chunkDelayMs: number): Promise<Response> {
  let body: unknown
  try {
    body = JSON.parse(await request.text())
  } catch {
    return openAiError(400, 'The request body is not valid JSON.', { code: 'invalid_json' })
  }
  const parsed = ChatCompletionRequest.safeParse(body)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const param = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : null
    const message = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(root)'}: ${i.message}`)
      .join('; ')
    return openAiError(400, `Invalid chat completion request: ${message}`, { code: 'invalid_value', param })
  }
  const chat = parsed.data
  if (chat.model !== DEMO_MODEL) {
    return openAiError(
      404,
      `The model '${chat.model}' does not exist; the demo provider serves '${DEMO_MODEL}'.`,
      {
        code: 'model_not_found',
        param: 'model'
      }
    )
  }

  const turn = decideNextTurn(toDemoMessages(chat.messages), offeredToolNames(chat))
  const meta = metaFor(chat, turn)
  const usage = usageOf(JSON.stringify([chat.messages, chat.tools ?? []]), turn)
  if (!chat.stream) return json(200, completionJson(meta, turn, usage))

  const chunks = completionChunks(meta, turn, chat.stream_options?.include_usage ? usage : undefined)
  const frames = [...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n']
  return new Response(sseStream(frames, chunkDelayMs, request.signal), {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': meta.id
    }
  })
}

/** Ids derive from the conversation, so the same messages give the same response. */
function metaFor(chat: ChatCompletionRequest, turn: DemoTurn): CompletionMeta {
  const hash = fnv1a(JSON.stringify(chat.messages))
  return {
    id: `chatcmpl-demo-${hash}`,
    // Protocol metadata, not part of what the model says; clients show it as the response time.
    created: Math.floor(Date.now() / 1000),
    model: DEMO_MODEL,
    callIds: turn.kind === 'tool_calls' ? turn.calls.map((_, i) => `call_demo_${hash}_${i}`) : []
  }
}

function sseStream(
  frames: readonly string[],
  chunkDelayMs: number,
  signal: AbortSignal
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let next = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (signal.aborted) {
        controller.error(signal.reason)
        return
      }
      if (next > 0 && chunkDelayMs > 0) {
        try {
          await sleep(chunkDelayMs, signal)
        } catch (reason) {
          controller.error(reason)
          return
        }
      }
      const frame = frames[next]
      next += 1
      if (frame === undefined) controller.close()
      else controller.enqueue(encoder.encode(frame))
    }
  })
}

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json', ...(status >= 400 ? { 'x-should-retry': 'false' } : {}) }
  })
}

/** OpenAI's error body, which the SDK turns into BadRequestError, NotFoundError, … with this message. */
function openAiError(
  status: number,
  message: string,
  detail: { type?: string; code: string; param?: string | null }
): Response {
  return json(status, {
    error: {
      message,
      type: detail.type ?? 'invalid_request_error',
      param: detail.param ?? null,
      code: detail.code
    }
  })
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason)
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}
