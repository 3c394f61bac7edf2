import { closeSync, existsSync, fchmodSync, mkdirSync, openSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/** Folders Frontline creates: only their owner may list or enter them (the database, keys). */
export const PRIVATE_DIR_MODE = 0o700
/** Files Frontline creates: only their owner may read them (customers' data, keys). */
export const PRIVATE_FILE_MODE = 0o600

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a part of the path is a file, not a folder',
  // mkdir answers ENOENT under an existing parent that takes no new folders (/proc, /sys).
  ENOENT: 'this file system does not take new folders there',
  ENAMETOOLONG: 'the path is too long'
}

const reasonOf = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException)?.code ?? ''
  return REASONS[code] ? `${REASONS[code]} (${code})` : ((error as Error)?.message ?? String(error))
}

/**
 * Creates `dir` and its missing parents, each readable by this user only. A folder that already
 * exists is left as it is: the user chose it (and maybe shares it on purpose). Each level is made
 * here because Node's recursive mkdir retries forever where mkdir answers ENOENT under a parent
 * that exists (`/proc/x`), which hung `frontline seed --db /proc/x/shop.db`.
 */
export function ensurePrivateDir(dir: string): void {
  const missing: string[] = []
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.unshift(at)
    if (dirname(at) === at) break
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode: PRIVATE_DIR_MODE })
    } catch (error) {
      // Another process made it meanwhile: as good as made here.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(folder).isDirectory()) continue
      throw new Error(`cannot create the folder ${folder}: ${reasonOf(error)}`)
    }
  }
  if (missing.length === 0 && !statSync(dir).isDirectory()) {
    throw new Error(`cannot use ${dir} as a folder: ${REASONS.ENOTDIR}`)
  }
}

/**
 * Makes an empty file readable by this user only, unless it exists. SQLite gives its -wal and -shm
 * files the mode of the database file, so a database created through this stays private whole.
 */
export function createPrivateFile(path: string): void {
  if (existsSync(path)) return
  ensurePrivateDir(dirname(path))
  let fd: number
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return
    throw new Error(`cannot create ${path}: ${reasonOf(error)}`)
  }
  try {
    // The umask may have taken bits away; it must not leave the owner unable to read.
    fchmodSync(fd, PRIVATE_FILE_MODE)
  } finally {
    closeSync(fd)
  }
}
