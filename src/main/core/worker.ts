import { parentPort, workerData } from 'node:worker_threads'
import { fixedClock } from './clock'
import { turnBatcher } from '../turn-batcher'
import { createCore, type Core } from './create-core'
import type { KeyStore } from '../llm'
import type { StdioConfirm } from '../mcp-client/manager'
import type { FromWorker, KeyOperation, ToWorker, WorkerData } from './worker-protocol'

/** Entry of the core worker thread: owns the core and answers the host's messages. */
const port = parentPort
if (!port) throw new Error('core-worker must run in a worker thread')

// Under load a turn of the loop finishes many drafts at once; each postMessage wakes the host's
// thread (and on a busy machine lets it preempt this one), so a turn's messages go as one batch.
// Responses share the queue with events to keep their order.
const post = turnBatcher<FromWorker>((messages) =>
  port.postMessage(messages.length === 1 ? messages[0] : { type: 'batch', messages })
)

const keyRequests = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
let nextKeyRequest = 1
const askHost = (op: KeyOperation, providerId: string, key?: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const id = nextKeyRequest++
    keyRequests.set(id, { resolve, reject })
    post({ type: 'key-request', id, op, providerId, key })
  })
const hostKeyStore: KeyStore = {
  get: async (providerId) => (await askHost('get', providerId)) as string | undefined,
  has: async (providerId) => (await askHost('has', providerId)) === true,
  set: async (providerId, key) => {
    await askHost('set', providerId, key)
  },
  delete: async (name) => {
    await askHost('delete', name)
  }
}

const confirmRequests = new Map<number, (allowed: boolean) => void>()
const askHostToConfirm: StdioConfirm = (request) =>
  new Promise((resolve) => {
    const id = nextKeyRequest++
    confirmRequests.set(id, resolve)
    post({ type: 'confirm-request', id, request })
  })

const data = workerData as WorkerData
let core: Core
try {
  core = createCore({
    ...data,
    clock: data.clockIso ? fixedClock(data.clockIso) : undefined,
    llm: data.keysFromHost ? { ...data.llm, keys: hostKeyStore } : data.llm,
    confirmStdio: data.confirmFromHost ? askHostToConfirm : undefined
  })
  core.subscribe((event, payload) => post({ type: 'event', event, payload }))
  // Sent at once: the host waits for this very message before it listens for batches.
  port.postMessage({ type: 'ready' } satisfies FromWorker)
} catch (error) {
  port.postMessage({ type: 'start-failed', message: (error as Error).message } satisfies FromWorker)
  process.exit(1)
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    void core.close().then(() => post({ type: 'closed' }))
    return
  }
  if (message.type === 'key-response') {
    const waiting = keyRequests.get(message.id)
    keyRequests.delete(message.id)
    if (message.error) waiting?.reject(new Error(message.error))
    else waiting?.resolve(message.value)
    return
  }
  if (message.type === 'confirm-response') {
    confirmRequests.get(message.id)?.(message.allowed)
    confirmRequests.delete(message.id)
    return
  }
  if (message.type === 'request') {
    void core.invokeRaw(message.channel, message.input, message.caller).then((result) => {
      post({ type: 'response', id: message.id, result })
    })
  }
})
