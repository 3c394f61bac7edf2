import { describe, expect, it } from 'vitest'
import { openDb, type Db } from '../../src/main/db/connection'
import {
  clearShop,
  countShop,
  ensureDemoShop,
  seedDemoShop,
  ShopNotEmptyError,
  ticketKinds,
  type SeedSummary
} from '../../src/main/db/fixtures/seed-demo-shop'

const ANCHOR = '2025-06-15T12:00:00.000Z'
const ANCHOR_MS = Date.parse(ANCHOR)
const DAY = 86_400_000
const tables = [
  'customers',
  'products',
  'orders',
  'order_items',
  'actions',
  'returns',
  'return_items',
  'refunds',
  'tickets',
  'messages'
]

function seeded(options: Parameters<typeof seedDemoShop>[1] = { seed: 7, anchor: ANCHOR }): {
  db: Db
  summary: SeedSummary
} {
  const db = openDb(':memory:')
  return { db, summary: seedDemoShop(db, options) }
}

const dump = (db: Db): Record<string, unknown[]> =>
  Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]))

interface OrderRow {
  id: string
  customer_id: string
  status: string
  placed_at: string
  shipped_at: string | null
  delivered_at: string | null
  carrier: string | null
  tracking_number: string | null
  estimated_delivery: string | null
  subtotal_cents: number
  shipping_cents: number
  total_cents: number
}

interface TicketRow {
  id: string
  customer_id: string
  subject: string
  status: string
  priority: string
  channel: string
  created_at: string
  updated_at: string
  last_customer_message_at: string
}

interface ThreadRow {
  ticket_id: string
  customer_id: string
  body: string
}

describe('seedDemoShop', () => {
  const { db, summary } = seeded()
  const orders = db.prepare('SELECT * FROM orders').all() as OrderRow[]
  const orderById = new Map(orders.map((o) => [o.id, o]))
  const customerMessages = db
    .prepare(
      `SELECT m.ticket_id, t.customer_id, m.body FROM messages m JOIN tickets t ON t.id = m.ticket_id
       WHERE m.author = 'customer' ORDER BY m.id`
    )
    .all() as ThreadRow[]

  it('is deterministic: same seed and anchor give the same rows, another seed gives others', () => {
    const again = seeded()
    expect(dump(again.db)).toEqual(dump(db))
    expect(again.summary).toEqual(summary)

    const other = seeded({ seed: 8, anchor: ANCHOR })
    const otherDump = dump(other.db)
    expect(otherDump.customers).not.toEqual(dump(db).customers)
    expect(otherDump.orders).not.toEqual(dump(db).orders)
    expect(otherDump.messages).not.toEqual(dump(db).messages)
  })

  it('creates the default shop with the promised counts, matching the summary', () => {
    expect(countShop(db)).toEqual({ customers: 200, products: 120, orders: 1000, tickets: 200 })
    expect(summary).toMatchObject({
      customers: 200,
      products: 120,
      orders: 1000,
      tickets: 200,
      anchor: ANCHOR
    })
    const count = (sql: string) => db.prepare(sql).pluck().get()
    expect(count('SELECT count(*) FROM order_items')).toBe(summary.orderItems)
    expect(count('SELECT count(*) FROM messages')).toBe(summary.messages)
    expect(count('SELECT count(*) FROM returns')).toBe(summary.returns)
    expect(Object.values(summary.ticketsByKind).reduce((a, b) => a + b, 0)).toBe(200)
    expect(Object.keys(summary.exampleTickets).sort()).toEqual([...ticketKinds].sort())
  })

  it('writes customers with unique emails and JSON preferences', () => {
    const customers = db.prepare('SELECT name, email, preferences FROM customers').all() as {
      name: string
      email: string
      preferences: string
    }[]
    expect(new Set(customers.map((c) => c.email)).size).toBe(customers.length)
    for (const c of customers) {
      expect(c.name).toMatch(/^\S+ \S+$/)
      expect(c.email).toMatch(/^[a-z0-9._]+@[a-z.]+$/)
      const preferences = JSON.parse(c.preferences) as Record<string, unknown>
      expect(preferences.contact).toMatch(/^(email|sms|phone|chat)$/)
      expect(preferences.language).toMatch(/^[a-z]{2}$/)
    }
  })

  it('stocks a catalog across categories, with cents prices, some items out of stock, searchable', () => {
    const categories = db.prepare('SELECT DISTINCT category FROM products').pluck().all()
    expect(categories).toEqual(
      expect.arrayContaining(['Footwear', 'Apparel', 'Electronics', 'Home & Kitchen'])
    )
    expect(categories.length).toBeGreaterThanOrEqual(6)
    const products = db.prepare('SELECT price_cents, stock, description FROM products').all() as {
      price_cents: number
      stock: number
      description: string
    }[]
    for (const p of products) {
      expect(Number.isInteger(p.price_cents)).toBe(true)
      expect(p.price_cents).toBeGreaterThan(500)
      expect(p.description.length).toBeGreaterThan(40)
    }
    expect(products.some((p) => p.stock === 0)).toBe(true)
    expect(products.some((p) => p.stock > 0)).toBe(true)
    const hits = db
      .prepare("SELECT count(*) FROM products_fts WHERE products_fts MATCH 'waterproof'")
      .pluck()
      .get()
    expect(hits).toBeGreaterThan(0)
  })

  it('has orders in every state, each with the fields that state implies', () => {
    expect(new Set(orders.map((o) => o.status))).toEqual(
      new Set(['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'])
    )
    for (const o of orders) {
      expect(Date.parse(o.placed_at)).toBeLessThan(ANCHOR_MS)
      const wasShipped = ['shipped', 'delivered', 'returned'].includes(o.status)
      if (wasShipped) {
        expect(o.carrier).toMatch(/^(UPS|FedEx|USPS|DHL)$/)
        expect(o.tracking_number).toMatch(/^[A-Z0-9]{10,22}$/)
        expect(o.estimated_delivery).not.toBeNull()
        expect(Date.parse(o.shipped_at as string)).toBeGreaterThan(Date.parse(o.placed_at))
      } else {
        expect([o.shipped_at, o.carrier, o.tracking_number, o.estimated_delivery]).toEqual([
          null,
          null,
          null,
          null
        ])
      }
      if (o.status === 'delivered' || o.status === 'returned') {
        expect(Date.parse(o.delivered_at as string)).toBeGreaterThan(Date.parse(o.shipped_at as string))
        expect(Date.parse(o.delivered_at as string)).toBeLessThan(ANCHOR_MS)
      } else {
        expect(o.delivered_at).toBeNull()
      }
    }
    const deliveredAges = orders
      .filter((o) => o.status === 'delivered')
      .map((o) => (ANCHOR_MS - Date.parse(o.delivered_at as string)) / DAY)
    expect(deliveredAges.filter((age) => age < 30).length).toBeGreaterThan(100)
    expect(deliveredAges.filter((age) => age > 30).length).toBeGreaterThan(100)
    const late = orders.filter(
      (o) => o.status === 'shipped' && Date.parse(o.estimated_delivery as string) < ANCHOR_MS
    )
    expect(late.length).toBeGreaterThan(0)
  })

  it('names orders ORD-<placed date>-XXXX, with several orders on the same dates', () => {
    const perDay = new Map<string, number>()
    for (const o of orders) {
      expect(o.id).toMatch(/^ORD-\d{8}-[A-Z0-9]{4}$/)
      const day = o.placed_at.slice(0, 10).replaceAll('-', '')
      expect(o.id.slice(4, 12)).toBe(day)
      perDay.set(day, (perDay.get(day) ?? 0) + 1)
    }
    expect([...perDay.values()].filter((n) => n >= 3).length).toBeGreaterThan(20)
  })

  it('keeps totals consistent: items add up to the subtotal, subtotal + shipping = total', () => {
    const sums = new Map(
      (
        db
          .prepare(
            'SELECT order_id, sum(quantity * unit_price_cents) AS s, count(*) AS n FROM order_items GROUP BY order_id'
          )
          .all() as { order_id: string; s: number; n: number }[]
      ).map((r) => [r.order_id, r])
    )
    for (const o of orders) {
      expect(sums.get(o.id)?.s).toBe(o.subtotal_cents)
      expect(o.total_cents).toBe(o.subtotal_cents + o.shipping_cents)
    }
  })

  it('backs every returned order with an applied action, a return of its items and a settled refund', () => {
    const returned = orders.filter((o) => o.status === 'returned')
    const check = db.prepare(
      `SELECT a.status AS action, r.id AS ret, f.amount_cents AS refunded,
              (SELECT sum(quantity) FROM return_items WHERE return_id = r.id) AS returned_qty,
              (SELECT sum(quantity) FROM order_items WHERE order_id = r.order_id) AS ordered_qty
       FROM returns r JOIN actions a ON a.id = r.action_id JOIN refunds f ON f.return_id = r.id
       WHERE r.order_id = ?`
    )
    for (const o of returned) {
      const row = check.get(o.id) as {
        action: string
        refunded: number
        returned_qty: number
        ordered_qty: number
      }
      expect(row.action).toBe('applied')
      expect(row.refunded).toBe(o.subtotal_cents)
      expect(row.returned_qty).toBe(row.ordered_qty)
    }
    expect(
      db
        .prepare(
          "SELECT count(*) FROM returns r JOIN orders o ON o.id = r.order_id WHERE o.status <> 'returned'"
        )
        .pluck()
        .get()
    ).toBe(0)
  })

  it('fills the inbox: every ticket opens with a customer message, some have more, dated in the last days', () => {
    const tickets = db.prepare('SELECT * FROM tickets').all() as TicketRow[]
    const statuses = tickets.map((t) => t.status)
    expect(statuses.filter((s) => s === 'new').length).toBeGreaterThan(tickets.length / 2)
    expect(new Set(statuses)).toEqual(new Set(['new', 'open', 'pending', 'solved']))
    expect(new Set(tickets.map((t) => t.channel))).toEqual(new Set(['email', 'web', 'chat']))
    expect(new Set(tickets.map((t) => t.priority)).size).toBeGreaterThanOrEqual(3)
    const threads = db.prepare('SELECT author, created_at FROM messages WHERE ticket_id = ? ORDER BY id')
    let withSecond = 0
    for (const t of tickets) {
      expect(t.customer_id).toMatch(/^CUS-\d{6}$/)
      expect(t.subject.length).toBeGreaterThan(3)
      const messages = threads.all(t.id) as { author: string; created_at: string }[]
      expect(messages[0]?.author).toBe('customer')
      expect(messages[0]?.created_at).toBe(t.created_at)
      expect(messages.at(-1)?.created_at).toBe(t.updated_at)
      expect(messages.filter((m) => m.author === 'customer').at(-1)?.created_at).toBe(
        t.last_customer_message_at
      )
      if (messages.length > 1) withSecond++
      const age = ANCHOR_MS - Date.parse(t.created_at)
      expect(age).toBeGreaterThan(0)
      expect(age).toBeLessThan(8 * DAY)
    }
    expect(withSecond).toBeGreaterThan(20)
    expect(withSecond).toBeLessThan(tickets.length)
  })

  it('quotes real order ids of the ticket customer', () => {
    const canonical = /\bORD-\d{8}-[A-Z0-9]{4}\b/g
    let real = 0
    for (const m of customerMessages) {
      for (const [id] of m.body.matchAll(canonical)) {
        const order = orderById.get(id)
        if (!order) continue
        expect(order.customer_id).toBe(m.customer_id)
        real++
      }
    }
    expect(real).toBeGreaterThan(50)
  })

  it("agrees with itself: each ticket's subject, first message and the order it names tell one story", () => {
    const tickets = db
      .prepare(
        `SELECT t.id, t.customer_id, t.subject, m.body, m.created_at FROM tickets t
         JOIN messages m ON m.id = (SELECT id FROM messages WHERE ticket_id = t.id ORDER BY created_at, id LIMIT 1)`
      )
      .all() as { id: string; customer_id: string; subject: string; body: string; created_at: string }[]
    const agentAsks = db
      .prepare(`SELECT ticket_id, body FROM messages WHERE author = 'agent' AND body LIKE '%order number%'`)
      .all() as { ticket_id: string; body: string }[]
    const firstOf = new Map(tickets.map((t) => [t.id, t]))
    const SAYS_NOT_ARRIVED = /haven'?t received|where is my order|not arrived|still waiting on my package/i
    const ABOUT_RETURN_OR_CHARGE = /\breturn|send it back|refund|charged twice/i
    const ABOUT_RETURN = /\breturn|send it back|refund|label/i
    const SAYS_SHIPPED = /since it shipped|tracking (?:said|for)|hasn't moved/i
    const wrong: string[] = []
    for (const t of tickets) {
      if (SAYS_NOT_ARRIVED.test(t.subject) && ABOUT_RETURN_OR_CHARGE.test(t.body))
        wrong.push(`${t.id}: "${t.subject}" but the customer writes: ${t.body}`)
      if (/^(?:Return|Refund|How do I return)/i.test(t.subject) && !ABOUT_RETURN.test(t.body))
        wrong.push(`${t.id}: "${t.subject}" but no return is asked for: ${t.body}`)
      for (const [id] of t.body.matchAll(/\bORD-\d{8}-[A-Z0-9]{4}\b/g)) {
        const order = orderById.get(id)
        if (!order) continue
        if (order.customer_id !== t.customer_id) wrong.push(`${t.id}: ${id} is another customer's`)
        if (t.created_at < order.placed_at) wrong.push(`${t.id}: written before ${id} was placed`)
        if (SAYS_SHIPPED.test(t.body) && (!order.shipped_at || t.created_at < order.shipped_at))
          wrong.push(`${t.id}: speaks of ${id} shipping before it shipped`)
        if (/\breturn\b/i.test(t.body) && order.delivered_at && t.created_at < order.delivered_at)
          wrong.push(`${t.id}: asks to return ${id} before it was delivered`)
      }
    }
    for (const ask of agentAsks) {
      const first = firstOf.get(ask.ticket_id)
      if (first && /\bORD[-\s]?\d{8}/i.test(first.body))
        wrong.push(`${ask.ticket_id}: the reply asks for the order number the customer gave`)
    }
    expect(wrong).toEqual([])
  })

  it('mistypes ids in each way, so that none exists as typed but each points at the customer order', () => {
    const kinds = {
      lowercase: { pattern: /\bord-\d{8}-[a-z0-9]{4}\b/g, fix: (t: string) => t.toUpperCase() },
      spaces: { pattern: /\bORD \d{8} [A-Z0-9]{4}\b/g, fix: (t: string) => t.replaceAll(' ', '-') },
      noDashes: {
        pattern: /\bORD\d{8}[A-Z0-9]{4}\b/g,
        fix: (t: string) => `${t.slice(0, 3)}-${t.slice(3, 11)}-${t.slice(11)}`
      }
    }
    for (const [name, { pattern, fix }] of Object.entries(kinds)) {
      const found = customerMessages.flatMap((m) =>
        [...m.body.matchAll(pattern)].map(([typed]) => ({ m, typed }))
      )
      expect(found.length, name).toBeGreaterThan(0)
      for (const { m, typed } of found) {
        expect(orderById.has(typed), typed).toBe(false)
        expect(orderById.get(fix(typed))?.customer_id, typed).toBe(m.customer_id)
      }
    }

    const oneOff = (a: string, b: string) => [...a].filter((ch, i) => ch !== b[i]).length === 1
    const wrong = customerMessages.flatMap((m) =>
      [...m.body.matchAll(/\bORD-\d{8}-[A-Z0-9]{4}\b/g)]
        .map(([typed]) => typed)
        .filter((typed) => !orderById.has(typed))
        .map((typed) => ({ m, typed }))
    )
    expect(wrong.length).toBeGreaterThan(0)
    for (const { m, typed } of wrong) {
      const intended = orders.filter((o) => o.customer_id === m.customer_id && oneOff(o.id, typed))
      expect(intended.length, typed).toBeGreaterThan(0)
    }
  })

  it('includes return requests with reasons, product questions with a budget, complaints and id-less messages', () => {
    const bodies = customerMessages.map((m) => m.body)
    expect(
      bodies.some(
        (b) => /return/i.test(b) && /damaged|too small|doesn't fit|wrong size|stopped working/i.test(b)
      )
    ).toBe(true)
    expect(bodies.some((b) => /(under|less than|around) \$\d+/.test(b))).toBe(true)
    expect(bodies.some((b) => /disappointed|ridiculous|unacceptable|worst/i.test(b))).toBe(true)
    const idLike = /ord[- ]?\d{8}[- ]?[a-z0-9]{4}/i
    const ticketsWithoutId = new Set(customerMessages.map((m) => m.ticket_id))
    for (const m of customerMessages) if (idLike.test(m.body)) ticketsWithoutId.delete(m.ticket_id)
    expect(ticketsWithoutId.size).toBeGreaterThan(30)

    const firstMessage = db.prepare(
      'SELECT m.body, t.status FROM messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.id = ? ORDER BY m.id LIMIT 1'
    )
    for (const ticketId of Object.values(summary.exampleTickets)) {
      expect((firstMessage.get(ticketId) as { status: string }).status, ticketId).toBe('new')
    }
    const question = firstMessage.get(summary.exampleTickets.product_question) as { body: string }
    expect(question.body).toMatch(/Do you have .+ under \$\d+\?/)

    const returnTicket = db
      .prepare("SELECT body FROM messages WHERE ticket_id = ? AND author = 'customer' ORDER BY id LIMIT 1")
      .pluck()
      .get(summary.exampleTickets.return_request) as string
    const [quoted] = returnTicket.match(/ORD-\d{8}-[A-Z0-9]{4}/) ?? []
    const order = orderById.get(quoted ?? '')
    expect(order?.status).toBe('delivered')
    expect(ANCHOR_MS - Date.parse(order?.delivered_at ?? '')).toBeLessThan(30 * DAY)
  })
})

describe('demo shop lifecycle', () => {
  it('ensureDemoShop seeds an empty database once, then leaves it alone', () => {
    const db = openDb(':memory:')
    expect(ensureDemoShop(db, { anchor: ANCHOR })?.orders).toBe(1000)
    expect(ensureDemoShop(db, { anchor: ANCHOR })).toBeNull()
    expect(countShop(db).orders).toBe(1000)
  })

  it('refuses to seed over a shop, and seeds again after clearShop', () => {
    const { db } = seeded()
    expect(() => seedDemoShop(db)).toThrow(ShopNotEmptyError)
    clearShop(db)
    expect(countShop(db)).toEqual({ customers: 0, products: 0, orders: 0, tickets: 0 })
    expect(db.prepare('SELECT count(*) FROM products_fts').pluck().get()).toBe(0)
    expect(seedDemoShop(db, { seed: 7, anchor: ANCHOR }).orders).toBe(1000)
  })

  it('scales every part of the shop', () => {
    const { db, summary } = seeded({ seed: 3, anchor: ANCHOR, scale: 2.5 })
    expect(countShop(db)).toEqual({ customers: 500, products: 300, orders: 2500, tickets: 500 })
    expect(summary.scale).toBe(2.5)
  })

  it('rejects options that cannot make a shop', () => {
    const db = openDb(':memory:')
    expect(() => seedDemoShop(db, { scale: 0 })).toThrow(/scale/)
    expect(() => seedDemoShop(db, { anchor: 'yesterday-ish' })).toThrow(/anchor/)
    expect(() => seedDemoShop(db, { seed: 1.5 })).toThrow(/seed/)
    expect(countShop(db).customers).toBe(0)
  })
})
