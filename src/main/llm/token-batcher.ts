import { systemTimers, type Timers } from './timers'

export interface TokenBatcher {
  push(text: string): void
  /** Sends whatever is buffered now (at the end of a stream, or before reporting a failure). */
  flush(): void
}

export interface TokenBatchOptions {
  intervalMs?: number
  maxChars?: number
  timers?: Timers
  onError?: (error: unknown) => void
}

/**
 * Streamed tokens cross a worker boundary and then IPC; one message per token would flood both.
 * Text is buffered and sent every `intervalMs` or once `maxChars` have gathered, whichever first.
 */
export function createTokenBatcher(
  emit: (text: string) => void,
  options: TokenBatchOptions = {}
): TokenBatcher {
  const timers = options.timers ?? systemTimers
  const intervalMs = options.intervalMs ?? 50
  const maxChars = options.maxChars ?? 64
  let buffer = ''
  let timer: unknown = undefined

  const flush = () => {
    if (timer !== undefined) timers.clearTimeout(timer)
    timer = undefined
    if (buffer.length === 0) return
    const out = buffer
    buffer = ''
    try {
      emit(out)
    } catch (error) {
      options.onError?.(error)
    }
  }

  return {
    push(text) {
      if (!text) return
      buffer += text
      if (buffer.length >= maxChars) flush()
      else if (timer === undefined) timer = timers.setTimeout(flush, intervalMs)
    },
    flush
  }
}
