import { parentPort, workerData } from 'node:worker_threads'
import { fixedClock } from './clock'
import { createCore, type Core } from './create-core'
import type { FromWorker, ToWorker, WorkerData } from './worker-protocol'

/** Entry of the core worker thread: owns the core and answers the host's messages. */
const port = parentPort
if (!port) throw new Error('core-worker must run in a worker thread')
const post = (message: FromWorker): void => port.postMessage(message)

const data = workerData as WorkerData
let core: Core
try {
  core = createCore({ ...data, clock: data.clockIso ? fixedClock(data.clockIso) : undefined })
  core.subscribe((event, payload) => post({ type: 'event', event, payload }))
  post({ type: 'ready' })
} catch (error) {
  post({ type: 'start-failed', message: (error as Error).message })
  process.exit(1)
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    void core.close().then(() => post({ type: 'closed' }))
    return
  }
  if (message.type === 'request') {
    void core.invokeRaw(message.channel, message.input).then((result) => {
      post({ type: 'response', id: message.id, result })
    })
  }
})
