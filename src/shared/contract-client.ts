import {
  isChannel,
  isEventName,
  type Channel,
  type ChannelOutput,
  type ConnectionState,
  type EventName,
  type EventPayload,
  type FrontlineApi
} from './contract'
import { fail, type Result } from './result'

/** What a host must provide to carry the contract: a request/response and a stream of events. */
export interface ContractTransport {
  request(channel: Channel, input: unknown): Promise<unknown>
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void
  close?(): void
  /** For transports whose host can go away (the web bridge); see FrontlineApi.onConnection. */
  onConnection?(listener: (state: ConnectionState) => void): () => void
}

/**
 * Builds the renderer's FrontlineApi over a transport. Both the preload bridge and the web bridge
 * are this function; only the transport differs. Unknown channels are refused before they leave.
 */
export function createContractClient(transport: ContractTransport): FrontlineApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  let unsubscribe: (() => void) | null = null

  const ensureSubscribed = (): void => {
    if (unsubscribe) return
    unsubscribe = transport.subscribe((event, payload) => {
      if (!isEventName(event)) return
      for (const listener of listeners.get(event) ?? []) listener(payload)
    })
  }

  const onConnection = transport.onConnection?.bind(transport)
  return {
    ...(onConnection ? { onConnection } : {}),
    async invoke<K extends Channel>(channel: K, input: unknown): Promise<Result<ChannelOutput<K>>> {
      if (!isChannel(channel)) return fail('unknown_channel', `Unknown channel: ${String(channel)}`)
      try {
        return (await transport.request(channel, input)) as Result<ChannelOutput<K>>
      } catch (error) {
        return fail('unavailable', `The Frontline core did not answer: ${(error as Error).message}`)
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`)
      ensureSubscribed()
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const wrapped = listener as (payload: unknown) => void
      set.add(wrapped)
      return () => set.delete(wrapped)
    },
    close() {
      unsubscribe?.()
      transport.close?.()
    }
  }
}
