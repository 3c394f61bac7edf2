import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { durableTransaction, openDb, type Db } from '../../src/main/db/connection'
import { commitPendingTurn, commitPerTurn } from '../../src/main/db/turn-commit'

const dirs: string[] = []
const connections: Db[] = []
afterEach(() => {
  vi.restoreAllMocks()
  for (const connection of connections.splice(0)) if (connection.open) connection.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

// The grouped turn commits from a setImmediate queued by its first write, so it runs before this one.
const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

// A second connection sees only what was committed: that is what the grouping delays.
const committedValues = (reader: Db) => reader.prepare('SELECT v FROM t ORDER BY id').pluck().all()

describe('commitPerTurn', () => {
  let path: string
  let db: Db
  let reader: Db
  const insert = (v: string) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v)

  beforeEach(() => {
    const dir = mkdtempSync(join(tmpdir(), 'frontline-turn-commit-'))
    dirs.push(dir)
    path = join(dir, 'shop.db')
    db = openDb(path)
    connections.push(db)
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)')
    commitPerTurn(db)
    reader = new Database(path, { readonly: true })
    connections.push(reader)
  })

  it('commits the writes of one turn together when the turn ends', async () => {
    insert('a')
    insert('b')
    expect(db.inTransaction).toBe(true)
    expect(committedValues(reader)).toEqual([])

    await endOfTurn()
    expect(db.inTransaction).toBe(false)
    expect(committedValues(reader)).toEqual(['a', 'b'])
  })

  it('commits each turn on its own', async () => {
    insert('a')
    await endOfTurn()
    expect(committedValues(reader)).toEqual(['a'])

    insert('b')
    expect(db.inTransaction).toBe(true)
    expect(committedValues(reader)).toEqual(['a'])
    await endOfTurn()
    expect(committedValues(reader)).toEqual(['a', 'b'])
  })

  it('turns an explicit transaction that throws into a savepoint that undoes only its own writes', async () => {
    insert('a')
    const addTwo = db.transaction(() => {
      insert('b')
      insert('c')
      throw new Error('half done')
    })
    expect(() => addTwo()).toThrow('half done')
    expect(db.inTransaction).toBe(true)

    await endOfTurn()
    expect(committedValues(reader)).toEqual(['a'])
  })

  it('groups an explicit transaction with the turn, whichever variant is asked for', async () => {
    // Outside a turn these BEGIN a transaction; inside one they must nest instead of failing.
    db.transaction(() => insert('a')).immediate()
    expect(db.inTransaction).toBe(true)
    db.transaction(() => insert('b')).exclusive()
    db.transaction(() => insert('c'))()
    expect(committedValues(reader)).toEqual([])

    await endOfTurn()
    expect(committedValues(reader)).toEqual(['a', 'b', 'c'])
  })

  it('keeps the rest of the turn when a statement fails', async () => {
    insert('a')
    expect(() => insert('a')).toThrow(/UNIQUE/)
    expect(db.inTransaction).toBe(true)
    insert('b')

    await endOfTurn()
    expect(committedValues(reader)).toEqual(['a', 'b'])
  })

  it('opens the turn for a statement with RETURNING read through get or all', async () => {
    insert('a')
    await endOfTurn()

    const renamed = db.prepare('UPDATE t SET v = ? WHERE v = ? RETURNING v').get('A', 'a')
    expect(renamed).toEqual({ v: 'A' })
    expect(db.inTransaction).toBe(true)
    const added = db.prepare('insert into t (v) values (?), (?) returning v').all('b', 'c')
    expect(added).toEqual([{ v: 'b' }, { v: 'c' }])
    expect(committedValues(reader)).toEqual(['a'])

    await endOfTurn()
    expect(committedValues(reader)).toEqual(['A', 'b', 'c'])
  })

  it('leaves plain reads outside any transaction', () => {
    db.prepare('SELECT v FROM t').all()
    db.prepare('SELECT count(*) AS n FROM t').get()
    db.prepare('SELECT v FROM t').pluck().all()
    db.pragma('synchronous', { simple: true })
    expect(db.inTransaction).toBe(false)
  })

  it('commits the pending turn when the connection closes', () => {
    insert('a')
    insert('b')
    db.close()

    const reopened = new Database(path, { readonly: true })
    connections.push(reopened)
    expect(committedValues(reopened)).toEqual(['a', 'b'])
  })

  it('commits the pending turn at once through commitPendingTurn', async () => {
    insert('a')
    commitPendingTurn(db)
    expect(db.inTransaction).toBe(false)
    expect(committedValues(reader)).toEqual(['a'])

    // The setImmediate the first write queued finds nothing left to commit.
    await endOfTurn()
    expect(db.inTransaction).toBe(false)
    expect(committedValues(reader)).toEqual(['a'])
  })

  it('leaves alone a connection that does not group its turns', () => {
    const other = new Database(path)
    connections.push(other)
    other.exec('BEGIN')
    commitPendingTurn(other)
    expect(other.inTransaction).toBe(true)
    other.exec('ROLLBACK')
  })

  it('rolls the turn back and starts afresh when its commit fails', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    // A deferred foreign key is checked only at COMMIT, which is how a commit can fail here.
    db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`)
    insert('a')
    db.prepare('INSERT INTO child (parent_id) VALUES (?)').run(42)

    await endOfTurn()
    expect(error).toHaveBeenCalledOnce()
    expect(db.inTransaction).toBe(false)
    expect(committedValues(reader)).toEqual([])

    insert('b')
    await endOfTurn()
    expect(committedValues(reader)).toEqual(['b'])
  })

  describe('durableTransaction', () => {
    it('commits the pending turn before it starts and its own writes when it returns', () => {
      insert('a')
      let seenInside: unknown[] = []
      let synchronousInside: unknown
      durableTransaction(db, () => {
        seenInside = committedValues(reader)
        synchronousInside = db.pragma('synchronous', { simple: true })
        insert('b')
      })

      expect(seenInside).toEqual(['a'])
      expect(synchronousInside).toBe(2) // FULL
      expect(db.inTransaction).toBe(false)
      expect(committedValues(reader)).toEqual(['a', 'b'])
      expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    })

    it('rolls back only its own writes when it throws', () => {
      insert('a')
      expect(() =>
        durableTransaction(db, () => {
          insert('b')
          throw new Error('declined')
        })
      ).toThrow('declined')

      expect(db.inTransaction).toBe(false)
      expect(committedValues(reader)).toEqual(['a'])
      expect(db.pragma('synchronous', { simple: true })).toBe(1)
    })

    it('lets a later write of the same turn group into a new turn transaction', async () => {
      insert('a')
      durableTransaction(db, () => insert('b'))
      insert('c')
      expect(db.inTransaction).toBe(true)
      expect(committedValues(reader)).toEqual(['a', 'b'])

      await endOfTurn()
      expect(db.inTransaction).toBe(false)
      expect(committedValues(reader)).toEqual(['a', 'b', 'c'])
    })
  })
})
