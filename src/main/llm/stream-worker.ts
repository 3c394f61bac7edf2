import { parentPort } from 'node:worker_threads'
import { createSdkClients, runCompletion } from './completion-stream'
import { createNodeHttpFetch } from './node-http-fetch'
import type { FromStreamWorker, ToStreamWorker } from './stream-transport'
import { turnBatcher } from '../turn-batcher'

/** Entry of the stream worker thread (see `workerStreams`): runs the SDK's calls, streamed or whole. */
const port = parentPort
if (!port) throw new Error('stream-worker must run in a worker thread')

const clientFor = createSdkClients(createNodeHttpFetch())
const running = new Map<number, AbortController>()
let last: FromStreamWorker | undefined
const post = turnBatcher<FromStreamWorker>((batch) => {
  last = undefined
  port.postMessage(batch)
})
const send = (message: FromStreamWorker) => {
  // Deltas of one call within a turn travel as one message.
  if (message.type === 'text' && last?.type === 'text' && last.id === message.id) {
    last.text += message.text
    return
  }
  last = message
  post(message)
}

port.on('message', (batch: ToStreamWorker[]) => {
  for (const message of batch) {
    if (message.type === 'abort') {
      running.get(message.id)?.abort()
      continue
    }
    const { id, endpoint, body } = message
    const controller = new AbortController()
    running.set(id, controller)
    void runCompletion(clientFor(endpoint), {
      endpoint,
      body,
      signal: controller.signal,
      onText: (text) => send({ type: 'text', id, text })
    }).then((end) => {
      running.delete(id)
      send({ type: 'end', id, end })
    })
  }
})
