import type { EventName, EventPayload } from '../../shared/contract'

export type CoreListener = (event: EventName, payload: unknown) => void

/** The core's push events; hosts forward them to the renderer unchanged. */
export class CoreEvents {
  private readonly listeners = new Set<CoreListener>()

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload)
      } catch (error) {
        console.error(`[core] listener for ${event} failed`, error)
      }
    }
  }

  subscribe(listener: CoreListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
