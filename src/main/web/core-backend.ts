import type { EventName } from '../../shared/contract'
import type { Result } from '../../shared/result'
import type { Caller } from '../../shared/domain/caller'
import { fixedClock } from '../core/clock'
import { createCore } from '../core/create-core'
import { startCoreWorker } from '../core/core-worker-host'
import type { WorkerData } from '../core/worker-protocol'

/** What a host routes contract messages to, wherever the core runs. */
export interface CoreBackend {
  /** `caller` absent: the core's default caller (see CoreOptions.defaultCaller). */
  invoke(channel: unknown, input: unknown, caller?: Caller | null): Promise<Result<unknown>>
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void
  close(): Promise<void>
}

/** Plain data only (no `clock` object): in worker mode these options are posted to another thread. */
export type CoreBackendOptions = Omit<WorkerData, 'clock'> & {
  /** Runs the core on this thread: for tests, where no built worker file exists. */
  inProcess?: boolean
  workerFile?: string
}

export async function startCoreBackend(options: CoreBackendOptions): Promise<CoreBackend> {
  const { inProcess, workerFile, clockIso, ...coreOptions } = options
  if (!inProcess) return startCoreWorker({ ...coreOptions, clockIso }, workerFile)
  const core = createCore({ ...coreOptions, clock: clockIso ? fixedClock(clockIso) : undefined })
  return {
    invoke: (channel, input, caller) => core.invokeRaw(channel, input, caller),
    subscribe: (listener) => core.subscribe(listener),
    close: () => core.close()
  }
}
