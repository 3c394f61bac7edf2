import { chmod, mkdir, rename, rm, stat, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Where secrets live: provider API keys (by provider id) and the tokens of external MCP servers
 * (`mcp.<serverId>`). The web host and the CLI keep them in files only the user can read; the
 * Electron shell supplies one backed by safeStorage. Asynchronous because the core runs in a worker
 * thread and safeStorage only exists in the main process. A store keeps what it is given: which
 * key may go where, and the environment's keys, are the core's business (see provider-keys.ts).
 */
export interface KeyStore {
  get(name: string): Promise<string | undefined>
  set(name: string, value: string): Promise<void>
  has(name: string): Promise<boolean>
  delete(name: string): Promise<void>
}

export interface FileKeyStoreOptions {
  /** Folder of `<name>.key` files, e.g. `<userData>/keys`. */
  dir: string
  /** Told when a key file is refused; never given the key. */
  warn?: (message: string) => void
  platform?: NodeJS.Platform
}

/** Provider ids, and `mcp.<serverId>`: nothing that could leave the folder. */
export const SECRET_NAME = /^[a-z0-9][a-z0-9.-]*$/

export function secretFileName(name: string, extension: string): string {
  if (!SECRET_NAME.test(name) || name.includes('..')) throw new Error(`invalid key name "${name}"`)
  return `${name}.${extension}`
}

/** One line of text: what every store keeps (JSON for anything structured). */
export function cleanSecret(value: string): string {
  const clean = value.trim()
  if (!clean || /[\r\n]/.test(clean)) throw new Error('a key is one line of text')
  return clean
}

/** Writes a file only the user can read, atomically (a crash leaves the old one or the new one). */
export async function writePrivateFile(dir: string, file: string, data: string | Buffer): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const temp = `${file}.${process.pid}.tmp`
  await writeFile(temp, data, { mode: 0o600 })
  await chmod(temp, 0o600)
  await rename(temp, file)
}

/**
 * Keys in `<dir>/<name>.key`. A key file that group or others can read is refused (as ssh does with
 * a private key), with a warning saying how to fix it.
 */
export function createFileKeyStore(options: FileKeyStoreOptions): KeyStore {
  const warn = options.warn ?? ((message: string) => console.warn(`[keys] ${message}`))
  const checkMode = (options.platform ?? process.platform) !== 'win32'
  const fileOf = (name: string) => join(options.dir, secretFileName(name, 'key'))

  const get = async (name: string): Promise<string | undefined> => {
    const file = fileOf(name)
    let mode: number
    try {
      mode = (await stat(file)).mode
    } catch {
      return undefined
    }
    if (checkMode && (mode & 0o077) !== 0) {
      warn(
        `ignoring ${file}: it is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`
      )
      return undefined
    }
    return (await readFile(file, 'utf8')).trim() || undefined
  }

  return {
    get,
    has: async (name) => (await get(name)) !== undefined,
    set: async (name, value) => writePrivateFile(options.dir, fileOf(name), `${cleanSecret(value)}\n`),
    delete: async (name) => rm(fileOf(name), { force: true })
  }
}

/** For tests and for a shell that decrypts keys elsewhere and hands them over. */
export function createMemoryKeyStore(initial: Record<string, string> = {}): KeyStore {
  const keys = new Map(Object.entries(initial))
  return {
    get: async (name) => keys.get(name),
    has: async (name) => keys.has(name),
    async set(name, value) {
      keys.set(name, cleanSecret(value))
    },
    async delete(name) {
      keys.delete(name)
    }
  }
}

/**
 * Remembers what `store` answered for the session, so that a model call does not ask again: in
 * the desktop app every ask is a decryption on the window's thread. A write through this wrapper
 * replaces what it remembered; nothing else writes the store while the app runs.
 */
export function cachingKeyStore(store: KeyStore): KeyStore {
  const known = new Map<string, Promise<string | undefined>>()
  const get = (name: string): Promise<string | undefined> => {
    let value = known.get(name)
    if (!value) {
      value = store.get(name)
      known.set(name, value)
      // A failed read is not remembered: the next call asks again.
      value.catch(() => known.delete(name))
    }
    return value
  }
  return {
    get,
    has: async (name) => (await get(name)) !== undefined,
    async set(name, value) {
      known.delete(name)
      try {
        await store.set(name, value)
      } finally {
        known.delete(name)
      }
    },
    async delete(name) {
      known.delete(name)
      try {
        await store.delete(name)
      } finally {
        known.delete(name)
      }
    }
  }
}

const REDACTED = '[redacted]'
// Shapes of credentials even when we do not know the key: bearer tokens and the common vendor prefixes.
const credentialShapes = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{12,}/g,
  /\bAIza[A-Za-z0-9_-]{20,}/g
]

/**
 * Removes every known key (and anything shaped like a credential) from a text bound for a log, an
 * error message or the database. Providers sometimes echo a masked key ("sk-abc***xyz"); a token
 * starting with a key's first characters is removed too.
 */
export function redact(text: string, keys: readonly (string | undefined)[] = []): string {
  let out = text
  for (const key of keys) {
    if (!key || key.length < 6) continue
    out = out.split(key).join(REDACTED)
    const prefix = key.slice(0, Math.min(10, Math.max(6, Math.floor(key.length / 2))))
    out = out.replace(new RegExp(`${escapeRegExp(prefix)}\\S*`, 'g'), REDACTED)
  }
  for (const shape of credentialShapes) {
    out = out.replace(shape, (match, scheme?: string) =>
      scheme && /^(bearer|basic)$/i.test(scheme) ? `${scheme} ${REDACTED}` : REDACTED
    )
  }
  return out
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
