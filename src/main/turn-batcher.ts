/**
 * Gathers the messages one turn of the event loop produces and sends them as one batch when the
 * turn ends. Across threads, every `postMessage` wakes the receiver; at hundreds of conversations
 * in flight, one per message was the largest item of the profile.
 */
export function turnBatcher<T>(send: (batch: T[]) => void): (message: T) => void {
  let outbox: T[] = []
  const flush = () => {
    const batch = outbox
    outbox = []
    send(batch)
  }
  return (message) => {
    if (outbox.length === 0) setImmediate(flush)
    outbox.push(message)
  }
}
