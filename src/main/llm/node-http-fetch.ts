import http from 'node:http'
import https from 'node:https'
import type { Readable } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

export interface NodeHttpFetchOptions {
  /** Idle keep-alive sockets close after this long (undici's default is 4 s); a server's shorter hint wins. */
  idleSocketMs?: number
}

/**
 * The `fetch` the gateway gives the openai SDK: node:http(s) with keep-alive agents, answering a
 * standard `Response` whose body streams as the bytes arrive. Measured on the engine benchmark,
 * Node's built-in fetch (undici's WHATWG machinery) cost about as much CPU per streamed call as
 * the SDK itself; this path costs a fraction of it. Requests it does not need to handle (a Request
 * object, a streamed or multipart body, a non-http URL) go to the built-in fetch unchanged.
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): Fetch {
  const timeout = options.idleSocketMs ?? 4_000
  // Node keeps at most 256 idle sockets by default: with more calls in flight than that, every
  // burst closed the surplus and the next one paid for new connections.
  const agentOptions = { keepAlive: true, timeout, maxFreeSockets: 2048 }
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) }

  return (input, init = {}) => {
    const url = typeof input === 'string' || input instanceof URL ? new URL(input) : undefined
    const body = init.body
    const simpleBody =
      body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !simpleBody)
      return fetch(input, init)

    const signal = init.signal ?? undefined
    if (signal?.aborted) return Promise.reject(abortError(signal))
    const method = (init.method ?? 'GET').toUpperCase()
    const headers: Record<string, string> = {}
    // The SDK hands over a Headers object already; copying it into another first is wasted work.
    const given = init.headers instanceof Headers ? init.headers : new Headers(init.headers)
    given.forEach((value, name) => {
      headers[name] = value
    })
    // Compression only delays a token stream; the decoders below still handle a server that insists.
    headers['accept-encoding'] ??= 'identity'
    if (body !== undefined && body !== null) headers['content-length'] ??= String(Buffer.byteLength(body))

    const transport = url.protocol === 'https:' ? https : http
    return new Promise<Response>((resolve, reject) => {
      const request = transport.request(url, {
        method,
        headers,
        agent: agents[url.protocol as 'http:'],
        signal
      })
      // Kept for the request's life: an error after the response began must not go unhandled.
      request.on('error', (error) => reject(signal?.aborted ? abortError(signal) : error))
      request.once('response', (response) => {
        try {
          resolve(toResponse(response, url, method, signal))
        } catch (error) {
          response.destroy()
          reject(error)
        }
      })
      request.end(body ?? undefined)
    })
  }
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304])

function toResponse(
  response: http.IncomingMessage,
  url: URL,
  method: string,
  signal: AbortSignal | undefined
): Response {
  const headers = new Headers()
  const raw = response.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!)
  const status = response.statusCode ?? 0
  let body: ReadableStream<Uint8Array> | null = null
  if (method === 'HEAD' || NULL_BODY_STATUSES.has(status)) response.resume()
  else body = streamOf(decoded(response), response, signal)
  const result = new Response(body, { status, statusText: response.statusMessage ?? '', headers })
  Object.defineProperty(result, 'url', { value: url.href })
  return result
}

function decoded(response: http.IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase()
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined
  if (!decoder) return response
  response.on('error', (error) => decoder.destroy(error))
  return response.pipe(decoder)
}

/** The bytes as a web stream, paused while its reader is behind; cancelling it closes the connection. */
function streamOf(
  source: Readable,
  response: http.IncomingMessage,
  signal: AbortSignal | undefined
): ReadableStream<Uint8Array> {
  let settled = false
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (error: Error) => {
        if (settled) return
        settled = true
        controller.error(signal?.aborted ? abortError(signal) : error)
      }
      source.on('data', (chunk: Buffer) => {
        if (settled) return
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
        if ((controller.desiredSize ?? 1) <= 0) source.pause()
      })
      source.once('end', () => {
        if (settled) return
        settled = true
        controller.close()
      })
      source.on('error', fail)
      // A connection cut mid-body ends the stream with an error, never as a quiet early end.
      response.once('close', () => {
        if (!response.complete) fail(new Error('the connection closed before the response was complete'))
      })
    },
    pull() {
      source.resume()
    },
    cancel() {
      settled = true
      response.destroy()
    }
  })
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}
