import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileKeyStore, createMemoryKeyStore, redact } from '../../src/main/llm/keys'

const KEY = 'sk-live-Zq81mNc0vB7xYt2Lp9Wd'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'frontline-keys-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('file key store', () => {
  it('writes a key file only the user can read, and reads it back', async () => {
    const store = createFileKeyStore({ dir })
    expect(await store.has('deepseek')).toBe(false)
    await store.set('deepseek', `  ${KEY}\n`)
    expect(((await stat(join(dir, 'deepseek.key'))).mode & 0o777).toString(8)).toBe('600')
    expect(await store.get('deepseek')).toBe(KEY)
    expect(await store.has('deepseek')).toBe(true)
  })

  it.skipIf(process.platform === 'win32')(
    'refuses a key file others can read, and says why without the key',
    async () => {
      const warnings: string[] = []
      const store = createFileKeyStore({ dir, warn: (m) => warnings.push(m) })
      const file = join(dir, 'openai.key')
      await writeFile(file, KEY)
      await chmod(file, 0o644)
      expect(await store.get('openai')).toBeUndefined()
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain('mode 644')
      expect(warnings[0]).toContain('chmod 600')
      expect(warnings[0]).not.toContain(KEY)
      await chmod(file, 0o600)
      expect(await store.get('openai')).toBe(KEY)
    }
  )

  it('rejects a name that could escape the folder, and a value of more than one line', async () => {
    const store = createFileKeyStore({ dir })
    await expect(store.set('../etc', KEY)).rejects.toThrow('invalid key name')
    await expect(store.set('mcp..x', KEY)).rejects.toThrow('invalid key name')
    await expect(store.set('openai', 'two\nlines')).rejects.toThrow('one line')
    await expect(createMemoryKeyStore().set('openai', '')).rejects.toThrow('one line')
  })
})

describe('redact', () => {
  it('removes a known key wherever it appears, and masked echoes of it', () => {
    const text = `Incorrect API key provided: ${KEY}. Also ${KEY.slice(0, 12)}***********Wd and "${KEY}"`
    const out = redact(text, [KEY])
    expect(out).not.toContain(KEY)
    expect(out).not.toContain(KEY.slice(0, 12))
    expect(out).toContain('Incorrect API key provided: [redacted]')
  })

  it('removes credential-shaped strings even when the key is unknown', () => {
    const out = redact(
      'Authorization: Bearer abcdefghijklmnop123 and sk-proj-abcdefghijklmnopqrstu and AIzaSyA1234567890abcdefghijkl'
    )
    expect(out).toBe('Authorization: Bearer [redacted] and [redacted] and [redacted]')
  })

  it('leaves ordinary text alone', () => {
    const text = 'Order ORD-20261103-AB12 shipped; DeepSeek answered HTTP 500: internal error'
    expect(redact(text, [KEY, undefined, ''])).toBe(text)
  })
})
