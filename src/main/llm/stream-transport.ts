import { Worker } from 'node:worker_threads'
import { createSdkClients, runCompletion, type StreamCall, type StreamEnd } from './completion-stream'
import type { Fetch } from './node-http-fetch'
import { turnBatcher } from '../turn-batcher'

/** Runs completions (streamed, or whole when no one reads the tokens): on this thread, or in the stream worker. */
export interface StreamTransport {
  stream(call: StreamCall): Promise<StreamEnd>
  close(): Promise<void>
}

/** Messages to the stream worker, sent in batches (one `postMessage` per turn of the loop). */
export type ToStreamWorker =
  | { type: 'call'; id: number; endpoint: StreamCall['endpoint']; body: StreamCall['body'] }
  | { type: 'abort'; id: number }

/** Messages from it, batched the same way. */
export type FromStreamWorker =
  { type: 'text'; id: number; text: string } | { type: 'end'; id: number; end: StreamEnd }

/** Streams on the calling thread (the demo model's in-process fetch, the tests, and where no worker is built). */
export function inThreadStreams(fetch?: Fetch): StreamTransport {
  const clientFor = createSdkClients(fetch)
  return {
    stream: (call) => runCompletion(clientFor(call.endpoint), call),
    close: async () => undefined
  }
}

interface PendingCall {
  resolve(end: StreamEnd): void
  onText(text: string): void
  text: string
}

/**
 * How long an aborted call waits for the worker's own account of what streamed (it answers at once
 * unless it is stuck); after that the call ends with the text seen here.
 */
const ABORT_GRACE_MS = 1_000

/**
 * The stream worker's young generation. At hundreds of calls in flight the worker allocates about
 * 150 MB a second (the SDK's request and header handling, the HTTP client, the SSE decoding). At
 * V8's default size that made about 200 scavenges in a benchmark run at 500 conversations, pausing
 * the thread for 1.4 s of its 10, each one also calling on V8's helper threads when no core was
 * free. At this size, about 50 pause it for 0.6 s, and the process spends 5 to 10 % less CPU per
 * conversation (BENCHMARKS.md). V8 commits the space only as the load needs it: peak RSS grows by
 * about 200 MB at 500 concurrent drafts and not at all at 50.
 */
const STREAM_WORKER_YOUNG_GENERATION_MB = 256

/**
 * Streams in a worker thread. At hundreds of calls in flight, the SDK's request building, the
 * HTTP client and the SSE decoding were about half of the core thread's CPU; here they run beside
 * it, on the other core, and only the deltas and the assembled answer come back. The worker
 * starts with the first call, holds the process open only while calls are in flight, and is
 * started again if it ever dies (the calls it had end as failures, never hang).
 */
export function workerStreams(file: string): StreamTransport {
  let worker: Worker | undefined
  let post: ((message: ToStreamWorker) => void) | undefined
  const pending = new Map<number, PendingCall>()
  let nextId = 1

  const settle = (id: number, end: StreamEnd) => {
    const call = pending.get(id)
    if (!call) return
    pending.delete(id)
    if (pending.size === 0) worker?.unref()
    call.resolve(end)
  }
  const failAll = (message: string) => {
    for (const [id, call] of pending) {
      settle(id, {
        received: call.text.length > 0,
        content: call.text,
        toolCalls: [],
        finished: false,
        failure: { kind: 'error', message, unhealthy: false }
      })
    }
  }
  const start = (): ((message: ToStreamWorker) => void) => {
    const started = new Worker(file, {
      resourceLimits: { maxYoungGenerationSizeMb: STREAM_WORKER_YOUNG_GENERATION_MB }
    })
    started.on('message', (batch: FromStreamWorker[]) => {
      for (const message of batch) {
        if (message.type === 'end') settle(message.id, message.end)
        else {
          const call = pending.get(message.id)
          if (!call) continue
          call.text += message.text
          try {
            call.onText(message.text)
          } catch (error) {
            // A listener's bug must not cost the other calls in this batch their answers.
            console.error('[llm] a stream listener failed', error)
          }
        }
      }
    })
    const gone = (why: string) => {
      if (worker !== started) return
      worker = undefined
      post = undefined
      failAll(`Frontline's connection thread stopped (${why}); the call did not finish.`)
    }
    started.on('error', (error) => gone(error.message))
    started.on('exit', (code) => gone(`exit code ${code}`))
    // After the listeners: adding a 'message' listener refs the worker again.
    started.unref()
    worker = started
    return turnBatcher<ToStreamWorker>((batch) => started.postMessage(batch))
  }

  return {
    stream(call) {
      post ??= start()
      const send = post
      const id = nextId++
      return new Promise<StreamEnd>((resolve) => {
        const onAbort = () => {
          send({ type: 'abort', id })
          // The worker's end says what streamed (tool-call fragments too), which is what gets billed;
          // a worker too busy or stuck to answer in time still cannot hold the call.
          const grace = setTimeout(() => {
            const waiting = pending.get(id)
            if (!waiting) return
            const { text } = waiting
            settle(id, { received: text.length > 0, content: text, toolCalls: [], finished: false })
          }, ABORT_GRACE_MS)
          grace.unref()
        }
        if (pending.size === 0) worker?.ref()
        pending.set(id, {
          resolve: (end) => {
            call.signal.removeEventListener('abort', onAbort)
            resolve(end)
          },
          onText: call.onText,
          text: ''
        })
        if (call.signal.aborted) {
          settle(id, { received: false, content: '', toolCalls: [], finished: false })
          return
        }
        call.signal.addEventListener('abort', onAbort, { once: true })
        send({ type: 'call', id, endpoint: call.endpoint, body: call.body })
      })
    },
    async close() {
      const closing = worker
      worker = undefined
      post = undefined
      failAll('Frontline is closing.')
      // An idle worker is unref'd: held again so the process waits for it to end.
      closing?.ref()
      await closing?.terminate()
    }
  }
}
