import type { Channel, ConnectionState, EventName } from './contract'
import type { ContractTransport } from './contract-client'
import { fail, type Result } from './result'
import {
  WEB_BRIDGE_PATH,
  WEB_BRIDGE_PROTOCOL,
  WEB_TOKEN_PROTOCOL_PREFIX,
  type BridgePush,
  type BridgePushBatch,
  type BridgeReply
} from './web-bridge-protocol'

/** What the transport needs of a WebSocket: a browser's, or the `ws` package's in tests and scripts. */
export interface BridgeSocket {
  send(data: string): void
  close(): void
  addEventListener(type: 'open' | 'message' | 'error' | 'close', listener: (event: object) => void): void
}

/** The clock and timers the transport runs on; tests pass their own. */
export interface BridgeTimers {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface WebSocketTransportOptions {
  /** ws://127.0.0.1:PORT — the page's own origin. */
  origin: string
  /** The web host's launch token, or a team server's session token; null before anyone signs in. */
  token: string | null
  createSocket: (url: string, protocols: string[]) => BridgeSocket
  timers?: BridgeTimers
  /**
   * How often an idle connection is checked (a ping the host answers at once); with no word from
   * the host for three times this, the host is taken for gone. The default, 500 ms, tells a
   * silent drop within two seconds; a host that stops closes the socket, which tells at once.
   */
  heartbeatMs?: number
  /** Waits between reconnection attempts; the last one repeats. */
  retryDelaysMs?: readonly number[]
}

const realTimers: BridgeTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

const isReply = (message: unknown): message is BridgeReply =>
  typeof message === 'object' && message !== null && 'id' in message && 'result' in message
const isPush = (message: unknown): message is BridgePush =>
  typeof message === 'object' && message !== null && 'event' in message
const isPushBatch = (message: unknown): message is BridgePushBatch =>
  typeof message === 'object' && message !== null && Array.isArray((message as BridgePushBatch).pushes)

const LOST = 'The connection to the Frontline host was lost. It reconnects by itself; try again then.'

/**
 * The browser's side of the web host's bridge. It says whether it is connected (and tells the
 * moment that changes), reconnects by itself while anyone listens, and answers every request in
 * flight when the connection drops, so nothing waits forever on a host that is gone.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): ContractTransport {
  const { createSocket } = options
  const timers = options.timers ?? realTimers
  const heartbeatMs = options.heartbeatMs ?? 500
  const retryDelays = options.retryDelaysMs ?? [250, 500, 1_000, 2_000]
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new Set<(event: EventName, payload: unknown) => void>()
  const stateListeners = new Set<(state: ConnectionState) => void>()
  let nextId = 1
  let nextPing = 1
  let state: ConnectionState = 'connecting'
  let connection: Promise<BridgeSocket> | null = null
  /** Closed for good (signed out, or signing in anew): nothing reconnects. */
  let shutDown = false
  let live: { socket: BridgeSocket; lastHeard: number } | null = null
  let heartbeat: unknown = null
  let retry: unknown = null
  let failures = 0

  const setState = (next: ConnectionState): void => {
    if (state === next) return
    state = next
    for (const listener of stateListeners) listener(next)
  }

  const settleAll = (message: string): void => {
    for (const settle of pending.values()) settle(fail('unavailable', message))
    pending.clear()
  }

  const wanted = (): boolean => listeners.size > 0 || stateListeners.size > 0

  const scheduleReconnect = (): void => {
    if (retry !== null || !wanted()) return
    const delay = retryDelays[Math.min(failures, retryDelays.length - 1)] ?? 2_000
    failures += 1
    retry = timers.setTimeout(() => {
      retry = null
      connect().catch(() => undefined)
    }, delay)
  }

  /** The socket is gone (closed, or silent too long): whatever it carried is answered, and a new one tried. */
  const lose = (socket: BridgeSocket): void => {
    if (live?.socket === socket) live = null
    connection = null
    if (heartbeat !== null) timers.clearTimeout(heartbeat)
    heartbeat = null
    setState('disconnected')
    settleAll(LOST)
    scheduleReconnect()
  }

  const beat = (): void => {
    heartbeat = null
    if (!live) return
    const silent = timers.now() - live.lastHeard
    if (silent >= heartbeatMs * 3) {
      const { socket } = live
      lose(socket)
      socket.close()
      return
    }
    if (silent >= heartbeatMs) live.socket.send(JSON.stringify({ ping: nextPing++ }))
    heartbeat = timers.setTimeout(beat, heartbeatMs)
  }

  const connect = (): Promise<BridgeSocket> => {
    if (shutDown) return Promise.reject(new Error('this connection was closed'))
    connection ??= new Promise<BridgeSocket>((resolve, reject) => {
      const socket = createSocket(`${options.origin}${WEB_BRIDGE_PATH}`, [
        WEB_BRIDGE_PROTOCOL,
        ...(options.token ? [`${WEB_TOKEN_PROTOCOL_PREFIX}${options.token}`] : [])
      ])
      let opened = false
      let closed = false
      socket.addEventListener('open', () => {
        opened = true
        failures = 0
        live = { socket, lastHeard: timers.now() }
        setState('connected')
        heartbeat ??= timers.setTimeout(beat, heartbeatMs)
        resolve(socket)
      })
      socket.addEventListener('message', (event) => {
        if (live?.socket === socket) live.lastHeard = timers.now()
        let message: unknown
        try {
          message = JSON.parse(String((event as { data?: unknown }).data))
        } catch {
          return
        }
        if (isReply(message)) {
          if (typeof message.id !== 'number') return
          pending.get(message.id)?.(message.result)
          pending.delete(message.id)
        } else if (isPush(message)) {
          for (const listener of listeners) listener(message.event, message.payload)
        } else if (isPushBatch(message)) {
          for (const push of message.pushes.filter(isPush))
            for (const listener of listeners) listener(push.event, push.payload)
        }
      })
      // Failures are reported by the 'close' that always follows; listening here keeps them quiet.
      socket.addEventListener('error', () => undefined)
      socket.addEventListener('close', () => {
        if (closed) return
        closed = true
        if (!opened) reject(new Error('the console could not connect to its host (is it still running?)'))
        // A socket the heartbeat already gave up on has been answered for.
        if (opened && live?.socket !== socket) return
        lose(socket)
      })
    })
    return connection
  }

  return {
    async request(channel: Channel, input: unknown): Promise<unknown> {
      const socket = await connect()
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve)
        socket.send(JSON.stringify({ id, channel, input }))
      })
    },
    subscribe(listener) {
      listeners.add(listener)
      void connect().catch(() => undefined)
      return () => listeners.delete(listener)
    },
    onConnection(listener) {
      stateListeners.add(listener)
      listener(state)
      void connect().catch(() => undefined)
      return () => stateListeners.delete(listener)
    },
    close() {
      shutDown = true
      listeners.clear()
      stateListeners.clear()
      if (retry !== null) timers.clearTimeout(retry)
      if (heartbeat !== null) timers.clearTimeout(heartbeat)
      retry = heartbeat = null
      settleAll('This connection was closed.')
      void connection?.then((socket) => socket.close()).catch(() => undefined)
      connection = null
      live = null
    }
  }
}
