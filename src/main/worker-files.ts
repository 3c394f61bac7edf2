import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** The worker threads the build emits beside the bundles (electron.vite.config.ts). */
export type BuiltWorker = 'stream-worker' | 'checkpoint-worker' | 'import-read-worker'

/**
 * A built worker's file beside this bundle (out/main), or undefined when running from sources
 * (tests under Vitest), where the callers do the same work on their own thread instead.
 */
export function builtWorkerFile(name: BuiltWorker): string | undefined {
  const file = join(__dirname, `${name}.js`)
  return existsSync(file) ? file : undefined
}
