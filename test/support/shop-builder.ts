import { openDb, type Db } from '../../src/main/db/connection'

/**
 * Small, explicit shops for precise test cases. Each call inserts exactly the rows it describes
 * (test-only SQL), with dull defaults for what a test does not care about.
 */
export interface OrderSpec {
  id: string
  customerId: string
  status?: 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'returned'
  placedAt?: string
  shippedAt?: string | null
  deliveredAt?: string | null
  carrier?: string | null
  trackingNumber?: string | null
  estimatedDelivery?: string | null
  shippingCents?: number
  currency?: string
  items: { productId: string; quantity: number; unitPriceCents?: number }[]
}

export interface BuiltOrder {
  id: string
  itemIds: number[]
  totalCents: number
}

export class ShopBuilder {
  private customerCount = 0
  private productCount = 0
  private ticketCount = 0

  constructor(readonly db: Db = openDb(':memory:')) {}

  customer(
    spec: { id?: string; name?: string; email?: string; createdAt?: string; preferences?: object } = {}
  ) {
    this.customerCount += 1
    const id = spec.id ?? `CUS-${String(this.customerCount).padStart(6, '0')}`
    this.db
      .prepare('INSERT INTO customers (id, name, email, created_at, preferences) VALUES (?, ?, ?, ?, ?)')
      .run(
        id,
        spec.name ?? `Customer ${this.customerCount}`,
        spec.email ?? `${id.toLowerCase()}@example.com`,
        spec.createdAt ?? '2025-01-01T00:00:00.000Z',
        JSON.stringify(spec.preferences ?? {})
      )
    return id
  }

  product(
    spec: {
      id?: string
      name?: string
      description?: string
      category?: string
      priceCents?: number
      currency?: string
      stock?: number
    } = {}
  ) {
    this.productCount += 1
    const id = spec.id ?? `PRD-${String(this.productCount).padStart(4, '0')}`
    this.db
      .prepare(
        `INSERT INTO products (id, name, description, category, price_cents, currency, stock)
         VALUES (?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        id,
        spec.name ?? `Product ${this.productCount}`,
        spec.description ?? 'A product.',
        spec.category ?? 'General',
        spec.priceCents ?? 1000,
        spec.currency ?? 'USD',
        spec.stock ?? 10
      )
    return id
  }

  private priceOf(productId: string): number {
    const row = this.db.prepare('SELECT price_cents FROM products WHERE id = ?').get(productId) as
      { price_cents: number } | undefined
    if (!row) throw new Error(`shop-builder: no product ${productId}`)
    return row.price_cents
  }

  order(spec: OrderSpec): BuiltOrder {
    const status = spec.status ?? 'delivered'
    const placedAt =
      spec.placedAt ?? `${spec.id.slice(4, 8)}-${spec.id.slice(8, 10)}-${spec.id.slice(10, 12)}T10:00:00.000Z`
    const items = spec.items.map((i) => ({
      ...i,
      unitPriceCents: i.unitPriceCents ?? this.priceOf(i.productId)
    }))
    const subtotal = items.reduce((sum, i) => sum + i.unitPriceCents * i.quantity, 0)
    const shipping = spec.shippingCents ?? 0
    const delivered = status === 'delivered' || status === 'returned'
    const shipped = delivered || status === 'shipped'
    this.db
      .prepare(
        `INSERT INTO orders (id, customer_id, status, placed_at, shipped_at, delivered_at, carrier, tracking_number,
           estimated_delivery, subtotal_cents, shipping_cents, total_cents, currency, shipping_address)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '1 Test Street')`
      )
      .run(
        spec.id,
        spec.customerId,
        status,
        placedAt,
        spec.shippedAt !== undefined ? spec.shippedAt : shipped ? placedAt : null,
        spec.deliveredAt !== undefined ? spec.deliveredAt : delivered ? placedAt : null,
        spec.carrier !== undefined ? spec.carrier : shipped ? 'UPS' : null,
        spec.trackingNumber !== undefined ? spec.trackingNumber : shipped ? `1Z${spec.id.slice(-4)}` : null,
        spec.estimatedDelivery ?? null,
        subtotal,
        shipping,
        subtotal + shipping,
        spec.currency ?? 'USD'
      )
    const insertItem = this.db.prepare(
      'INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?)'
    )
    const itemIds = items.map((i) =>
      Number(insertItem.run(spec.id, i.productId, i.quantity, i.unitPriceCents).lastInsertRowid)
    )
    return { id: spec.id, itemIds, totalCents: subtotal + shipping }
  }

  /** An already applied return: its approved action, the return, its items and (optionally) the refund. */
  appliedReturn(orderId: string, items: { itemId: number; quantity: number }[], refundCents = 0): string {
    const n = this.db.prepare('SELECT COUNT(*) AS n FROM returns').get() as { n: number }
    const actionId = `ACT-applied-${n.n + 1}`
    const returnId = `RET-${n.n + 1}`
    const line = this.db.prepare(
      `SELECT oi.product_id, p.name, oi.unit_price_cents FROM order_items oi JOIN products p ON p.id = oi.product_id
       WHERE oi.id = ?`
    )
    const lines = items.map((item) => {
      const row = line.get(item.itemId) as { product_id: string; name: string; unit_price_cents: number }
      return {
        item_id: item.itemId,
        product_id: row.product_id,
        name: row.name,
        quantity: item.quantity,
        unit_price_cents: row.unit_price_cents,
        line_cents: row.unit_price_cents * item.quantity
      }
    })
    const itemsCents = lines.reduce((sum, l) => sum + l.line_cents, 0)
    // As process_return writes it, so the row reads back through the return kind's schema.
    const payload = {
      order_id: orderId,
      reason: 'other',
      note: null,
      items: lines,
      refund: {
        items_cents: itemsCents,
        shipping_cents: 0,
        total_cents: refundCents || itemsCents,
        currency: 'USD',
        notes: []
      }
    }
    const eligibility = {
      order_status: 'delivered',
      delivered_at: '2026-01-01T00:00:00.000Z',
      days_since_delivery: 0,
      window_days: 30,
      window_closes_at: '2026-01-31T00:00:00.000Z',
      checked_at: '2026-01-01T00:00:00.000Z',
      items: []
    }
    this.db
      .prepare(
        `INSERT INTO actions (id, kind, status, order_id, payload, amount_cents, currency, eligibility, created_at)
         VALUES (?, 'return', 'applied', ?, ?, ?, 'USD', ?, '2026-01-01T00:00:00.000Z')`
      )
      .run(actionId, orderId, JSON.stringify(payload), refundCents, JSON.stringify(eligibility))
    this.db
      .prepare(
        `INSERT INTO returns (id, action_id, order_id, reason, created_at) VALUES (?, ?, ?, 'other', '2026-01-01T00:00:00.000Z')`
      )
      .run(returnId, actionId, orderId)
    const insertItem = this.db.prepare(
      'INSERT INTO return_items (return_id, order_item_id, quantity) VALUES (?, ?, ?)'
    )
    for (const item of items) insertItem.run(returnId, item.itemId, item.quantity)
    if (refundCents > 0) {
      this.db
        .prepare(
          `INSERT INTO refunds (id, action_id, order_id, return_id, amount_cents, currency, created_at)
           VALUES (?, ?, ?, ?, ?, 'USD', '2026-01-01T00:00:00.000Z')`
        )
        .run(`REF-${n.n + 1}`, actionId, orderId, returnId, refundCents)
    }
    return actionId
  }

  ticket(
    spec: {
      id?: string
      customerId?: string | null
      subject?: string
      status?: 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed'
      priority?: 'low' | 'normal' | 'high' | 'urgent'
      channel?: 'email' | 'chat' | 'web'
      lastCustomerMessageAt?: string
    } = {}
  ) {
    this.ticketCount += 1
    const id = spec.id ?? `TKT-${String(this.ticketCount).padStart(6, '0')}`
    const at = spec.lastCustomerMessageAt ?? `2026-11-0${(this.ticketCount % 9) + 1}T09:00:00.000Z`
    this.db
      .prepare(
        `INSERT INTO tickets (id, customer_id, subject, status, priority, channel, created_at, updated_at,
           last_customer_message_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        id,
        spec.customerId ?? null,
        spec.subject ?? `Question ${this.ticketCount}`,
        spec.status ?? 'open',
        spec.priority ?? 'normal',
        spec.channel ?? 'email',
        at,
        at,
        at
      )
    return id
  }

  message(
    ticketId: string,
    spec: { author?: 'customer' | 'agent' | 'system'; body: string; createdAt: string }
  ) {
    return Number(
      this.db
        .prepare(
          'INSERT INTO messages (ticket_id, author, author_name, body, created_at) VALUES (?, ?, ?, ?, ?)'
        )
        .run(ticketId, spec.author ?? 'customer', '', spec.body, spec.createdAt).lastInsertRowid
    )
  }
}
