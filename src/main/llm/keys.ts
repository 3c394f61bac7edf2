import { chmod, mkdir, rename, stat, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Where API keys live. The web host and the CLI use the environment and key files; the Electron
 * shell supplies an implementation backed by safeStorage. Asynchronous because the core runs in a
 * worker thread and safeStorage only exists in the main process.
 */
export interface KeyStore {
  get(providerId: string): Promise<string | undefined>
  set(providerId: string, key: string): Promise<void>
  has(providerId: string): Promise<boolean>
}

export interface FileKeyStoreOptions {
  /** Folder of `<providerId>.key` files, e.g. `<userData>/keys`. */
  dir: string
  env?: NodeJS.ProcessEnv
  /** Told when a key file is refused; never given the key. */
  warn?: (message: string) => void
  platform?: NodeJS.Platform
}

const envName = (providerId: string) =>
  `FRONTLINE_${providerId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`

const validKey = (key: string | undefined): string | undefined => {
  const trimmed = key?.trim()
  return trimmed && !/\s/.test(trimmed) ? trimmed : undefined
}

/**
 * Keys from, in order: `FRONTLINE_<PROVIDER>_API_KEY`, then `FRONTLINE_API_KEY` (the key of
 * whichever provider is active), then `<dir>/<providerId>.key`. A key file that group or others
 * can read is refused (as ssh does with a private key), with a warning saying how to fix it.
 */
export function createFileKeyStore(options: FileKeyStoreOptions): KeyStore {
  const env = options.env ?? process.env
  const warn = options.warn ?? ((message: string) => console.warn(`[keys] ${message}`))
  const checkMode = (options.platform ?? process.platform) !== 'win32'
  const fileOf = (providerId: string) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(providerId)) throw new Error(`invalid provider id "${providerId}"`)
    return join(options.dir, `${providerId}.key`)
  }

  const fromFile = async (providerId: string): Promise<string | undefined> => {
    const file = fileOf(providerId)
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
    return validKey(await readFile(file, 'utf8'))
  }

  const get = async (providerId: string) =>
    validKey(env[envName(providerId)]) ?? validKey(env.FRONTLINE_API_KEY) ?? (await fromFile(providerId))

  return {
    get,
    has: async (providerId) => (await get(providerId)) !== undefined,
    async set(providerId, key) {
      const clean = validKey(key)
      if (!clean) throw new Error('an API key is one word without spaces')
      const file = fileOf(providerId)
      await mkdir(options.dir, { recursive: true, mode: 0o700 })
      const temp = `${file}.${process.pid}.tmp`
      await writeFile(temp, `${clean}\n`, { mode: 0o600 })
      await chmod(temp, 0o600)
      await rename(temp, file)
    }
  }
}

/** For tests and for a shell that decrypts keys elsewhere and hands them over. */
export function createMemoryKeyStore(initial: Record<string, string> = {}): KeyStore {
  const keys = new Map(Object.entries(initial))
  return {
    get: async (providerId) => keys.get(providerId),
    has: async (providerId) => keys.has(providerId),
    async set(providerId, key) {
      const clean = validKey(key)
      if (!clean) throw new Error('an API key is one word without spaces')
      keys.set(providerId, clean)
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
