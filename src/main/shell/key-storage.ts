import type { KeyStorage } from '../../shared/domain/settings'

/** The part of Electron's safeStorage that tells whether it really encrypts. */
export interface SafeStorageProbe {
  isEncryptionAvailable(): boolean
  /** Linux only: which secret store Chromium picked; `basic_text` is a fixed, public key, not encryption. */
  getSelectedStorageBackend?(): string
}

/**
 * Where the desktop app keeps keys. safeStorage encrypts with the OS keychain, except on a Linux
 * desktop without a keyring, where its `basic_text` backend only obfuscates with a key every copy
 * of Chromium knows: keys then go to files only the user can read (as in the browser console), and
 * Settings says so rather than pretending they are encrypted.
 */
export function chooseKeyStorage(safeStorage: SafeStorageProbe, platform: NodeJS.Platform): KeyStorage {
  if (!safeStorage.isEncryptionAvailable()) {
    return {
      kind: 'file',
      notice:
        'This system offers no encrypted storage for secrets, so API keys and server tokens are kept in files only your user can read (keys/ beside the database).'
    }
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return {
      kind: 'file',
      notice:
        'Your desktop has no keyring (GNOME Keyring or KWallet), so Electron could only obfuscate keys, not encrypt them. API keys and server tokens are kept in files only your user can read (keys/ beside the database) instead.'
    }
  }
  return { kind: 'os-keychain', notice: null }
}
