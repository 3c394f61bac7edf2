import type { EventName } from '../../shared/contract'
import type { Result } from '../../shared/result'
import type { CoreOptions } from './create-core'

/** Messages between a host's thread and the core worker. */
export type ToWorker = { type: 'request'; id: number; channel: unknown; input: unknown } | { type: 'close' }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'start-failed'; message: string }
  | { type: 'response'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: unknown }
  | { type: 'closed' }
  /** What one turn of the worker's event loop said, in order (see worker.ts). */
  | { type: 'batch'; messages: FromWorker[] }

export type WorkerData = CoreOptions & { clockIso?: string }
