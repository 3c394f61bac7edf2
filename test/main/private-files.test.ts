import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDb } from '../../src/main/db/connection'
import { createFileKeyStore } from '../../src/main/llm'
import { ensurePrivateDir } from '../../src/main/private-files'
import { builtAppProblem } from '../support/built-app'
import { runFrontline, STACK_FRAME, startFrontline } from '../support/spawn-cli'

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8)

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-private-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('files Frontline creates are private to the user', () => {
  it('creates the database folder 0700 and the database, its -wal and -shm 0600', () => {
    const dbPath = join(dir, 'new', 'nested', 'shop.db')
    const db = openDb(dbPath)
    try {
      db.prepare(`INSERT INTO settings (key, value) VALUES ('probe', '1')`).run()
      expect(modeOf(join(dir, 'new'))).toBe('700')
      expect(modeOf(join(dir, 'new', 'nested'))).toBe('700')
      for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) expect(modeOf(file), file).toBe('600')
    } finally {
      db.close()
    }
  })

  it('leaves a folder the user chose as it is, and a database that already exists', () => {
    const chosen = join(dir, 'shared')
    mkdirSync(chosen)
    chmodSync(chosen, 0o755)
    const existing = join(chosen, 'existing.db')
    openDb(existing).close()
    chmodSync(existing, 0o640)
    openDb(join(chosen, 'shop.db')).close()
    openDb(existing).close()
    expect(modeOf(chosen)).toBe('755')
    expect(modeOf(join(chosen, 'shop.db'))).toBe('600')
    expect(modeOf(existing)).toBe('640')
  })

  it('keeps API keys in a 0700 folder beside the database', async () => {
    const store = createFileKeyStore({ dir: join(dir, 'keys') })
    await store.set('deepseek', 'sk-private-files-test')
    expect(modeOf(join(dir, 'keys'))).toBe('700')
    expect(modeOf(join(dir, 'keys', 'deepseek.key'))).toBe('600')
  })

  it('says which folder it cannot make, and why', () => {
    const file = join(dir, 'a-file')
    writeFileSync(file, '')
    expect(() => ensurePrivateDir(join(file, 'sub'))).toThrow(
      `cannot create the folder ${join(file, 'sub')}: a part of the path is a file, not a folder (ENOTDIR)`
    )
    expect(() => ensurePrivateDir(file)).toThrow(
      `cannot use ${file} as a folder: a part of the path is a file, not a folder`
    )
    expect(() => openDb(dir)).toThrow(`cannot open the database ${dir}: it is a folder, not a database file`)
    const notDb = join(dir, 'notes.txt')
    writeFileSync(notDb, 'x'.repeat(4096))
    expect(() => openDb(notDb)).toThrow(`cannot open the database ${notDb}: file is not a database`)
  })
})

const problem = builtAppProblem()
describe.skipIf(problem !== null)(`from the built CLI${problem ? ` (skipped: ${problem})` : ''}`, () => {
  it('creates the per-user data folder 0700, with the database 0600 while it is in use', async () => {
    const dataDir = join(dir, 'home', 'frontline')
    const server = startFrontline(['serve', '--port', '0'], { env: { FRONTLINE_DATA_DIR: dataDir } })
    try {
      await server.waitFor(/^Frontline chat channel: /m)
      const dbPath = join(dataDir, 'frontline.db')
      expect(modeOf(join(dir, 'home'))).toBe('700')
      expect(modeOf(dataDir)).toBe('700')
      for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) expect(modeOf(file), file).toBe('600')
    } finally {
      expect((await server.stop()).code).toBe(0)
    }
  })

  it('exits 1 with the reason for a database path it cannot create, instead of hanging', async () => {
    for (const args of [
      ['seed', '--demo', '--db', '/proc/frontline-forbidden/shop.db'],
      ['draft', '--all-new', '--db', '/proc/frontline-forbidden/shop.db']
    ]) {
      const exited = await runFrontline(args, { timeoutMs: 20_000 })
      expect(exited.code, exited.stderr).toBe(1)
      expect(exited.stderr).toMatch(/\/proc\/frontline-forbidden/)
      expect(exited.stderr).not.toMatch(STACK_FRAME)
    }
    const noDbOption = await runFrontline(['tool', 'list'], {
      env: { FRONTLINE_DATA_DIR: '/proc/frontline-forbidden/data' },
      timeoutMs: 20_000
    })
    expect(noDbOption.code).toBe(1)
    expect(noDbOption.stderr).toBe(
      'frontline tool: cannot create the folder /proc/frontline-forbidden: ' +
        'this file system does not take new folders there (ENOENT)\n'
    )
    expect(existsSync('/proc/frontline-forbidden')).toBe(false)
  })
})
