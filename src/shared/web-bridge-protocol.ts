import { z } from 'zod'
import type { EventName } from './contract'
import type { Result } from './result'

/**
 * The wire format of the web host's WebSocket bridge, shared by the host and the renderer. It
 * carries the same contract as Electron IPC: a request names a channel, the reply is its Result.
 */
export const WEB_BRIDGE_PATH = '/bridge'
export const WEB_BRIDGE_PROTOCOL = 'frontline.v1'
/**
 * The per-launch token travels as a second WebSocket subprotocol: a browser cannot set headers on a
 * WebSocket, and a query parameter would end up in access logs and proxies.
 */
export const WEB_TOKEN_PROTOCOL_PREFIX = 'frontline-token.'

export const BridgeRequestId = z.union([z.number().int().nonnegative(), z.string().min(1).max(64)])
export type BridgeRequestId = z.infer<typeof BridgeRequestId>

export const BridgeRequest = z
  .object({ id: BridgeRequestId, channel: z.string().min(1).max(100), input: z.unknown().optional() })
  .strict()
export type BridgeRequest = z.infer<typeof BridgeRequest>

/**
 * The console's heartbeat on an idle connection: the host answers `{ pong }` at once, without the
 * core, so a host that stopped answering is told from one that has nothing to say.
 */
export const BridgePing = z.object({ ping: z.number().int().nonnegative() }).strict()
export interface BridgePong {
  pong: number
}

/** `id` is null when the message was too broken to read one from. */
export interface BridgeReply {
  id: BridgeRequestId | null
  result: Result<unknown>
}

export interface BridgePush {
  event: EventName
  payload: unknown
}

/**
 * Several pushes in one frame, in order: a team server sends what one turn of its core announced
 * to each of many consoles as one message rather than one per event.
 */
export interface BridgePushBatch {
  pushes: BridgePush[]
}

/** The launch URL is `http://127.0.0.1:PORT/#token=…`: a fragment is never sent in HTTP requests. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash)
  const token = params.get('token')
  return token && /^[A-Za-z0-9_-]{16,128}$/.test(token) ? token : null
}
