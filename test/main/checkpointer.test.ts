import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { startCheckpointer, type Checkpointer } from '../../src/main/db/checkpointer'
import { openDb, type Db } from '../../src/main/db/connection'
import { builtAppProblem, builtMain } from '../support/built-app'

const dirs: string[] = []
const open: { db?: Db; checkpointer?: Checkpointer }[] = []
afterEach(async () => {
  for (const { db, checkpointer } of open.splice(0)) {
    await checkpointer?.close()
    if (db?.open) db.close()
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const shopDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-checkpointer-'))
  dirs.push(dir)
  const path = join(dir, 'shop.db')
  const db = openDb(path)
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)')
  return { dir, path, db }
}
const autocheckpoint = (db: Db) => db.pragma('wal_autocheckpoint', { simple: true })
const until = async (check: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const problem = builtAppProblem(['checkpoint-worker.js'])

it.skipIf(problem !== null)(
  `copies the WAL into the database from its worker, with checkpoints off on the core's connection${problem ? ` (skipped: ${problem})` : ''}`,
  async () => {
    const { path, db } = shopDb()
    const checkpointer = startCheckpointer(db, path, builtMain('checkpoint-worker.js'), 50)
    open.push({ db, checkpointer })
    await until(() => autocheckpoint(db) === 0)

    const before = statSync(path).size
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)')
    db.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run('x'.repeat(200))
    })()
    // With its own checkpoints off, only the worker can have moved the rows into the database file.
    await until(() => statSync(path).size > before + 200_000)

    await checkpointer.close()
    expect(autocheckpoint(db)).toBe(1000)
  }
)

it('hands checkpoints back to the connection when its worker stops', async () => {
  const { dir, path, db } = shopDb()
  // A worker that says it is ready, then dies.
  const dying = join(dir, 'dying-worker.js')
  writeFileSync(
    dying,
    "const { parentPort } = require('node:worker_threads'); parentPort.postMessage('ready'); setTimeout(() => process.exit(3), 50)"
  )
  const checkpointer = startCheckpointer(db, path, dying, 50)
  open.push({ db, checkpointer })
  await until(() => autocheckpoint(db) === 0)
  await until(() => autocheckpoint(db) === 1000)
  // Closing after it died does not wait for a worker that is gone.
  await checkpointer.close()
})

it('leaves checkpoints on when its worker cannot start', async () => {
  const { dir, path, db } = shopDb()
  const broken = join(dir, 'broken-worker.js')
  writeFileSync(broken, "throw new Error('cannot start')")
  const checkpointer = startCheckpointer(db, path, broken, 50)
  open.push({ db, checkpointer })
  await checkpointer.close()
  expect(autocheckpoint(db)).toBe(1000)
})
