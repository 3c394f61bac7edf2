import type { EventName } from '../../shared/contract'
import type { Result } from '../../shared/result'
import type { CoreOptions } from './create-core'

/** Messages between a host's thread and the core worker. */
export type ToWorker =
  | { type: 'request'; id: number; channel: unknown; input: unknown }
  | { type: 'close' }
  | { type: 'key-response'; id: number; value?: string | boolean; error?: string }

export type KeyOperation = 'get' | 'has' | 'set' | 'delete'

export type FromWorker =
  | { type: 'ready' }
  | { type: 'start-failed'; message: string }
  | { type: 'response'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: unknown }
  | { type: 'closed' }
  /** The core asks the host for a key or token (the desktop app keeps them encrypted with safeStorage). */
  | { type: 'key-request'; id: number; op: KeyOperation; providerId: string; key?: string }
  /** What one turn of the worker's event loop said, in order (see worker.ts). */
  | { type: 'batch'; messages: FromWorker[] }

export type WorkerData = CoreOptions & {
  clockIso?: string
  /** Keys live with the host (safeStorage exists only in Electron's main process): ask it for them. */
  keysFromHost?: boolean
}
