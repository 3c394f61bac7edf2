import { Worker } from 'node:worker_threads'
import { join } from 'node:path'
import type { EventName } from '../../shared/contract'
import { fail, type Result } from '../../shared/result'
import type { Caller } from '../../shared/domain/caller'
import type { KeyStore } from '../llm'
import type { StdioConfirm } from '../mcp-client/manager'
import type { FromWorker, KeyOperation, ToWorker, WorkerData } from './worker-protocol'

/**
 * The host side of the core worker. The Electron main process and the web host keep their event
 * loops free for the UI by running the core here and only routing contract messages.
 */
export interface CoreWorkerHost {
  invoke(channel: unknown, input: unknown, caller?: Caller | null): Promise<Result<unknown>>
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void
  close(): Promise<void>
}

/** What the host does for each of the core's key requests. */
const KEY_OPERATIONS: Record<
  KeyOperation,
  (keys: KeyStore, name: string, value: string) => Promise<string | boolean | undefined>
> = {
  get: (keys, name) => keys.get(name),
  has: (keys, name) => keys.has(name),
  set: (keys, name, value) => keys.set(name, value).then(() => true),
  delete: (keys, name) => keys.delete(name).then(() => true)
}

export async function startCoreWorker(
  options: WorkerData,
  workerFile = join(__dirname, 'core-worker.js'),
  /** Answers the core's key requests from this thread (Electron's safeStorage lives here). */
  hostKeys?: KeyStore,
  /** Asks the person before a new stdio MCP server runs (Electron's dialogs live here). */
  hostConfirm?: StdioConfirm
): Promise<CoreWorkerHost> {
  const worker = new Worker(workerFile, {
    workerData: {
      ...options,
      keysFromHost: hostKeys !== undefined,
      confirmFromHost: hostConfirm !== undefined
    } satisfies WorkerData
  })
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new Set<(event: EventName, payload: unknown) => void>()
  let nextId = 1
  let onClosed: (() => void) | null = null

  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: FromWorker): void => {
      if (message.type === 'ready') resolve()
      if (message.type === 'start-failed') reject(new Error(message.message))
    }
    worker.once('message', onMessage)
    worker.once('error', reject)
  })

  const receive = (message: FromWorker): void => {
    if (message.type === 'batch') {
      for (const inner of message.messages) receive(inner)
    } else if (message.type === 'response') {
      pending.get(message.id)?.(message.result)
      pending.delete(message.id)
    } else if (message.type === 'event') {
      for (const listener of listeners) listener(message.event, message.payload)
    } else if (message.type === 'closed') {
      onClosed?.()
    } else if (message.type === 'key-request') {
      void answerKeyRequest(message)
    } else if (message.type === 'confirm-request') {
      // A dialog that fails to open is a no: nothing runs without a yes.
      void (hostConfirm?.(message.request) ?? Promise.resolve(false))
        .catch(() => false)
        .then((allowed) => send({ type: 'confirm-response', id: message.id, allowed }))
    }
  }
  worker.on('message', receive)
  worker.on('error', (error) => console.error('[core-worker] error', error))
  worker.on('exit', (code) => {
    for (const resolve of pending.values()) resolve(fail('unavailable', `The core stopped (exit ${code}).`))
    pending.clear()
  })

  const send = (message: ToWorker): void => worker.postMessage(message)
  async function answerKeyRequest(request: Extract<FromWorker, { type: 'key-request' }>): Promise<void> {
    try {
      if (!hostKeys) throw new Error('this host keeps no API keys')
      const value = await KEY_OPERATIONS[request.op](hostKeys, request.providerId, request.key ?? '')
      send({ type: 'key-response', id: request.id, value })
    } catch (error) {
      // The message only: a key store's error never carries the key, and the stack stays here.
      send({ type: 'key-response', id: request.id, error: (error as Error).message })
    }
  }
  return {
    invoke(channel, input, caller) {
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, resolve)
        send({ type: 'request', id, channel, input, ...(caller === undefined ? {} : { caller }) })
      })
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      await new Promise<void>((resolve) => {
        onClosed = resolve
        send({ type: 'close' })
        setTimeout(resolve, 2000).unref()
      })
      await worker.terminate()
    }
  }
}
