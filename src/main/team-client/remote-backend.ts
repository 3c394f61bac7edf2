import { WebSocket } from 'ws'
import type { Channel, EventName } from '../../shared/contract'
import type { ContractTransport } from '../../shared/contract-client'
import { SignedIn } from '../../shared/domain/team'
import { fail, type Result } from '../../shared/result'
import { createWebSocketTransport, type BridgeSocket } from '../../shared/web-bridge-transport'
import type { CoreBackend } from '../web/core-backend'

/** Where the desktop keeps its team session token between starts (encrypted by the OS keychain in the app). */
export interface SessionStore {
  load(): Promise<string | null>
  save(token: string | null): Promise<void>
}

export interface RemoteBackendOptions {
  /** The team server's address, http(s)://host:port. */
  url: string
  sessions: SessionStore
  /** Node's WebSocket (the `ws` package) by default. */
  createSocket?: (url: string, protocols: string[]) => BridgeSocket
}

/** The renderer never holds the desktop's session token: the main process does. */
const KEPT_BY_THE_APP = '(kept by the desktop app)'

/**
 * The desktop app as a team server's client: its main process speaks the bridge to the server, so
 * the renderer keeps its IPC and sees the same contract. Signing in (or accepting an invite) hands
 * the session token to the main process, which keeps it and reconnects with it; a session that
 * ends (the server says so) is forgotten, and the connection carries on signed out.
 */
export async function connectRemoteBackend(options: RemoteBackendOptions): Promise<CoreBackend> {
  const origin = new URL(options.url).origin.replace(/^http/, 'ws')
  const createSocket =
    options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols) as unknown as BridgeSocket)
  const listeners = new Set<(event: EventName, payload: unknown) => void>()
  let transport: ContractTransport
  let unsubscribe: () => void = () => undefined

  const connect = (token: string | null): void => {
    unsubscribe()
    transport?.close?.()
    transport = createWebSocketTransport({ origin, token, createSocket })
    unsubscribe = transport.subscribe((event, payload) => {
      // The server pushes this to the connection whose session ended, and to no other.
      if (event === 'session.ended') void forget()
      for (const listener of listeners) listener(event, payload)
    })
  }
  const forget = async (): Promise<void> => {
    await options.sessions.save(null)
    connect(null)
  }

  connect(await options.sessions.load())

  return {
    async invoke(channel, input) {
      let result: Result<unknown>
      try {
        result = (await transport.request(channel as Channel, input)) as Result<unknown>
      } catch (error) {
        return fail('unavailable', `The team server did not answer: ${(error as Error).message}`)
      }
      const signedIn = result.ok ? SignedIn.safeParse(result.value) : null
      if (!signedIn?.success) return result
      await options.sessions.save(signedIn.data.session.token)
      connect(signedIn.data.session.token)
      return {
        ok: true,
        value: { ...signedIn.data, session: { ...signedIn.data.session, token: KEPT_BY_THE_APP } }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      unsubscribe()
      transport.close?.()
      listeners.clear()
    }
  }
}
