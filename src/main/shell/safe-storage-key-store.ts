import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KeyStore } from '../llm'

/** The part of Electron's safeStorage this store uses; passed in so the store is testable without Electron. */
export interface Encryptor {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
}

const PROVIDER_ID = /^[a-z0-9][a-z0-9-]*$/
const envName = (providerId: string) =>
  `FRONTLINE_${providerId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`

/**
 * The desktop app's keys: encrypted with the OS keychain through safeStorage, one
 * `<providerId>.enc` file each, readable only by the user. A key in the environment
 * (FRONTLINE_<PROVIDER>_API_KEY, then FRONTLINE_API_KEY) wins, as in the CLI and the web host.
 */
export function createSafeStorageKeyStore(options: {
  dir: string
  encryptor: Encryptor
  env?: NodeJS.ProcessEnv
}): KeyStore {
  const env = options.env ?? process.env
  const fileOf = (providerId: string): string => {
    if (!PROVIDER_ID.test(providerId)) throw new Error(`invalid provider id "${providerId}"`)
    return join(options.dir, `${providerId}.enc`)
  }
  const fromFile = async (providerId: string): Promise<string | undefined> => {
    let encrypted: Buffer
    try {
      encrypted = await readFile(fileOf(providerId))
    } catch {
      return undefined
    }
    if (!options.encryptor.isEncryptionAvailable()) return undefined
    try {
      return options.encryptor.decryptString(encrypted).trim() || undefined
    } catch {
      // Encrypted under another OS account or keychain: as good as absent; the person enters it again.
      return undefined
    }
  }
  const get = async (providerId: string): Promise<string | undefined> =>
    env[envName(providerId)]?.trim() || env.FRONTLINE_API_KEY?.trim() || (await fromFile(providerId))

  return {
    get,
    has: async (providerId) => (await get(providerId)) !== undefined,
    async set(providerId, key) {
      const clean = key.trim()
      if (!clean || /\s/.test(clean)) throw new Error('an API key is one word without spaces')
      if (!options.encryptor.isEncryptionAvailable()) {
        throw new Error(
          'This system offers no encrypted storage for the key; set FRONTLINE_API_KEY in the environment instead.'
        )
      }
      const file = fileOf(providerId)
      await mkdir(options.dir, { recursive: true, mode: 0o700 })
      const temp = `${file}.${process.pid}.tmp`
      await writeFile(temp, options.encryptor.encryptString(clean), { mode: 0o600 })
      await chmod(temp, 0o600)
      await rename(temp, file)
    }
  }
}
