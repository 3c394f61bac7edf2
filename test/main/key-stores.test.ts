import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMockOpenAi } from '../../src/main/bench/mock-openai-server'
import { startCoreWorker } from '../../src/main/core/core-worker-host'
import { openDb } from '../../src/main/db/connection'
import { createMemoryKeyStore, type KeyStore } from '../../src/main/llm'
import { createSafeStorageKeyStore, type Encryptor } from '../../src/main/shell/safe-storage-key-store'
import { createSafeStorageSessionStore } from '../../src/main/shell/safe-storage-session-store'
import { ShopBuilder } from '../support/shop-builder'
import { builtAppProblem, builtMain } from '../support/built-app'

/** Stands in for Electron's safeStorage: reversible, and the plain key never appears in what it writes. */
const fakeSafeStorage = (available = true): Encryptor => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain) =>
    Buffer.from(`enc:${Buffer.from(plain).toString('base64').split('').reverse().join('')}`),
  decryptString: (data) => {
    const text = data.toString()
    if (!text.startsWith('enc:')) throw new Error('not ours')
    return Buffer.from(text.slice(4).split('').reverse().join(''), 'base64').toString()
  }
})

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-keys-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the desktop key store (safeStorage)', () => {
  it('keeps the key encrypted in a file only the user can read', async () => {
    const keys = createSafeStorageKeyStore({ dir, encryptor: fakeSafeStorage() })
    expect(await keys.has('openai')).toBe(false)
    await keys.set('openai', 'sk-desktop-0123456789')
    const file = join(dir, 'openai.enc')
    expect(readFileSync(file, 'utf8')).not.toContain('sk-desktop')
    expect(statSync(file).mode & 0o077).toBe(0)
    expect(await keys.get('openai')).toBe('sk-desktop-0123456789')
  })

  it('refuses to store a key without encryption', async () => {
    const keys = createSafeStorageKeyStore({ dir, encryptor: fakeSafeStorage(false) })
    await expect(keys.set('openai', 'sk-desktop-0123456789')).rejects.toThrow(/no encrypted storage/)
  })
})

describe('the desktop’s team session (safeStorage)', () => {
  it('keeps the token encrypted for the next start, forgets it on sign-out, and never writes it in clear', async () => {
    const file = join(dir, 'team-session.enc')
    const token = 'tok_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG'
    const store = createSafeStorageSessionStore({ file, encryptor: fakeSafeStorage() })
    await store.save(token)
    expect(readFileSync(file, 'utf8')).not.toContain(token)
    expect(statSync(file).mode & 0o077).toBe(0)
    expect(await createSafeStorageSessionStore({ file, encryptor: fakeSafeStorage() }).load()).toBe(token)
    await store.save(null)
    expect(await createSafeStorageSessionStore({ file, encryptor: fakeSafeStorage() }).load()).toBeNull()

    // No encryption here: the session lasts this run only.
    const plain = createSafeStorageSessionStore({ file, encryptor: fakeSafeStorage(false) })
    await plain.save(token)
    expect(await plain.load()).toBe(token)
    expect(() => statSync(file)).toThrow()
  })
})

const problem = builtAppProblem(['core-worker.js'])
describe.skipIf(problem !== null)(
  `the core worker asks its host for keys${problem ? ` (skipped: ${problem})` : ''}`,
  () => {
    it('drafts with a key the host thread holds, and stores a new one there', async () => {
      const dbPath = join(dir, 'shop.db')
      const shop = new ShopBuilder(openDb(dbPath))
      const customer = shop.customer()
      shop.product({ id: 'PRD-0001' })
      shop.order({
        id: 'ORD-20261115-AB12',
        customerId: customer,
        status: 'shipped',
        items: [{ productId: 'PRD-0001', quantity: 1 }]
      })
      const ticket = shop.ticket({ customerId: customer, status: 'new' })
      shop.message(ticket, { body: 'Where is ORD-20261115-AB12?', createdAt: '2026-11-20T09:00:00.000Z' })
      shop.db.close()

      const mock = await startMockOpenAi()
      const stored = createMemoryKeyStore({ custom: 'sk-host-thread-key-42' })
      const asked: string[] = []
      const hostKeys: KeyStore = {
        ...stored,
        get: (name) => {
          asked.push(name)
          return stored.get(name)
        }
      }
      const core = await startCoreWorker(
        { dbPath, env: { FRONTLINE_BASE_URL: mock.baseURL, FRONTLINE_MODEL: 'gpt-4.1' } },
        builtMain('core-worker.js'),
        hostKeys
      )
      try {
        const saved = await core.invoke('settings.setApiKey', {
          providerId: 'openai',
          apiKey: 'sk-typed-in-settings'
        })
        expect(saved).toEqual({ ok: true, value: { providerId: 'openai', keySet: true, keyNeeded: null } })
        // Kept with the origin it was entered for.
        expect(JSON.parse((await stored.get('openai'))!)).toEqual({
          key: 'sk-typed-in-settings',
          origin: 'https://api.openai.com'
        })

        const changed = new Promise<void>((resolve) => {
          core.subscribe((event, payload) => {
            if (event === 'draft.changed' && (payload as { status: string }).status !== 'generating')
              resolve()
          })
        })
        await core.invoke('settings.update', { defaultModel: { providerId: 'custom', model: 'gpt-4.1' } })
        const started = await core.invoke('drafts.generate', { ticketId: ticket })
        expect(started.ok).toBe(true)
        await changed
        expect(mock.requests[0]?.headers.authorization).toBe('Bearer sk-host-thread-key-42')

        // Every later call uses the key the core remembered: the host decrypted it once.
        for (let i = 0; i < 3; i++) {
          const done = new Promise<void>((resolve) => {
            core.subscribe((event, payload) => {
              if (event === 'draft.changed' && (payload as { status: string }).status !== 'generating')
                resolve()
            })
          })
          expect((await core.invoke('drafts.generate', { ticketId: ticket })).ok).toBe(true)
          await done
        }
        expect(mock.requests.length).toBeGreaterThanOrEqual(4)
        expect(asked.filter((name) => name === 'custom')).toEqual(['custom'])
      } finally {
        await core.close()
        await mock.close()
      }
    })
  }
)
