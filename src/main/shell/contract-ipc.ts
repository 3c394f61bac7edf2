import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract'
import { fail, type Result } from '../../shared/result'
import type { CoreBackend } from '../web/core-backend'

/**
 * Routes the renderer's contract calls to the backend (the core worker, or a team server) and its
 * events back to the window. The main process only forwards: validation happens in the dispatcher.
 */
export function registerContractIpc(
  ipcMain: IpcMain,
  core: Pick<CoreBackend, 'invoke'>,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean
): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) {
      console.warn('[shell] refused IPC from', event.senderFrame?.url ?? 'a destroyed frame')
      return fail('not_allowed', 'This page may not talk to the Frontline core.')
    }
    return core.invoke(channel, input)
  })
  return () => ipcMain.removeHandler(IPC_INVOKE)
}

export function forwardCoreEvents(
  core: Pick<CoreBackend, 'subscribe'>,
  target: () => WebContents | null
): () => void {
  return core.subscribe((event, payload) => {
    const contents = target()
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT, event, payload)
  })
}
