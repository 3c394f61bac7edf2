import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { cleanSecret, secretFileName, writePrivateFile, type KeyStore } from '../llm/keys'

/** The part of Electron's safeStorage this store uses; passed in so the store is testable without Electron. */
export interface Encryptor {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux: `basic_text` means no keyring, so nothing would really be encrypted. */
  getSelectedStorageBackend?(): string
}

/**
 * The desktop app's keys: encrypted with the OS keychain through safeStorage, one `<name>.enc`
 * file each, readable only by the user. Which keys the environment supplies is the core's rule.
 * `alsoRead` is where a key not found here is looked for (the 0600 files the browser console and
 * the CLI write beside the same database); writes only ever go here.
 */
export function createSafeStorageKeyStore(options: {
  dir: string
  encryptor: Encryptor
  alsoRead?: KeyStore
}): KeyStore {
  const fileOf = (name: string): string => join(options.dir, secretFileName(name, 'enc'))
  const get = async (name: string): Promise<string | undefined> => {
    let encrypted: Buffer
    try {
      encrypted = await readFile(fileOf(name))
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

  const read = async (name: string): Promise<string | undefined> =>
    (await get(name)) ?? (await options.alsoRead?.get(name))

  return {
    get: read,
    has: async (name) => (await read(name)) !== undefined,
    async set(name, value) {
      const clean = cleanSecret(value)
      if (options.encryptor.getSelectedStorageBackend?.() === 'basic_text') {
        throw new Error(
          'This desktop has no keyring: the key would not be encrypted, so it is not stored here.'
        )
      }
      if (!options.encryptor.isEncryptionAvailable()) {
        throw new Error(
          'This system offers no encrypted storage for the key; set FRONTLINE_API_KEY in the environment instead.'
        )
      }
      await writePrivateFile(options.dir, fileOf(name), options.encryptor.encryptString(clean))
    },
    async delete(name) {
      await rm(fileOf(name), { force: true })
      await options.alsoRead?.delete(name)
    }
  }
}
