import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../../src/main/db/connection'
import { latestSchemaVersion, migrate, migrations, NewerDatabaseError } from '../../src/main/db/migrate'
import { actionByPeopleSql, actionSql } from '../../src/main/db/repositories/actions'
import { orderIdRangeForDate, orderSql } from '../../src/main/db/repositories/orders'
import { productSearchSql } from '../../src/main/db/repositories/products'
import { assignmentSql, ticketListSql } from '../../src/main/db/repositories/tickets'

const dirs: string[] = []
const tmpDbPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontline-migrations-'))
  dirs.push(dir)
  return join(dir, 'shop.db')
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const tableNames = (db: Db) =>
  (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
      name: string
    }[]
  ).map((r) => r.name)

describe('migrations', () => {
  // Numbers are handed out to work done in parallel, so a branch may skip some until it is merged.
  it('are numbered upward from 1, each number once', () => {
    const versions = migrations.map((m) => m.version)
    expect(versions[0]).toBe(1)
    expect(versions.every((v, i) => i === 0 || v > (versions[i - 1] ?? 0))).toBe(true)
    expect(latestSchemaVersion).toBe(versions.at(-1))
  })

  it('apply on a fresh database', () => {
    const db = openDb(':memory:')
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion)
    expect(tableNames(db)).toEqual(
      expect.arrayContaining([
        'customers',
        'products',
        'products_fts',
        'orders',
        'order_items',
        'tickets',
        'messages'
      ])
    )
    expect(tableNames(db)).toEqual(
      expect.arrayContaining(['actions', 'returns', 'return_items', 'refunds', 'llm_calls'])
    )
    const recorded = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as {
      version: number
    }[]
    expect(recorded.map((r) => r.version)).toEqual(migrations.map((m) => m.version))
    expect(db.pragma('foreign_key_check')).toEqual([])
    db.close()
  })

  it('are safe to run twice and keep the data', () => {
    const path = tmpDbPath()
    const first = openDb(path)
    first
      .prepare(
        `INSERT INTO customers (id, name, email, created_at) VALUES ('CUS-000001', 'Ada', 'ada@example.com', 'now')`
      )
      .run()
    expect(migrate(first)).toBe(latestSchemaVersion)
    first.close()

    const second = openDb(path)
    expect(second.pragma('user_version', { simple: true })).toBe(latestSchemaVersion)
    expect(second.prepare('SELECT name FROM customers').all()).toEqual([{ name: 'Ada' }])
    expect(second.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({
      n: migrations.length
    })
    second.close()
  })

  it('refuse a database written by a newer Frontline, with a clear message', () => {
    const path = tmpDbPath()
    const raw = new Database(path)
    raw.pragma(`user_version = ${latestSchemaVersion + 1}`)
    raw.close()

    expect(() => openDb(path)).toThrow(NewerDatabaseError)
    expect(() => openDb(path)).toThrow(
      `schema ${latestSchemaVersion + 1}; this version knows up to ${latestSchemaVersion}`
    )
    expect(() => openDb(path)).toThrow(/Update Frontline/)
  })

  it('0004 flags the drafts written without the AI, those already sent included', () => {
    const db = new Database(':memory:')
    migrate(
      db,
      migrations.filter((m) => m.version < 4)
    )
    db.exec(`INSERT INTO tickets (id, subject, status, priority, created_at, updated_at, last_customer_message_at)
      VALUES ('TKT-000001', 'Where is my order?', 'pending', 'normal', 'now', 'now', 'now')`)
    const insert = db.prepare(
      `INSERT INTO drafts (id, ticket_id, status, reason, created_at, updated_at) VALUES (?, 'TKT-000001', ?, ?, 'now', 'now')`
    )
    const why = 'Written without the AI: the AI provider returned an error.'
    insert.run('DRF-fallback', 'fallback', why)
    insert.run('DRF-sent-fallback', 'sent', why)
    insert.run('DRF-sent', 'sent', null)
    insert.run('DRF-ready', 'ready', null)
    insert.run('DRF-failed', 'failed', 'The AI provider returned an error.')

    expect(migrate(db)).toBe(latestSchemaVersion)
    const flagged = db
      .prepare('SELECT id, written_without_ai AS flag, reason FROM drafts ORDER BY id')
      .all() as { id: string; flag: number; reason: string | null }[]
    expect(Object.fromEntries(flagged.map((r) => [r.id, r.flag]))).toEqual({
      'DRF-fallback': 1,
      'DRF-sent-fallback': 1,
      'DRF-sent': 0,
      'DRF-ready': 0,
      'DRF-failed': 0
    })
    expect(flagged.find((r) => r.id === 'DRF-sent-fallback')?.reason).toBe(why)
    expect(() => db.prepare(`UPDATE drafts SET written_without_ai = 2 WHERE id = 'DRF-sent'`).run()).toThrow(
      /CHECK constraint failed/
    )
    db.close()
  })

  it('0005 stores a decision without a result as SQL NULL, not the JSON text null', () => {
    const db = new Database(':memory:')
    migrate(
      db,
      migrations.filter((m) => m.version < 5)
    )
    const insert = db.prepare(
      `INSERT INTO actions (id, kind, status, payload, eligibility, origin, created_at, result)
       VALUES (?, 'return', ?, '{}', '{}', 'agent', 'now', ?)`
    )
    insert.run('ACT-rejected', 'rejected', 'null')
    insert.run('ACT-applied', 'applied', '{"returnId":"RET-1"}')
    expect(migrate(db)).toBe(latestSchemaVersion)
    expect(db.prepare('SELECT id, result FROM actions ORDER BY id').all()).toEqual([
      { id: 'ACT-applied', result: '{"returnId":"RET-1"}' },
      { id: 'ACT-rejected', result: null }
    ])
    db.close()
  })

  it('roll back every pending migration when one fails', () => {
    const db = new Database(':memory:')
    const list = [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE b (x INTEGER); THIS IS NOT SQL;' }
    ]
    expect(() => migrate(db, list)).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(tableNames(db)).toEqual([])
    db.close()
  })
})

describe('hot queries use their indexes', () => {
  const db = openDb(':memory:')
  const plan = (sql: string, params: unknown): string =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as never) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ')

  it('ticket list filtered by status', () => {
    const { page } = ticketListSql({ status: true, priority: false, search: false, sort: 'age' })
    const detail = plan(page, { status: '["open","new"]', limit: 50, offset: 0 })
    expect(detail).toMatch(/SEARCH t USING INDEX tickets_status \(status=\?/)
    expect(detail).not.toMatch(/SCAN t\b/)
  })

  it('ticket list without filter walks the age index instead of sorting', () => {
    const { page } = ticketListSql({ status: false, priority: false, search: false, sort: 'age' })
    const detail = plan(page, { limit: 50, offset: 0 })
    expect(detail).toMatch(/USING INDEX tickets_last_message/)
    expect(detail).not.toMatch(/TEMP B-TREE/)
  })

  it("ticket list rows find their latest draft and pending actions through the ticket's indexes", () => {
    const { page } = ticketListSql({ status: false, priority: false, search: false, sort: 'age' })
    const detail = plan(page, { limit: 50, offset: 0 })
    expect(detail).toMatch(/SEARCH d USING INDEX drafts_ticket \(ticket_id=\?\)/)
    expect(detail).toMatch(/SEARCH a USING INDEX actions_ticket \(ticket_id=\?\)/)
    expect(detail).not.toMatch(/SCAN (d|a)\b/)
  })

  it('ticket list filtered by draft status still walks the age index', () => {
    const { page } = ticketListSql({
      status: false,
      priority: false,
      search: false,
      draftStatus: true,
      sort: 'age'
    })
    const detail = plan(page, { draftStatus: '["ready"]', limit: 50, offset: 0 })
    expect(detail).toMatch(/USING INDEX tickets_last_message/)
    expect(detail).not.toMatch(/SCAN d\b/)
  })

  it('ticket list of drafts written without the AI starts from those drafts', () => {
    const { page, count } = ticketListSql({
      status: false,
      priority: false,
      search: false,
      draftWrittenWithoutAi: true,
      sort: 'age'
    })
    for (const sql of [page, count]) {
      const detail = plan(sql, sql === page ? { limit: 50, offset: 0 } : {})
      expect(detail).toMatch(/SCAN drafts USING COVERING INDEX drafts_written_without_ai/)
      expect(detail).toMatch(/SEARCH t USING INDEX sqlite_autoindex_tickets_1 \(id=\?\)/)
      expect(detail).toMatch(/SEARCH d USING INDEX drafts_ticket \(ticket_id=\?\)/)
      expect(detail).not.toMatch(/SCAN (t|d)\b/)
    }
  })

  it('ticket list awaiting approval starts from the pending actions', () => {
    const { page } = ticketListSql({
      status: false,
      priority: false,
      search: false,
      awaitingApproval: true,
      sort: 'age'
    })
    const detail = plan(page, { limit: 50, offset: 0 })
    expect(detail).toMatch(/SEARCH actions USING INDEX actions_status \(status=\?\)/)
    expect(detail).toMatch(/SEARCH t USING INDEX sqlite_autoindex_tickets_1 \(id=\?\)/)
  })

  it("a customer's orders, newest first", () => {
    const detail = plan(orderSql.forCustomer, ['CUS-000001', 20])
    expect(detail).toMatch(/SEARCH o USING INDEX orders_customer_recent \(customer_id=\?\)/)
    expect(detail).not.toMatch(/SCAN o\b/)
    // The index gives the order, so the scan stops at the limit instead of sorting every order.
    expect(detail).not.toMatch(/TEMP B-TREE/)
    const headlines = plan(orderSql.headlinesForCustomer, ['CUS-000001', 5])
    expect(headlines).toMatch(/SEARCH orders USING INDEX orders_customer_recent \(customer_id=\?\)/)
    expect(headlines).not.toMatch(/TEMP B-TREE/)
  })

  it('the orders of one date, by a range on the primary key', () => {
    const detail = plan(orderSql.idsOnDate, {
      ...orderIdRangeForDate('20261103'),
      customerId: null,
      limit: 10
    })
    expect(detail).toMatch(
      /SEARCH orders USING (COVERING )?INDEX sqlite_autoindex_orders_1 \(id>\? AND id<\?\)/
    )
  })

  it('order ids looked up in bulk by primary key', () => {
    const detail = plan(orderSql.existingIds, ['["ORD-20261103-AB12"]'])
    expect(detail).toMatch(/SEARCH orders USING INDEX sqlite_autoindex_orders_1 \(id=\?\)/)
  })

  it('the approvals queue and the actions of an order', () => {
    expect(plan(actionSql.pending, [50])).toMatch(/SEARCH actions USING INDEX actions_status \(status=\?\)/)
    expect(plan(actionSql.listByStatus, { status: 'applied' })).toMatch(
      /SEARCH actions USING INDEX actions_status \(status=\?\)/
    )
    expect(plan(actionSql.listByTicket, { ticketId: 'TKT-000001', status: 'pending_approval' })).toMatch(
      /SEARCH actions USING INDEX actions_ticket \(ticket_id=\?\)/
    )
    expect(plan(actionSql.claimsForOrder, ['ORD-20261103-AB12'])).toMatch(
      /USING INDEX actions_order \(order_id=\?/
    )
  })

  it("team mode: a person's tickets, the unassigned queue and the round-robin's new tickets use their indexes", () => {
    for (const assignee of ['person', 'unassigned'] as const) {
      const { page } = ticketListSql({ status: false, priority: false, search: false, assignee, sort: 'age' })
      const detail = plan(page, { assignee: 'PER-1', limit: 50, offset: 0 })
      expect(detail).toMatch(/SEARCH t USING INDEX tickets_assignee \(assignee_id=\?\)/)
      expect(detail).not.toMatch(/TEMP B-TREE/)
    }
    expect(plan(assignmentSql.neverAssigned, ['2026-11-20T00:00:00.000Z'])).toMatch(
      /SEARCH tickets USING INDEX tickets_never_assigned \(created_at>\?\)/
    )
  })

  it('approvals filtered by who proposed or decided start from those people', () => {
    const decided = actionByPeopleSql({ status: true, ticketId: false, decidedBy: true })
    expect(plan(decided, { decidedBy: 'PER-1', status: 'applied' })).toMatch(
      /SEARCH actions USING INDEX actions_decided_by \(decided_by_id=\?\)/
    )
    const proposed = actionByPeopleSql({
      status: false,
      ticketId: false,
      proposedBy: 'person',
      decidedBy: false
    })
    expect(plan(proposed, { proposedBy: 'PER-1' })).toMatch(
      /SEARCH actions USING INDEX actions_proposed_by \(proposed_by_id=\?\)/
    )
  })

  it('product search is driven by the full-text index', () => {
    const detail = plan(productSearchSql, {
      match: '"shoe"',
      category: null,
      maxPriceCents: null,
      inStockOnly: 0,
      limit: 10
    })
    expect(detail).toMatch(/SCAN products_fts VIRTUAL TABLE INDEX/)
    expect(detail).toMatch(
      /SEARCH p USING INDEX sqlite_autoindex_products_1|SEARCH p USING INTEGER PRIMARY KEY/
    )
  })
})
