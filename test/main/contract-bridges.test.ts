import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { WebSocket as WsClient } from 'ws'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src/main/core/create-core'
import type { CoreBackend } from '../../src/main/web/core-backend'
import { serveConsole, startWebHost, type WebHost } from '../../src/main/web/web-host'
import { forwardCoreEvents, registerContractIpc } from '../../src/main/shell/contract-ipc'
import { isAppUrl, resolveRendererEntry } from '../../src/main/shell/renderer-entry'
import { createPreloadBridge, type IpcRendererLike } from '../../src/preload/bridge'
import { channelNames, type FrontlineApi } from '../../src/shared/contract'
import { createContractClient } from '../../src/shared/contract-client'
import { createWebSocketTransport } from '../../src/shared/web-bridge-transport'
import type { Result } from '../../src/shared/result'
import {
  WEB_BRIDGE_PATH,
  WEB_BRIDGE_PROTOCOL,
  WEB_TOKEN_PROTOCOL_PREFIX,
  type BridgeReply
} from '../../src/shared/web-bridge-protocol'

const folders: string[] = []
function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-bridges-'))
  folders.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true })
})

const backendOf = (core: Core): CoreBackend => ({
  invoke: (channel, input) => core.invokeRaw(channel, input),
  subscribe: (listener) => core.subscribe(listener),
  close: () => core.close()
})

function expectInvalid(result: Result<unknown>, field: string): void {
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(result.error.code).toBe('invalid_input')
  expect(result.error.issues?.map((issue) => issue.field)).toContain(field)
  expect(result.error.message).toContain(field)
}

/** Every channel of the contract answers through `api` with the core's own validation error. */
async function expectEveryChannelReachesTheCore(api: FrontlineApi): Promise<void> {
  for (const channel of channelNames) {
    // A number is no channel's input, so every channel is refused by the core's validator: proof the
    // message crossed the bridge and reached the dispatcher, with no side effect on the shop.
    const result = await api.invoke(channel, 12345 as never)
    expect({ channel, code: result.ok ? 'ok' : result.error.code }).toEqual({
      channel,
      code: 'invalid_input'
    })
  }
}

/**
 * Electron's two IPC ends, connected the way Electron connects them: arguments are structured-cloned,
 * the handler gets an event naming the sending frame. The shell's real routing sits in between.
 */
function electronIpcPair(frameUrl: () => string) {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  const rendererListeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>()
  const webContents = {
    isDestroyed: () => false,
    send(channel: string, ...args: unknown[]) {
      for (const listener of rendererListeners.get(channel) ?? []) listener({}, ...structuredClone(args))
    }
  }
  const ipcMain = {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
      handlers.set(channel, handler)
    },
    removeHandler: (channel: string) => handlers.delete(channel)
  }
  const ipcRenderer: IpcRendererLike = {
    async invoke(channel, ...args) {
      const handler = handlers.get(channel)
      if (!handler) throw new Error(`No handler registered for '${channel}'`)
      const event = { sender: webContents, senderFrame: { url: frameUrl(), parent: null } }
      return structuredClone(await handler(event, ...structuredClone(args)))
    },
    on(channel, listener) {
      const set = rendererListeners.get(channel) ?? new Set()
      rendererListeners.set(channel, set)
      set.add(listener)
    },
    removeListener(channel, listener) {
      rendererListeners.get(channel)?.delete(listener)
    }
  }
  return {
    ipcMain: ipcMain as unknown as IpcMain,
    ipcRenderer,
    webContents: webContents as unknown as WebContents
  }
}

describe('preload bridge (Electron IPC)', () => {
  const entry = resolveRendererEntry(join(tempFolder(), 'out', 'main'), undefined)
  const appPage = entry.url
  let frameUrl = appPage
  let core: Core
  let api: FrontlineApi

  beforeAll(() => {
    core = createCore({ dbPath: join(tempFolder(), 'shop.db'), host: 'electron' })
    const pair = electronIpcPair(() => frameUrl)
    const isTrusted = (event: IpcMainInvokeEvent): boolean =>
      event.senderFrame !== null && isAppUrl(event.senderFrame.url, entry)
    registerContractIpc(pair.ipcMain, backendOf(core), isTrusted)
    forwardCoreEvents(backendOf(core), () => pair.webContents)
    api = createPreloadBridge(pair.ipcRenderer)
  })
  afterAll(() => core.close())
  afterEach(() => {
    frameUrl = appPage
  })

  it('exposes every contract channel', async () => {
    await expectEveryChannelReachesTheCore(api)
    const info = await api.invoke('app.info', {})
    expect(info).toMatchObject({ ok: true, value: { host: 'electron' } })
    const page = await api.invoke('tickets.list', { limit: 5 })
    expect(page.ok && Array.isArray(page.value.tickets)).toBe(true)
  })

  it('refuses an invalid payload with an error naming the field', async () => {
    expectInvalid(await api.invoke('tickets.get', { ticketId: 42 as unknown as string }), 'ticketId')
    expectInvalid(await api.invoke('tickets.list', { limit: -3 }), 'limit')
  })

  it('refuses an unknown channel before it leaves the renderer', async () => {
    const result = await api.invoke('tickets.delete' as never, {} as never)
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
  })

  it('delivers core events to the renderer', async () => {
    const received: unknown[] = []
    const off = api.on('tickets.changed', (payload) => received.push(payload))
    core.context.events.emit('tickets.changed', { ticketIds: ['TKT-000001'] })
    off()
    core.context.events.emit('tickets.changed', { ticketIds: ['TKT-000002'] })
    expect(received).toEqual([{ ticketIds: ['TKT-000001'] }])
  })

  it('refuses calls from a frame that is not the app', async () => {
    frameUrl = 'https://attacker.example/'
    expect(await api.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'not_allowed' } })
    frameUrl = pathToFileURL(join(tmpdir(), 'elsewhere.html')).href
    expect(await api.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'not_allowed' } })
  })

  it('recognises only its own page as the app', () => {
    expect(appPage).toBe('app://frontline/index.html')
    expect(isAppUrl(`${appPage}#/tickets`, entry)).toBe(true)
    expect(isAppUrl('file:///etc/passwd', entry)).toBe(false)
    expect(isAppUrl('app://elsewhere/index.html', entry)).toBe(false)
    expect(isAppUrl('app://frontline/assets/evil.html', entry)).toBe(false)
    const dev = resolveRendererEntry('/ignored', 'http://localhost:5173')
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('not a url', dev)).toBe(false)
  })
})

interface OpenOptions {
  protocols?: string[]
  origin?: string
}

/** Opens a raw bridge socket; rejects with the HTTP status when the host refuses the upgrade. */
function openSocket(host: WebHost, options: OpenOptions = {}): Promise<WsClient> {
  const protocols = options.protocols ?? [WEB_BRIDGE_PROTOCOL, `${WEB_TOKEN_PROTOCOL_PREFIX}${host.token}`]
  const socket = new WsClient(`ws://127.0.0.1:${host.port}${WEB_BRIDGE_PATH}`, protocols, {
    ...(options.origin ? { origin: options.origin } : {})
  })
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket))
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`))
    )
    socket.once('error', reject)
  })
}

function nextReply(socket: WsClient): Promise<BridgeReply> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))))
}

/** The renderer's own WebSocket transport, driven by the `ws` client instead of a browser's. */
function webApi(host: WebHost, origin = `http://127.0.0.1:${host.port}`): FrontlineApi {
  return createContractClient(
    createWebSocketTransport({
      origin: `ws://127.0.0.1:${host.port}`,
      token: host.token,
      createSocket: (url, protocols) => new WsClient(url, protocols, { origin })
    })
  )
}

function httpGet(
  host: WebHost,
  path: string,
  headers: Record<string, string> = {}
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('web bridge (WebSocket)', () => {
  let host: WebHost
  const sockets: WsClient[] = []

  beforeAll(async () => {
    const rendererDir = join(tempFolder(), 'renderer')
    mkdirSync(rendererDir)
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Frontline</title>')
    host = await startWebHost({ dbPath: join(tempFolder(), 'shop.db'), inProcess: true, rendererDir })
  })
  afterAll(async () => {
    for (const socket of sockets) socket.terminate()
    await host.close()
  })

  it('prints a loopback URL that carries the token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`)
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('exposes every contract channel', async () => {
    const api = webApi(host)
    await expectEveryChannelReachesTheCore(api)
    expect(await api.invoke('app.info', {})).toMatchObject({ ok: true, value: { host: 'web' } })
    // The host opened an empty database: the console offers the demo shop, which the person starts.
    expect(await api.invoke('shop.status', {})).toMatchObject({ ok: true, value: { empty: true } })
    expect(await api.invoke('shop.startDemo', {})).toMatchObject({ ok: true, value: { empty: false } })
    const page = await api.invoke('tickets.list', { limit: 5 })
    expect(page.ok && page.value.tickets.length).toBe(5)
    expect(page.ok && page.value.total).toBeGreaterThan(5)
  })

  it('refuses an invalid payload with an error naming the field', async () => {
    const api = webApi(host)
    expectInvalid(await api.invoke('tickets.get', { ticketId: 42 as unknown as string }), 'ticketId')
    expectInvalid(await api.invoke('customers.get', { customerId: '' }), 'customerId')
  })

  it('answers malformed messages with an error naming the field, and keeps serving', async () => {
    const socket = await openSocket(host)
    sockets.push(socket)

    socket.send('{not json')
    expect(await nextReply(socket)).toMatchObject({
      id: null,
      result: { ok: false, error: { code: 'invalid_input', issues: [{ field: '(message)' }] } }
    })

    socket.send(JSON.stringify({ id: 7, chanel: 'app.info' }))
    const misspelt = await nextReply(socket)
    expect(misspelt.id).toBe(7)
    expectInvalid(misspelt.result, 'channel')

    socket.send(JSON.stringify({ id: 'x'.repeat(65), channel: 'app.info', input: {} }))
    const badId = await nextReply(socket)
    expect(badId.id).toBeNull()
    expectInvalid(badId.result, 'id')

    socket.send(JSON.stringify({ id: 8, channel: 'tickets.get', input: { ticketId: 42 } }))
    const reply = await nextReply(socket)
    expect(reply.id).toBe(8)
    expectInvalid(reply.result, 'ticketId')

    socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true })
    expect(await nextReply(socket)).toMatchObject({ id: null, result: { ok: false } })

    socket.send(JSON.stringify({ id: 9, channel: 'tickets.drop', input: {} }))
    expect(await nextReply(socket)).toMatchObject({
      id: 9,
      result: { ok: false, error: { code: 'unknown_channel' } }
    })

    socket.send(JSON.stringify({ id: 10, channel: 'app.info', input: {} }))
    expect(await nextReply(socket)).toMatchObject({ id: 10, result: { ok: true, value: { host: 'web' } } })
  })

  it('refuses a WebSocket without the token, with a wrong token, or from a foreign origin', async () => {
    await expect(openSocket(host, { protocols: [WEB_BRIDGE_PROTOCOL] })).rejects.toThrow('HTTP 403')
    await expect(
      openSocket(host, { protocols: [WEB_BRIDGE_PROTOCOL, `${WEB_TOKEN_PROTOCOL_PREFIX}${'A'.repeat(43)}`] })
    ).rejects.toThrow('HTTP 403')
    await expect(openSocket(host, { origin: 'https://attacker.example' })).rejects.toThrow('HTTP 403')
    await expect(openSocket(host, { origin: 'http://127.0.0.1:1' })).rejects.toThrow('HTTP 403')

    const foreign = await webApi(host, 'https://attacker.example').invoke('app.info', {})
    expect(foreign).toMatchObject({ ok: false, error: { code: 'unavailable' } })

    const own = await openSocket(host, { origin: `http://127.0.0.1:${host.port}` })
    sockets.push(own)
    expect(own.protocol).toBe(WEB_BRIDGE_PROTOCOL)
  })

  it('serves the console with a strict CSP, to its own host name only', async () => {
    const page = await httpGet(host, '/')
    expect(page.status).toBe(200)
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`)
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")

    expect((await httpGet(host, '/', { Host: `attacker.example:${host.port}` })).status).toBe(421)
    expect((await httpGet(host, '/..%2f..%2fpackage.json')).status).toBe(400)
    expect((await httpGet(host, '/%2e%2e/%2e%2e/package.json')).status).toBe(404)
    expect((await httpGet(host, '/assets/missing.js')).status).toBe(404)
  })
})

describe('web bridge events', () => {
  it('pushes core events to every connected console', async () => {
    const core = createCore({ dbPath: join(tempFolder(), 'shop.db'), host: 'web' })
    const host = await serveConsole(backendOf(core), { rendererDir: tempFolder() })
    try {
      const api = webApi(host)
      const received: unknown[] = []
      const arrived = new Promise<void>((resolve) =>
        api.on('tickets.changed', (payload) => {
          received.push(payload)
          resolve()
        })
      )
      // The socket opens on the first call; events flow once it is open.
      expect((await api.invoke('app.info', {})).ok).toBe(true)
      core.context.events.emit('tickets.changed', { ticketIds: ['TKT-000042'] })
      await arrived
      expect(received).toEqual([{ ticketIds: ['TKT-000042'] }])
    } finally {
      await host.close()
    }
  })
})
