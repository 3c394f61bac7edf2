import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * Where the vendored τ²-bench retail data is (data/tau2-retail in the repository): found upward
 * from this file, so the built CLI (out/main) and the sources (src/main/eval/tau2) both find it.
 */
export function defaultRetailDataDir(from: string = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'data', 'tau2-retail')
    if (existsSync(join(candidate, 'db.json'))) return candidate
    if (dirname(dir) === dir) return null
  }
}
