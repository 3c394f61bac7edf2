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

/**
 * The CLI's entry on this machine: the built cli.js beside this bundle (out/main, inside the
 * installed app too), else the repository's bin/frontline.js (running from sources, where this
 * file sits in src/main, as deep as out/main).
 */
export function cliScriptPath(): string {
  const beside = join(__dirname, 'cli.js')
  return existsSync(beside) ? beside : join(__dirname, '..', '..', 'bin', 'frontline.js')
}
