import type { Channel, ChannelInput, ChannelOutput, Handlers } from '../../shared/contract'
import type { Result } from '../../shared/result'
import { openDb, type Db } from '../db/connection'
import { shopTools } from '../tools/shop-tools'
import { createToolRegistry, type ToolRegistry } from '../tools/registry'
import { systemClock, type Clock } from './clock'
import { dispatch } from './dispatch'
import { CoreEvents, type CoreListener } from './events'
import { createHandlers } from './handlers'

export interface CoreOptions {
  dbPath: string
  clock?: Clock
  host?: 'electron' | 'web' | 'in-process'
  version?: string
}

/** What every handler module receives. */
export interface CoreContext {
  db: Db
  clock: Clock
  events: CoreEvents
  tools: ToolRegistry
  options: Required<Pick<CoreOptions, 'dbPath' | 'host' | 'version'>>
}

export interface Core {
  invoke<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>>
  /** For hosts: requests arrive untyped off the wire and are validated inside. */
  invokeRaw(channel: unknown, input: unknown): Promise<Result<unknown>>
  subscribe(listener: CoreListener): () => void
  readonly context: CoreContext
  close(): Promise<void>
}

export function createCore(options: CoreOptions): Core {
  const db = openDb(options.dbPath)
  const context: CoreContext = {
    db,
    clock: options.clock ?? systemClock,
    events: new CoreEvents(),
    tools: createToolRegistry(shopTools),
    options: {
      dbPath: options.dbPath,
      host: options.host ?? 'in-process',
      version: options.version ?? '0.1.0'
    }
  }
  const handlers: Handlers = createHandlers(context)
  let closed = false

  return {
    context,
    invoke: (channel, input) => dispatch(handlers, channel, input) as never,
    invokeRaw: (channel, input) => dispatch(handlers, channel, input),
    subscribe: (listener) => context.events.subscribe(listener),
    async close() {
      if (closed) return
      closed = true
      db.close()
    }
  }
}
