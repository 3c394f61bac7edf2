import type { Channel, EventName } from './contract'
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
  close?(): void
  addEventListener(type: 'open' | 'message' | 'error' | 'close', listener: (event: object) => void): void
}

export interface WebSocketTransportOptions {
  /** ws://127.0.0.1:PORT — the page's own origin. */
  origin: string
  /** The web host's launch token, or a team server's session token; null before anyone signs in. */
  token: string | null
  createSocket: (url: string, protocols: string[]) => BridgeSocket
}

const isReply = (message: unknown): message is BridgeReply =>
  typeof message === 'object' && message !== null && 'id' in message && 'result' in message
const isPush = (message: unknown): message is BridgePush =>
  typeof message === 'object' && message !== null && 'event' in message
const isPushBatch = (message: unknown): message is BridgePushBatch =>
  typeof message === 'object' && message !== null && Array.isArray((message as BridgePushBatch).pushes)

/**
 * The browser's side of the web host's bridge. Connects lazily, and again after the socket drops,
 * so a restarted host or a sleeping laptop costs one failed request rather than a dead console.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): ContractTransport {
  const { createSocket } = options
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new Set<(event: EventName, payload: unknown) => void>()
  let nextId = 1
  let connection: Promise<BridgeSocket> | null = null
  let closed = false

  const settleAll = (message: string): void => {
    for (const settle of pending.values()) settle(fail('unavailable', message))
    pending.clear()
  }

  const connect = (): Promise<BridgeSocket> => {
    if (closed) return Promise.reject(new Error('this connection was closed'))
    connection ??= new Promise<BridgeSocket>((resolve, reject) => {
      const socket = createSocket(`${options.origin}${WEB_BRIDGE_PATH}`, [
        WEB_BRIDGE_PROTOCOL,
        ...(options.token ? [`${WEB_TOKEN_PROTOCOL_PREFIX}${options.token}`] : [])
      ])
      let opened = false
      socket.addEventListener('open', () => {
        opened = true
        resolve(socket)
      })
      socket.addEventListener('message', (event) => {
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
        connection = null
        if (!opened) reject(new Error('the console could not connect to its host (is it still running?)'))
        settleAll('The connection to the Frontline host was lost. Retry to reconnect.')
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
    close() {
      closed = true
      listeners.clear()
      void connection?.then((socket) => socket.close?.()).catch(() => undefined)
      connection = null
    }
  }
}
