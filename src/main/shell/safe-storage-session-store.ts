import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { SessionStore } from '../team-client/remote-backend'
import type { Encryptor } from './safe-storage-key-store'

/**
 * The desktop's team session token, encrypted by the OS keychain (Electron's safeStorage) in one
 * file readable only by the user. Without encryption it is kept for this run only: signing in
 * again at the next start is better than a bearer token in clear on disk.
 */
export function createSafeStorageSessionStore(options: { file: string; encryptor: Encryptor }): SessionStore {
  let inMemory: string | null = null
  return {
    async load() {
      if (inMemory) return inMemory
      if (!options.encryptor.isEncryptionAvailable()) return null
      try {
        return options.encryptor.decryptString(await readFile(options.file)).trim() || null
      } catch {
        return null
      }
    },
    async save(token) {
      inMemory = token
      if (token === null) {
        await rm(options.file, { force: true })
        return
      }
      if (!options.encryptor.isEncryptionAvailable()) return
      await mkdir(dirname(options.file), { recursive: true, mode: 0o700 })
      await writeFile(options.file, options.encryptor.encryptString(token), { mode: 0o600 })
      await chmod(options.file, 0o600)
    }
  }
}
