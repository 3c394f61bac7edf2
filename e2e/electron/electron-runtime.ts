import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * The Electron binary, or null where it was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, CI
 * machines without a display). The `electron` package's main export is the binary's path, and
 * requiring it throws when the download never happened.
 */
export function electronExecutable(): string | null {
  try {
    const path: unknown = createRequire(__filename)('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}
