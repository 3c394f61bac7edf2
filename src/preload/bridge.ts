import { IPC_EVENT, IPC_INVOKE, isEventName, type FrontlineApi } from '../shared/contract'
import { createContractClient } from '../shared/contract-client'

/** The slice of Electron's ipcRenderer the bridge uses; tests drive it with a plain object. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

/**
 * window.frontline in the desktop app. Only the two contract IPC channels are reachable: the
 * renderer never gets ipcRenderer itself, and unknown channels or events are refused here too.
 */
export function createPreloadBridge(ipc: IpcRendererLike): FrontlineApi {
  return createContractClient({
    request: (channel, input) => ipc.invoke(IPC_INVOKE, channel, input),
    subscribe(listener) {
      const onEvent = (_event: unknown, name: unknown, payload: unknown): void => {
        if (isEventName(name)) listener(name, payload)
      }
      ipc.on(IPC_EVENT, onEvent)
      return () => ipc.removeListener(IPC_EVENT, onEvent)
    }
  })
}
