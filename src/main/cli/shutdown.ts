import type { CliIo } from './command'

export interface ShutdownWatch {
  /** Resolves on the io's shutdown signal, or else on the first SIGINT or SIGTERM. */
  requested: Promise<void>
  /** Stops listening (the command ended another way). */
  dispose(): void
}

/**
 * Listens for a long-running command's stop request from the moment it is called. Call it before
 * the command announces it is ready: a SIGTERM sent on reading that line, before a listener was
 * there, would kill the process with the signal instead of letting it close and exit 0.
 */
export function watchForShutdown(io: CliIo): ShutdownWatch {
  let dispose = (): void => {}
  const requested = new Promise<void>((resolve) => {
    if (io.shutdown) {
      const signal = io.shutdown
      if (signal.aborted) return resolve()
      const stop = (): void => resolve()
      signal.addEventListener('abort', stop, { once: true })
      dispose = () => signal.removeEventListener('abort', stop)
      return
    }
    const stop = (): void => {
      dispose()
      resolve()
    }
    dispose = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return { requested, dispose: () => dispose() }
}
