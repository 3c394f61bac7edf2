import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket as WsClient } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/create-core'
import { ensureShopOnFirstRun } from '../../src/main/first-run'
import { serveConsole, type WebHost } from '../../src/main/web/web-host'
import type { ConnectionState } from '../../src/shared/contract'
import { createContractClient } from '../../src/shared/contract-client'
import { createWebSocketTransport, type BridgeSocket } from '../../src/shared/web-bridge-transport'
import { createManualTimers, settle } from './llm-manual-timers'

/** A socket the test opens, answers and drops by hand. */
class FakeSocket implements BridgeSocket {
  sent: unknown[] = []
  closed = false
  private readonly handlers = new Map<string, ((event: object) => void)[]>()
  addEventListener(type: string, listener: (event: object) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener])
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data))
  }
  close(): void {
    this.closed = true
  }
  fire(type: 'open' | 'close' | 'message', data?: unknown): void {
    for (const listener of this.handlers.get(type) ?? [])
      listener(data === undefined ? {} : { data: JSON.stringify(data) })
  }
}

function fakeBridge() {
  const timers = createManualTimers()
  const sockets: FakeSocket[] = []
  const transport = createWebSocketTransport({
    origin: 'ws://127.0.0.1:1',
    token: 'a'.repeat(43),
    createSocket: () => {
      const socket = new FakeSocket()
      sockets.push(socket)
      return socket
    },
    timers,
    heartbeatMs: 500,
    retryDelaysMs: [250, 1_000]
  })
  const api = createContractClient(transport)
  const states: ConnectionState[] = []
  api.onConnection?.((state) => states.push(state))
  return { timers, sockets, api, states, latest: () => sockets.at(-1)! }
}

describe('the web bridge tells whether it is connected', () => {
  it('says so at once when the host closes the socket, answers what was in flight, and reconnects', async () => {
    const bridge = fakeBridge()
    expect(bridge.states).toEqual(['connecting'])
    bridge.latest().fire('open')
    expect(bridge.states).toEqual(['connecting', 'connected'])

    const inFlight = bridge.api.invoke('app.info', {})
    await settle()
    bridge.latest().fire('close')
    expect(bridge.states.at(-1)).toBe('disconnected')
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'unavailable' } })

    // Retries on its own; a refused attempt keeps it disconnected, with no flicker.
    await bridge.timers.advance(250)
    expect(bridge.sockets).toHaveLength(2)
    bridge.latest().fire('close')
    expect(bridge.states).toEqual(['connecting', 'connected', 'disconnected'])
    await bridge.timers.advance(999)
    expect(bridge.sockets).toHaveLength(2)
    await bridge.timers.advance(1)
    bridge.latest().fire('open')
    expect(bridge.states).toEqual(['connecting', 'connected', 'disconnected', 'connected'])

    const answered = bridge.api.invoke('app.info', {})
    await settle()
    const request = bridge.latest().sent.at(-1) as { id: number }
    bridge.latest().fire('message', { id: request.id, result: { ok: true, value: 'hello' } })
    expect(await answered).toEqual({ ok: true, value: 'hello' })
  })

  it('pings an idle connection and gives up on a host that stopped answering within two seconds', async () => {
    const bridge = fakeBridge()
    const socket = bridge.latest()
    socket.fire('open')
    await bridge.timers.advance(500)
    expect(socket.sent).toEqual([{ ping: 1 }])
    socket.fire('message', { pong: 1 })
    await bridge.timers.advance(1_000)
    expect(bridge.states.at(-1)).toBe('connected')

    // No answer any more (a host suspended, a network gone): no close event comes.
    await bridge.timers.advance(1_000)
    expect(bridge.states.at(-1)).toBe('disconnected')
    expect(socket.closed).toBe(true)
    // Its late close changes nothing; the retry is already on its way.
    socket.fire('close')
    expect(bridge.states.filter((s) => s === 'disconnected')).toHaveLength(1)
    await bridge.timers.advance(250)
    expect(bridge.sockets).toHaveLength(2)
  })
})

describe('a console whose host restarts on the same port with the same token', () => {
  const dirs: string[] = []
  const hosts: WebHost[] = []
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close()
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  async function serve(dbPath: string, rendererDir: string, port: number, token: string): Promise<WebHost> {
    const core = createCore({ dbPath, host: 'web', env: {} })
    const host = await serveConsole(
      {
        invoke: (channel, input) => core.invokeRaw(channel, input),
        subscribe: (listener) => core.subscribe(listener),
        close: () => core.close()
      },
      { rendererDir, port, token }
    )
    hosts.push(host)
    return host
  }

  it('goes disconnected when the host stops and connected again when it is back, by itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frontline-reconnect-'))
    dirs.push(dir)
    const rendererDir = join(dir, 'renderer')
    mkdirSync(rendererDir)
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Frontline</title>')
    const dbPath = join(dir, 'shop.db')
    ensureShopOnFirstRun(dbPath)
    const token = 'kept-across-restarts-0123456789abcdef'
    const first = await serve(dbPath, rendererDir, 0, token)
    const port = first.port

    const api = createContractClient(
      createWebSocketTransport({
        origin: `ws://127.0.0.1:${port}`,
        token,
        createSocket: (url, protocols) =>
          new WsClient(url, protocols, { origin: `http://127.0.0.1:${port}` }),
        retryDelaysMs: [50]
      })
    )
    const next = (wanted: ConnectionState) =>
      new Promise<void>((resolve) => {
        const off = api.onConnection?.((state) => {
          if (state !== wanted) return
          queueMicrotask(() => off?.())
          resolve()
        })
      })
    await next('connected')
    expect((await api.invoke('app.info', {})).ok).toBe(true)

    const gone = next('disconnected')
    await first.close()
    hosts.splice(hosts.indexOf(first), 1)
    await gone
    expect(await api.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } })

    const back = next('connected')
    await serve(dbPath, rendererDir, port, token)
    await back
    expect(await api.invoke('app.info', {})).toMatchObject({ ok: true, value: { host: 'web' } })
  })

  it('refuses a token too short to guard the console', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frontline-reconnect-'))
    dirs.push(dir)
    const core = createCore({ dbPath: join(dir, 'shop.db'), host: 'web', env: {} })
    const backend = { invoke: core.invokeRaw, subscribe: core.subscribe, close: () => core.close() }
    await expect(serveConsole(backend, { rendererDir: dir, token: 'short' })).rejects.toThrow(
      /32 to 128 characters/
    )
    await core.close()
  })
})
