import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { createNodeHttpFetch } from '../../src/main/llm/node-http-fetch'

let server: Server | undefined
const sockets = new Set<Socket>()

afterEach(async () => {
  for (const socket of sockets) socket.destroy()
  sockets.clear()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = undefined
})

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void
): Promise<string> {
  server = createServer((req, res) => {
    const parts: Buffer[] = []
    req.on('data', (part: Buffer) => parts.push(part))
    req.on('end', () => handler(req, res, Buffer.concat(parts).toString('utf8')))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const readAll = async (response: Response): Promise<string> => {
  const decoder = new TextDecoder()
  let text = ''
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true })
  }
  return text
}

describe('the gateway’s fetch over node:http', () => {
  it('sends method, headers and body, and answers a standard Response with status, headers and url', async () => {
    const base = await serve((req, res, body) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req_1', 'retry-after': '3' })
      res.end(
        JSON.stringify({
          method: req.method,
          auth: req.headers.authorization,
          encoding: req.headers['accept-encoding'],
          body
        })
      )
    })
    const fetch = createNodeHttpFetch()
    const headers = new Headers({ authorization: 'Bearer sk-test', 'content-type': 'application/json' })
    const response = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers, body: '{"a":1}' })
    expect(response).toBeInstanceOf(Response)
    expect(response.status).toBe(201)
    expect(response.ok).toBe(true)
    expect(response.url).toBe(`${base}/v1/chat/completions`)
    expect(response.headers.get('x-request-id')).toBe('req_1')
    expect(response.headers.get('retry-after')).toBe('3')
    expect(await response.json()).toEqual({
      method: 'POST',
      auth: 'Bearer sk-test',
      encoding: 'identity',
      body: '{"a":1}'
    })
  })

  it('streams the body as it arrives: the first event is readable before the server has finished', async () => {
    let finish: () => void = () => undefined
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: first\n\n')
      finish = () => res.end('data: [DONE]\n\n')
    })
    const response = await createNodeHttpFetch()(`${base}/stream`, { method: 'POST', body: '{}' })
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n')
    finish()
    let rest = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      rest += new TextDecoder().decode(value)
    }
    expect(rest).toBe('data: [DONE]\n\n')
  })

  it('decodes a compressed body from a server that compresses anyway', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      res.end(gzipSync(JSON.stringify({ error: { message: 'slow down' } })))
    })
    const response = await createNodeHttpFetch()(`${base}/v1`, { method: 'POST', body: '{}' })
    expect(response.status).toBe(429)
    expect(await response.json()).toEqual({ error: { message: 'slow down' } })
  })

  it('has no body for 204 and HEAD', async () => {
    const base = await serve((req, res) => {
      res.writeHead(req.method === 'HEAD' ? 200 : 204, {
        'content-length': req.method === 'HEAD' ? '10' : '0'
      })
      res.end()
    })
    const fetch = createNodeHttpFetch()
    expect((await fetch(`${base}/x`, { method: 'DELETE' })).body).toBeNull()
    expect((await fetch(`${base}/x`, { method: 'HEAD' })).body).toBeNull()
  })

  it('rejects at once for an aborted signal, and ends a stream with the abort when cancelled mid-body', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: first\n\n')
    })
    const fetch = createNodeHttpFetch()
    const aborted = new AbortController()
    aborted.abort()
    await expect(fetch(`${base}/x`, { signal: aborted.signal })).rejects.toMatchObject({ name: 'AbortError' })

    const controller = new AbortController()
    const response = await fetch(`${base}/x`, { method: 'POST', body: '{}', signal: controller.signal })
    const reader = response.body!.getReader()
    await reader.read()
    controller.abort()
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('fails the stream, not ends it quietly, when the connection is cut mid-body', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: first\n\n', () => setTimeout(() => res.socket?.destroy(), 10))
    })
    const response = await createNodeHttpFetch()(`${base}/x`, { method: 'POST', body: '{}' })
    await expect(readAll(response)).rejects.toThrow()
  })

  it('rejects when nothing listens, as fetch does', async () => {
    const base = await serve(() => undefined)
    await new Promise<void>((resolve) => server!.close(() => resolve()))
    server = undefined
    await expect(createNodeHttpFetch()(`${base}/x`)).rejects.toThrow()
  })

  it('hands what it does not handle to the built-in fetch: a data: URL, a Request, a streamed body', async () => {
    const base = await serve((_req, res, body) => res.end(`got ${body}`))
    const fetch = createNodeHttpFetch()
    expect(await (await fetch('data:text/plain,hello')).text()).toBe('hello')
    expect(await (await fetch(new Request(`${base}/r`, { method: 'POST', body: 'req' }))).text()).toBe(
      'got req'
    )
    const stream = new Blob(['streamed']).stream()
    const init = { method: 'POST', body: stream, duplex: 'half' } as RequestInit
    expect(await (await fetch(`${base}/s`, init)).text()).toBe('got streamed')
  })
})
