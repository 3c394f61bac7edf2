import type { EventName } from '../../shared/contract'
import type { Result } from '../../shared/result'
import type { Caller } from '../../shared/domain/caller'
import type { CoreOptions } from './create-core'
import type { StdioConfirmRequest } from '../mcp-client/manager'

/** Messages between a host's thread and the core worker. */
export type ToWorker =
  /** `caller` absent: the core's default caller (the desktop's owner; none on a team server). */
  | { type: 'request'; id: number; channel: unknown; input: unknown; caller?: Caller | null }
  | { type: 'close' }
  | { type: 'key-response'; id: number; value?: string | boolean; error?: string }
  | { type: 'confirm-response'; id: number; allowed: boolean }

export type KeyOperation = 'get' | 'has' | 'set' | 'delete'

export type FromWorker =
  | { type: 'ready' }
  | { type: 'start-failed'; message: string }
  | { type: 'response'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: unknown }
  | { type: 'closed' }
  /** The core asks the host for a key or token (the desktop app keeps them encrypted with safeStorage). */
  | { type: 'key-request'; id: number; op: KeyOperation; providerId: string; key?: string }
  /** The core asks the person at this machine (the desktop app's dialog) whether a program may run. */
  | { type: 'confirm-request'; id: number; request: StdioConfirmRequest }
  /** What one turn of the worker's event loop said, in order (see worker.ts). */
  | { type: 'batch'; messages: FromWorker[] }

export type WorkerData = Omit<CoreOptions, 'confirmStdio'> & {
  clockIso?: string
  /** Keys live with the host (safeStorage exists only in Electron's main process): ask it for them. */
  keysFromHost?: boolean
  /** The host can ask the person before a new stdio MCP server runs. */
  confirmFromHost?: boolean
}
