import { homedir } from 'node:os'
import { posix, resolve, win32 } from 'node:path'

/** Where the data folder is looked up; tests pass their own to check every platform from one. */
export interface DataDirContext {
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  home?: string
}

/**
 * The per-user folder that holds the database. FRONTLINE_DATA_DIR wins (tests, portable installs);
 * otherwise each platform's usual place for application data.
 */
export function defaultDataDir(context: DataDirContext = {}): string {
  const env = context.env ?? process.env
  const platform = context.platform ?? process.platform
  const home = context.home ?? homedir()

  const override = env.FRONTLINE_DATA_DIR?.trim()
  if (override) return resolve(override)

  if (platform === 'win32') {
    return win32.join(env.APPDATA?.trim() || win32.join(home, 'AppData', 'Roaming'), 'Frontline')
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'Frontline')
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME?.trim()
  return xdg && posix.isAbsolute(xdg)
    ? posix.join(xdg, 'frontline')
    : posix.join(home, '.local', 'share', 'frontline')
}

export const DB_FILE_NAME = 'frontline.db'

export function defaultDbPath(context: DataDirContext = {}): string {
  const dir = defaultDataDir(context)
  return (context.platform ?? process.platform) === 'win32'
    ? win32.join(dir, DB_FILE_NAME)
    : posix.join(dir, DB_FILE_NAME)
}
