import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../../src/main/db/connection'
import {
  FOREIGN_KEYS_OFF_MARKER,
  ForeignKeyViolationError,
  latestSchemaVersion,
  migrate,
  migrations,
  NewerDatabaseError
} from '../../src/main/db/migrate'
import {
  actionByPeopleSql,
  actionSql,
  decidersSql,
  decisionHistorySql,
  getAction,
  listDecidedActions
} from '../../src/main/db/repositories/actions'
import { seedDemoShop } from '../../src/main/db/fixtures/seed-demo-shop'
import { ticketHistorySql } from '../../src/main/db/repositories/audit-log'
import { interruptOrphanedDraftsSql } from '../../src/main/db/repositories/drafts'
import { orderFeedSql } from '../../src/main/db/repositories/order-feed'
import { noticeSql } from '../../src/main/core/notices'
import { orderIdRangeForDate, orderSql } from '../../src/main/db/repositories/orders'
import { productBrowseSql, productSearchSql } from '../../src/main/db/repositories/products'
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
  it('are numbered from 1 without gaps, each number once', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1))
    expect(latestSchemaVersion).toBe(migrations.length)
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

  it('core_instances leaves the drafts written before it without an owner', () => {
    const coreInstances = migrations.find((m) => m.name === 'core_instances')!
    const db = new Database(':memory:')
    migrate(
      db,
      migrations.filter((m) => m.version < coreInstances.version)
    )
    db.exec(`INSERT INTO tickets (id, subject, status, priority, created_at, updated_at, last_customer_message_at)
      VALUES ('TKT-000001', 'Where is my order?', 'pending', 'normal', 'now', 'now', 'now')`)
    db.exec(`INSERT INTO drafts (id, ticket_id, status, created_at, updated_at)
      VALUES ('DRF-old', 'TKT-000001', 'generating', 'now', 'now')`)
    expect(migrate(db)).toBe(latestSchemaVersion)
    // No owner: the next core to start takes it for a crash's leftover.
    expect(db.prepare(`SELECT owner FROM drafts WHERE id = 'DRF-old'`).pluck().get()).toBeNull()
    expect(db.prepare('SELECT COUNT(*) FROM core_instances').pluck().get()).toBe(0)
    db.close()
  })

  it('guest_chats_and_product_browsing keeps every chat session and watched action, and lets a session link no account', () => {
    const guestChats = migrations.find((m) => m.name === 'guest_chats_and_product_browsing')!
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(
      db,
      migrations.filter((m) => m.version < guestChats.version)
    )
    db.exec(`INSERT INTO customers (id, name, email, created_at) VALUES ('CUS-000001', 'Ada', 'ada@example.com', 'now');
      INSERT INTO tickets (id, customer_id, subject, status, priority, channel, created_at, updated_at, last_customer_message_at)
        VALUES ('TKT-000001', 'CUS-000001', 'Chat: hi', 'open', 'normal', 'chat', 'now', 'now', 'now'),
               ('TKT-000002', NULL, 'Chat: hello', 'open', 'normal', 'chat', 'now', 'now', 'now');
      INSERT INTO chat_sessions (id, ticket_id, customer_id, state, created_at, updated_at)
        VALUES ('CHS-1', 'TKT-000001', 'CUS-000001', 'awaiting_approval', 'then', 'now');
      INSERT INTO actions (id, kind, status, payload, eligibility, origin, created_at)
        VALUES ('ACT-1', 'return', 'pending_approval', '{}', '{}', 'agent', 'now');
      INSERT INTO chat_action_watch (action_id, session_id, created_at) VALUES ('ACT-1', 'CHS-1', 'now');`)

    expect(migrate(db)).toBe(latestSchemaVersion)
    expect(db.prepare('SELECT * FROM chat_sessions').all()).toEqual([
      {
        id: 'CHS-1',
        ticket_id: 'TKT-000001',
        customer_id: 'CUS-000001',
        claimed_customer_id: 'CUS-000001',
        state: 'awaiting_approval',
        created_at: 'then',
        updated_at: 'now'
      }
    ])
    expect(db.prepare('SELECT action_id, session_id, notified_at FROM chat_action_watch').all()).toEqual([
      { action_id: 'ACT-1', session_id: 'CHS-1', notified_at: null }
    ])
    db.prepare(
      `INSERT INTO chat_sessions (id, ticket_id, customer_id, claimed_customer_id, state, created_at, updated_at)
       VALUES ('CHS-2', 'TKT-000002', NULL, 'guest', 'open', 'now', 'now')`
    ).run()
    // The watch still refers to the sessions (renamed with the table), and keys stay checked.
    db.exec(`INSERT INTO actions (id, kind, status, payload, eligibility, origin, created_at)
      VALUES ('ACT-2', 'return', 'pending_approval', '{}', '{}', 'agent', 'now')`)
    expect(() =>
      db
        .prepare(
          `INSERT INTO chat_action_watch (action_id, session_id, created_at) VALUES ('ACT-2', 'CHS-9', 'now')`
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
    expect(() =>
      db
        .prepare(
          `INSERT INTO chat_sessions (id, ticket_id, customer_id, claimed_customer_id, state, created_at, updated_at)
          VALUES ('CHS-3', 'TKT-000001', 'CUS-404', 'x', 'open', 'now', 'now')`
        )
        .run()
    ).toThrow(/FOREIGN KEY|UNIQUE/)
    expect(db.pragma('foreign_key_check')).toEqual([])
    const sql = (
      db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'chat_action_watch'`).get() as { sql: string }
    ).sql
    expect(sql).toContain('REFERENCES "chat_sessions"')
    db.close()
  })

  it('ticket_handling rebuilds tickets for on_hold, keeping every row, rowid and what points at them', () => {
    const handling = migrations.find((m) => m.name === 'ticket_handling')
    if (!handling) throw new Error('the ticket_handling migration is missing')
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(
      db,
      migrations.filter((m) => m.version < handling.version)
    )
    db.exec(`
      INSERT INTO customers (id, name, email, created_at) VALUES ('CUS-000001', 'Ada', 'ada@example.com', 'now');
      INSERT INTO tickets (rowid, id, customer_id, subject, status, priority, channel, created_at, updated_at, last_customer_message_at)
        VALUES (41, 'TKT-000041', 'CUS-000001', 'Cracked lid', 'open', 'high', 'chat', 'a', 'b', 'c');
      INSERT INTO messages (ticket_id, author, author_name, body, created_at)
        VALUES ('TKT-000041', 'customer', '', 'The teapot lid arrived cracked', 'c');
      INSERT INTO drafts (id, ticket_id, status, created_at, updated_at) VALUES ('DRF-1', 'TKT-000041', 'ready', 'c', 'c');
      INSERT INTO actions (id, kind, status, ticket_id, payload, created_at) VALUES ('ACT-1', 'return', 'pending_approval', 'TKT-000041', '{}', 'c');
      INSERT INTO chat_sessions (id, ticket_id, customer_id, claimed_customer_id, state, created_at, updated_at)
        VALUES ('CHS-1', 'TKT-000041', 'CUS-000001', 'CUS-000001', 'open', 'c', 'c');
    `)

    expect(migrate(db)).toBe(latestSchemaVersion)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.prepare('SELECT rowid, id, subject, status, priority, channel FROM tickets').all()).toEqual([
      {
        rowid: 41,
        id: 'TKT-000041',
        subject: 'Cracked lid',
        status: 'open',
        priority: 'high',
        channel: 'chat'
      }
    ])
    for (const table of ['messages', 'drafts', 'actions', 'chat_sessions']) {
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get(), table).toEqual({ n: 1 })
    }
    // The thread written before is in the full-text index; the new columns say nothing of old rows.
    expect(db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH '"teapot"'`).all()).toEqual([
      { rowid: 1 }
    ])
    expect(db.prepare('SELECT internal, composed_by, sent_by FROM messages').get()).toEqual({
      internal: 0,
      composed_by: null,
      sent_by: null
    })
    db.exec(`UPDATE tickets SET status = 'on_hold' WHERE id = 'TKT-000041'`)
    expect(() => db.exec(`UPDATE tickets SET status = 'snoozed'`)).toThrow(/CHECK constraint failed/)
    // The index follows edits and deletions of the thread.
    db.exec(`UPDATE messages SET body = 'The saucer arrived chipped'`)
    const matches = (word: string) =>
      db.prepare(`SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH ?`).get(`"${word}"`)
    expect([matches('teapot'), matches('saucer')]).toEqual([{ n: 0 }, { n: 1 }])
    db.exec(
      `INSERT INTO ticket_tags (ticket_id, tag, source, set_by, set_at) VALUES ('TKT-000041', 'vip', 'person', 'Rosa', 'c')`
    )
    expect(() =>
      db.exec(
        `INSERT INTO ticket_tags (ticket_id, tag, source, set_by, set_at) VALUES ('TKT-000041', 'x', 'robot', 'R', 'c')`
      )
    ).toThrow(/CHECK constraint failed/)
    db.exec(`DELETE FROM chat_sessions; DELETE FROM actions; DELETE FROM drafts; DELETE FROM tickets`)
    expect(db.prepare('SELECT COUNT(*) AS n FROM ticket_tags').get()).toEqual({ n: 0 })
    expect(matches('saucer')).toEqual({ n: 0 })
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

const typedActions = migrations.find((m) => m.name === 'typed_actions')
if (!typedActions) throw new Error('the migration that types actions by kind is missing')

/** A database at the schema just before `typed_actions`, with an applied return and all that points at it. */
function databaseBeforeTypedActions(): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(
    db,
    migrations.filter((m) => m.version < (typedActions?.version ?? 0))
  )
  db.exec(`
    INSERT INTO customers (id, name, email, created_at) VALUES ('CUS-000001', 'Ada', 'ada@example.com', 'now');
    INSERT INTO products (id, name, description, category, price_cents) VALUES ('PRD-0001', 'Kettle', 'Boils.', 'Kitchen', 4999);
    INSERT INTO orders (id, customer_id, status, placed_at, delivered_at, subtotal_cents, shipping_cents, total_cents)
      VALUES ('ORD-20261103-AB12', 'CUS-000001', 'delivered', 'now', 'now', 9998, 500, 10498);
    INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents) VALUES (7, 'ORD-20261103-AB12', 'PRD-0001', 2, 4999);
    INSERT INTO tickets (id, customer_id, subject, status, priority, created_at, updated_at, last_customer_message_at)
      VALUES ('TKT-000001', 'CUS-000001', 'Broken kettle', 'open', 'normal', 'now', 'now', 'now');
    INSERT INTO actions (id, kind, status, ticket_id, order_id, payload, amount_cents, currency, created_at, result)
      VALUES ('ACT-1', 'return', 'applied', 'TKT-000001', 'ORD-20261103-AB12', '{"order_id":"ORD-20261103-AB12"}', 4999, 'USD', 'now', '{"returnId":"RET-1"}');
    INSERT INTO actions (id, kind, status, ticket_id, payload, created_at)
      VALUES ('ACT-2', 'external_tool', 'pending_approval', 'TKT-000001', '{}', 'now');
    INSERT INTO returns (id, action_id, order_id, reason, created_at) VALUES ('RET-1', 'ACT-1', 'ORD-20261103-AB12', 'damaged', 'now');
    INSERT INTO return_items (return_id, order_item_id, quantity) VALUES ('RET-1', 7, 1);
    INSERT INTO refunds (id, action_id, order_id, return_id, amount_cents, currency, created_at)
      VALUES ('REF-1', 'ACT-1', 'ORD-20261103-AB12', 'RET-1', 4999, 'USD', 'now');
    INSERT INTO chat_sessions (id, ticket_id, customer_id, claimed_customer_id, state, created_at, updated_at)
      VALUES ('CHS-1', 'TKT-000001', 'CUS-000001', 'CUS-000001', 'awaiting_approval', 'now', 'now');
    INSERT INTO chat_action_watch (action_id, session_id, created_at) VALUES ('ACT-2', 'CHS-1', 'now');
  `)
  return db
}

describe('actions typed by kind in code (typed_actions)', () => {
  it('keeps every action and what points at it, and no longer lists the kinds', () => {
    const db = databaseBeforeTypedActions()
    const insertKind = (id: string, kind: string) =>
      db
        .prepare(
          `INSERT INTO actions (id, kind, status, payload, created_at) VALUES (?, ?, 'pending_approval', '{}', 'now')`
        )
        .run(id, kind)
    expect(() => insertKind('ACT-X', 'goodwill_credit')).toThrow(/CHECK constraint failed/)

    expect(migrate(db)).toBe(latestSchemaVersion)
    expect(db.prepare('SELECT id, kind, status, result FROM actions ORDER BY id').all()).toEqual([
      { id: 'ACT-1', kind: 'return', status: 'applied', result: '{"returnId":"RET-1"}' },
      { id: 'ACT-2', kind: 'external_tool', status: 'pending_approval', result: null }
    ])
    expect(db.prepare('SELECT COUNT(*) FROM return_items').pluck().get()).toBe(1)
    expect(db.prepare('SELECT action_id FROM refunds').pluck().get()).toBe('ACT-1')
    expect(db.prepare('SELECT action_id FROM chat_action_watch').pluck().get()).toBe('ACT-2')
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    // The kinds live in code now (each row is parsed through its kind's schema); an empty kind is still refused.
    insertKind('ACT-X', 'goodwill_credit')
    expect(() => insertKind('ACT-Y', '')).toThrow(/CHECK constraint failed/)
    // The children still point at the rebuilt table: a refund of no action is refused.
    expect(() =>
      db.exec(`INSERT INTO refunds (id, action_id, order_id, amount_cents, currency, created_at)
        VALUES ('REF-2', 'ACT-NONE', 'ORD-20261103-AB12', 100, 'USD', 'now')`)
    ).toThrow(/FOREIGN KEY constraint failed/)
    db.close()
  })

  it('adds a store-credit ledger that credits an action once', () => {
    const db = databaseBeforeTypedActions()
    migrate(db)
    const credit = db.prepare(
      `INSERT INTO store_credits (id, action_id, customer_id, order_id, amount_cents, currency, reason, created_at)
       VALUES (?, 'ACT-1', 'CUS-000001', 'ORD-20261103-AB12', 500, 'USD', 'late_delivery', 'now')`
    )
    credit.run('CRD-1')
    expect(() => credit.run('CRD-2')).toThrow(/UNIQUE constraint failed: store_credits.action_id/)
    db.close()
  })
})

const ordersAnyId = migrations.find((m) => m.name === 'orders_any_id')
if (!ordersAnyId) throw new Error('the migration that lets orders take any id is missing')

/** A database at the schema just before `orders_any_id`, holding an order with everything that hangs off it. */
function databaseBeforeOrdersAnyId(): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(
    db,
    migrations.filter((m) => m.version < (ordersAnyId?.version ?? 0))
  )
  db.exec(`
    INSERT INTO customers (id, name, email, created_at) VALUES ('CUS-000001', 'Ada', 'ada@example.com', 'now');
    INSERT INTO products (id, name, description, category, price_cents) VALUES ('PRD-0001', 'Kettle', 'Boils.', 'Kitchen', 4999);
    INSERT INTO orders (id, customer_id, status, placed_at, delivered_at, subtotal_cents, shipping_cents, total_cents, currency)
      VALUES ('ORD-20261103-AB12', 'CUS-000001', 'delivered', '2026-11-03T10:00:00Z', '2026-11-05T10:00:00Z', 9998, 500, 10498, 'EUR');
    INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents) VALUES (7, 'ORD-20261103-AB12', 'PRD-0001', 2, 4999);
    INSERT INTO tickets (id, customer_id, subject, status, priority, created_at, updated_at, last_customer_message_at)
      VALUES ('TKT-000001', 'CUS-000001', 'Broken kettle', 'open', 'normal', 'now', 'now', 'now');
    INSERT INTO actions (id, kind, status, ticket_id, order_id, payload, amount_cents, currency, created_at)
      VALUES ('ACT-1', 'return', 'applied', 'TKT-000001', 'ORD-20261103-AB12', '{}', 4999, 'EUR', 'now');
    INSERT INTO returns (id, action_id, order_id, reason, created_at) VALUES ('RET-1', 'ACT-1', 'ORD-20261103-AB12', 'damaged', 'now');
    INSERT INTO return_items (return_id, order_item_id, quantity) VALUES ('RET-1', 7, 1);
    INSERT INTO refunds (id, action_id, order_id, return_id, amount_cents, currency, created_at)
      VALUES ('REF-1', 'ACT-1', 'ORD-20261103-AB12', 'RET-1', 4999, 'EUR', 'now');
  `)
  return db
}

describe('orders take the shop’s own ids (orders_any_id)', () => {
  it('keeps every order, item, return and refund of a database written before it', () => {
    const db = databaseBeforeOrdersAnyId()
    expect(() => db.prepare(`UPDATE orders SET id = '#1001'`).run()).toThrow(/CHECK constraint failed/)

    expect(migrate(db)).toBe(latestSchemaVersion)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.prepare('SELECT id, status, total_cents, currency FROM orders').all()).toEqual([
      { id: 'ORD-20261103-AB12', status: 'delivered', total_cents: 10498, currency: 'EUR' }
    ])
    expect(db.prepare('SELECT id, order_id, quantity FROM order_items').all()).toEqual([
      { id: 7, order_id: 'ORD-20261103-AB12', quantity: 2 }
    ])
    expect(db.prepare('SELECT order_item_id FROM return_items').all()).toEqual([{ order_item_id: 7 }])
    expect(db.prepare('SELECT order_id FROM refunds').all()).toEqual([{ order_id: 'ORD-20261103-AB12' }])
    db.close()
  })

  it('takes any short trimmed id, and still refuses an empty or padded one', () => {
    const db = databaseBeforeOrdersAnyId()
    migrate(db)
    const insert = db.prepare(
      `INSERT INTO orders (id, customer_id, status, placed_at, subtotal_cents, total_cents) VALUES (?, 'CUS-000001', 'paid', 'now', 0, 0)`
    )
    for (const id of ['#1001', '1001', '#W2378156']) expect(() => insert.run(id)).not.toThrow()
    for (const id of ['', ' #1002', '#1003 ', 'x'.repeat(65)])
      expect(() => insert.run(id)).toThrow(/CHECK constraint failed/)
    db.close()
  })

  it('keeps the foreign keys: an item of a missing order, a deleted order’s items', () => {
    const db = databaseBeforeOrdersAnyId()
    migrate(db)
    expect(() =>
      db
        .prepare(
          `INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES ('#404', 'PRD-0001', 1, 1)`
        )
        .run()
    ).toThrow(/FOREIGN KEY constraint failed/)
    db.exec(`DELETE FROM refunds; DELETE FROM return_items; DELETE FROM returns; DELETE FROM actions;`)
    db.prepare(`DELETE FROM orders WHERE id = 'ORD-20261103-AB12'`).run()
    expect(db.prepare('SELECT COUNT(*) AS n FROM order_items').get()).toEqual({ n: 0 })
    db.close()
  })

  it('keeps the hot order queries on their indexes after the rebuild', () => {
    const db = databaseBeforeOrdersAnyId()
    migrate(db)
    const plan = (sql: string, params: unknown): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as never) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ')
    expect(plan(orderSql.forCustomer, ['CUS-000001', 20])).toMatch(
      /SEARCH o USING INDEX orders_customer_recent \(customer_id=\?\)/
    )
    expect(plan(orderSql.forCustomer, ['CUS-000001', 20])).not.toMatch(/TEMP B-TREE/)
    expect(plan(orderSql.existingIds, ['["#1001"]'])).toMatch(
      /SEARCH orders USING INDEX sqlite_autoindex_orders_1 \(id=\?\)/
    )
    expect(plan(actionSql.claimsForOrder, ['#1001'])).toMatch(/USING INDEX actions_order \(order_id=\?/)
    expect(plan(orderFeedSql.newest, [50])).toMatch(/SCAN orders USING INDEX orders_placed/)
    expect(plan(orderFeedSql.newest, [50])).not.toMatch(/TEMP B-TREE/)
    db.close()
  })
})

describe('the demo shop’s past returns in the return kind’s shapes (demo_history_typed)', () => {
  it('rewrites a return the demo seed wrote in its old shapes, so the typed actions read it', () => {
    const typedHistory = migrations.find((m) => m.name === 'demo_history_typed')!
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(
      db,
      migrations.filter((m) => m.version < typedHistory.version)
    )
    db.exec(`
      INSERT INTO customers (id, name, email, created_at) VALUES ('CUS-000001', 'Ada', 'ada@example.com', 'now');
      INSERT INTO products (id, name, description, category, price_cents) VALUES ('PRD-0001', 'Kettle', '', 'Kitchen', 2500);
      INSERT INTO orders (id, customer_id, status, placed_at, subtotal_cents, total_cents)
        VALUES ('ORD-20261001-AB12', 'CUS-000001', 'returned', '2026-10-01T10:00:00.000Z', 5000, 5000);
      INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents) VALUES (7, 'ORD-20261001-AB12', 'PRD-0001', 2, 2500);
      INSERT INTO actions (id, kind, status, order_id, payload, amount_cents, currency, eligibility, origin,
          origin_detail, created_at, decided_at, decided_by, decision_reason, result)
        VALUES ('ACT-1', 'return', 'applied', 'ORD-20261001-AB12',
          '{"orderId":"ORD-20261001-AB12","items":[{"orderItemId":7,"quantity":2}],"reason":"damaged"}', 5000, 'USD',
          '{"deliveredAt":"2026-10-03T10:00:00.000Z","daysSinceDelivery":4,"windowDays":30}', 'cli',
          'demo shop history', '2026-10-07T10:00:00.000Z', '2026-10-07T11:00:00.000Z', 'Priya Nair', 'approved',
          '{"returnId":"RET-1","refundId":"REF-1"}');
    `)
    migrate(db)
    expect(getAction(db, 'ACT-1')).toMatchObject({
      kind: 'return',
      status: 'applied',
      payload: {
        order_id: 'ORD-20261001-AB12',
        reason: 'damaged',
        items: [{ item_id: 7, product_id: 'PRD-0001', name: 'Kettle', quantity: 2, line_cents: 5000 }],
        refund: { total_cents: 5000, currency: 'USD' }
      },
      eligibility: { window_days: 30, window_closes_at: '2026-11-02T10:00:00.000Z' },
      result: { returnId: 'RET-1', refundId: 'REF-1', refundCents: 5000, orderStatus: 'returned' }
    })
    db.close()
  })

  it('seeds the demo shop’s past returns in those shapes already', () => {
    const db = openDb(':memory:')
    seedDemoShop(db, { anchor: '2026-11-20T12:00:00Z' })
    const history = listDecidedActions(db, { limit: 200, offset: 0 })
    expect(history.total).toBeGreaterThan(0)
    expect(history.actions).toHaveLength(Math.min(200, history.total))
    db.close()
  })
})

describe('a migration that rebuilds a parent table', () => {
  const parentAndChild = {
    version: 1,
    name: 'tables',
    sql: `
    CREATE TABLE parent (id TEXT PRIMARY KEY CHECK (id LIKE 'P%'));
    CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent(id) ON DELETE CASCADE);
    INSERT INTO parent VALUES ('P1'); INSERT INTO child (parent_id) VALUES ('P1');`
  }
  const rebuild = (extra = '') => ({
    version: 2,
    name: 'rebuild',
    sql: `${FOREIGN_KEYS_OFF_MARKER}
    CREATE TABLE parent_new (id TEXT PRIMARY KEY);
    INSERT INTO parent_new SELECT id FROM parent ${extra};
    DROP TABLE parent;
    ALTER TABLE parent_new RENAME TO parent;`
  })
  const fresh = () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, [parentAndChild])
    return db
  }

  it('drops the old table without cascading into its children, and turns foreign keys back on', () => {
    const db = fresh()
    expect(migrate(db, [parentAndChild, rebuild()])).toBe(2)
    expect(db.prepare('SELECT parent_id FROM child').all()).toEqual([{ parent_id: 'P1' }])
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    db.close()
  })

  it('rolls everything back when the rebuilt table leaves rows pointing at nothing', () => {
    const db = fresh()
    expect(() => migrate(db, [parentAndChild, rebuild("WHERE id <> 'P1'")])).toThrow(ForeignKeyViolationError)
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    expect(db.prepare('SELECT id FROM parent').all()).toEqual([{ id: 'P1' }])
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    db.close()
  })

  it('refuses to run inside a transaction, where foreign keys cannot be switched off', () => {
    const db = fresh()
    db.exec('BEGIN')
    expect(() => migrate(db, [parentAndChild, rebuild()])).toThrow(/inside a transaction/)
    db.exec('ROLLBACK')
    expect(db.prepare('SELECT parent_id FROM child').all()).toEqual([{ parent_id: 'P1' }])
    db.close()
  })
})

describe('hot queries use their indexes', () => {
  const db = openDb(':memory:')
  const plan = (sql: string, params: unknown): string =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as never) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ')

  it('orphaned drafts are found through the status index, not a scan of every draft', () => {
    const detail = plan(interruptOrphanedDraftsSql, { reason: 'r', now: 'now' })
    expect(detail).toMatch(/SEARCH drafts USING INDEX drafts_status \(status=\?\)/)
    expect(detail).not.toMatch(/SCAN drafts\b/)
  })

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
      expect(detail).toMatch(/SEARCH t USING (COVERING )?INDEX sqlite_autoindex_tickets_1 \(id=\?\)/)
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
      /SEARCH actions USING INDEX actions_decided_by_id \(decided_by_id=\?\)/
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

  it("the inbox's default view (statuses left out) walks the age index and stops at a page", () => {
    const { page, count } = ticketListSql({
      status: false,
      statusNot: true,
      priority: false,
      search: false,
      sort: 'age'
    })
    const detail = plan(page, { statusNot: '["solved","closed"]', limit: 50, offset: 0 })
    expect(detail).toMatch(/SCAN t USING INDEX tickets_last_message/)
    expect(detail).not.toMatch(/TEMP B-TREE/)
    // Its count reads the status index for the statuses kept, and no customer.
    const counted = plan(count, { statusKept: '["new","open","pending","on_hold"]' })
    expect(counted).toMatch(/SEARCH t USING COVERING INDEX tickets_status \(status=\?\)/)
    expect(counted).not.toMatch(/customers|SCAN t\b/)
  })

  it('search in the thread is driven by its full-text index, gathered once', () => {
    const { page, count } = ticketListSql({
      status: false,
      statusNot: true,
      priority: false,
      search: true,
      searchThread: true,
      sort: 'age'
    })
    for (const sql of [page, count]) {
      const params = {
        statusNot: '["solved"]',
        statusKept: '["open"]',
        search: '%tea%',
        threadMatch: '"tea"*'
      }
      const detail = plan(sql, sql === page ? { ...params, limit: 50, offset: 0 } : params)
      expect(detail).toMatch(/LIST SUBQUERY/)
      expect(detail).toMatch(/SCAN messages_fts VIRTUAL TABLE INDEX/)
      expect(detail).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/)
      expect(detail).toMatch(/SEARCH c USING INDEX sqlite_autoindex_customers_1 \(id=\?\)/)
      expect(detail).not.toMatch(/SCAN (m|messages)\b/)
    }
  })

  it("a ticket's history probes the audit log by subject", () => {
    const detail = plan(ticketHistorySql, { ticketId: 'TKT-000001' })
    expect(
      detail.match(/SEARCH audit_log USING INDEX audit_log_subject \(subject_type=\? AND subject_id=\?\)/g)
    ).toHaveLength(3)
    expect(detail).toMatch(/USING (COVERING )?INDEX drafts_ticket \(ticket_id=\?\)/)
    expect(detail).toMatch(/USING (COVERING )?INDEX actions_ticket \(ticket_id=\?\)/)
    expect(detail).not.toMatch(/SCAN audit_log\b/)
  })

  it('the decision history walks a decided-at index newest first, whatever the filters', () => {
    const shapes = [
      { status: false, kind: false, decidedBy: false, from: false, until: false },
      { status: true, kind: true, decidedBy: false, from: true, until: true }
    ]
    const params = {
      status: '["rejected"]',
      kind: '["return"]',
      from: '2026-01-01',
      until: '2027-01-01',
      limit: 50,
      offset: 0
    }
    for (const shape of shapes) {
      const detail = plan(decisionHistorySql(shape).page, params)
      expect(detail).toMatch(/(SCAN|SEARCH) actions USING INDEX actions_decided\b/)
      expect(detail).not.toMatch(/TEMP B-TREE/)
    }
    const byPerson = plan(decisionHistorySql({ ...shapes[0]!, decidedBy: true }).page, {
      decidedBy: 'Rosa',
      limit: 50,
      offset: 0
    })
    expect(byPerson).toMatch(/SEARCH actions USING INDEX actions_decided_by \(decided_by=\?/)
    expect(byPerson).not.toMatch(/TEMP B-TREE/)
    expect(plan(decidersSql, {})).toMatch(/(SCAN|SEARCH) actions USING COVERING INDEX actions_decided_by\b/)
  })

  it("notices read the customers' new turns by message id", () => {
    const detail = plan(noticeSql.customerTurnsAfter, [0])
    expect(detail).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid>\?\)/)
    expect(detail).toMatch(/SEARCH p USING INDEX messages_ticket \(ticket_id=\?\)/)
    expect(detail).not.toMatch(/SCAN (m|p)\b/)
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

  it('products listed by their filters alone walk a price-ordered index, with no sort', () => {
    const params = { maxPriceCents: 5000, inStockOnly: 1, limit: 10 }
    const inCategory = plan(productBrowseSql.inCategory, { ...params, category: 'Footwear' })
    expect(inCategory).toMatch(/SEARCH p USING INDEX products_category \(category=\?/)
    const all = plan(productBrowseSql.all, params)
    expect(all).toMatch(/SCAN p USING INDEX products_price/)
    expect(`${inCategory} ${all}`).not.toMatch(/TEMP B-TREE/)
  })
})
