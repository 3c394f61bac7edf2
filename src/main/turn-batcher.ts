/**
 * Messages for another thread are sent in batches: at most this many, and whatever a turn of the
 * event loop left when it ends. A thread working through a clump of hundreds of conversations in
 * one turn (an HTTP poll, a batch from the other thread) then lets the other thread start on the
 * first of them meanwhile, instead of handing it the whole clump at the end. Measured on the chat
 * benchmark in twelve interleaved pairs: median p50 520 → 478 ms, p99 615 → 574 ms, for about 3 %
 * more CPU per conversation (BENCHMARKS.md).
 */
export const MAX_BATCH = 16

/**
 * Gathers the messages one turn of the event loop produces and sends them in batches, each as
 * soon as it holds MAX_BATCH and the rest when the turn ends. Across threads, every `postMessage`
 * wakes the receiver; at hundreds of conversations in flight, one per message was the largest
 * item of the profile.
 */
export function turnBatcher<T>(send: (batch: T[]) => void): (message: T) => void {
  let outbox: T[] = []
  let scheduled = false
  const take = (): T[] => {
    const batch = outbox
    outbox = []
    return batch
  }
  const flush = () => {
    scheduled = false
    if (outbox.length > 0) send(take())
  }
  return (message) => {
    outbox.push(message)
    if (outbox.length >= MAX_BATCH) send(take())
    else if (!scheduled) {
      scheduled = true
      setImmediate(flush)
    }
  }
}
