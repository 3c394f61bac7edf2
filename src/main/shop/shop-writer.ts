import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'
import type { Db } from '../db/connection'
import type { OrderTableRow } from '../db/repositories/orders'
import type { ProductRow as ProductTableRow } from '../db/repositories/products'
import type { CustomerRecord, OrderItemRecord, OrderRecord, ProductRecord, ShopRecord } from './shop-records'

/**
 * The write side of every import: upserts customers, products, orders and their items by the
 * source's natural keys, a batch per transaction, so importing the same or a newer export again
 * updates rows and never duplicates them. Readers (CSV, JSON Lines, τ²-bench's db.json) turn their
 * rows into ShopRecords and hand them here.
 */
export interface ShopWriter {
  /**
   * Writes the records in one transaction, each in a savepoint of its own: a refused record leaves
   * nothing behind, and the batch commits whole or (if the process dies) not at all.
   */
  writeBatch(records: readonly ShopRecord[]): BatchResult
}

export type Change = 'created' | 'updated' | 'unchanged'
export type RecordOutcome = { result: Change } | { result: 'refused'; field: string; message: string }
export interface KindTally {
  created: number
  updated: number
  unchanged: number
}
/** What a batch did, side effects included (the customers and products an order brought with it). */
export interface ShopTally {
  customers: KindTally
  products: KindTally
  orders: KindTally
}
export interface BatchResult {
  outcomes: RecordOutcome[]
  tally: ShopTally
}

export const emptyTally = (): ShopTally => ({
  customers: { created: 0, updated: 0, unchanged: 0 },
  products: { created: 0, updated: 0, unchanged: 0 },
  orders: { created: 0, updated: 0, unchanged: 0 }
})

export function addTally(into: ShopTally, from: ShopTally): void {
  for (const kind of ['customers', 'products', 'orders'] as const) {
    into[kind].created += from[kind].created
    into[kind].updated += from[kind].updated
    into[kind].unchanged += from[kind].unchanged
  }
}

/** Why a record cannot be written, naming the record's field at fault. */
export class RecordRefused extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(message)
    this.name = 'RecordRefused'
  }
}

/** A customer the source gives no id of gets one from their email: the same email, the same id. */
export const customerIdForEmail = (email: string): string =>
  `CUS-${createHash('sha256').update(email).digest('hex').slice(0, 16).toUpperCase()}`

interface CustomerRow {
  id: string
  name: string
  email: string
  created_at: string
}
type ProductRow = Omit<ProductTableRow, 'id'>
type OrderRow = Omit<OrderTableRow, 'id'>
type OrderValues = [
  id: string,
  customerId: string,
  status: string,
  placedAt: string,
  shippedAt: string | null,
  deliveredAt: string | null,
  carrier: string | null,
  trackingNumber: string | null,
  estimatedDelivery: string | null,
  subtotalCents: number,
  shippingCents: number,
  totalCents: number,
  currency: string,
  shippingAddress: string
]

interface ItemRow {
  id: number
  product_id: string
  quantity: number
  unit_price_cents: number
}

function prepare(db: Db) {
  return {
    customerById: db.prepare<[string], CustomerRow>(
      'SELECT id, name, email, created_at FROM customers WHERE id = ?'
    ),
    customerByEmail: db.prepare<[string], CustomerRow>(
      'SELECT id, name, email, created_at FROM customers WHERE email = ?'
    ),
    insertCustomer: db.prepare<[string, string, string, string]>(
      'INSERT INTO customers (id, name, email, created_at) VALUES (?, ?, ?, ?)'
    ),
    updateCustomer: db.prepare<[string, string, string, string]>(
      'UPDATE customers SET name = ?, email = ?, created_at = ? WHERE id = ?'
    ),
    productById: db.prepare<[string], ProductRow>(
      'SELECT name, description, category, price_cents, currency, stock FROM products WHERE id = ?'
    ),
    productExists: db.prepare<[string], number>('SELECT 1 FROM products WHERE id = ?').pluck(),
    insertProduct: db.prepare<[string, string, string, string, number, string, number]>(
      `INSERT INTO products (id, name, description, category, price_cents, currency, stock)
       VALUES (?, ?, ?, ?, ?, ?, ?)`
    ),
    updateProduct: db.prepare<[string, string, string, number, string, number, string]>(
      `UPDATE products SET name = ?, description = ?, category = ?, price_cents = ?, currency = ?, stock = ?
       WHERE id = ?`
    ),
    orderById: db.prepare<[string], OrderRow>(
      `SELECT customer_id, status, placed_at, shipped_at, delivered_at, carrier, tracking_number, estimated_delivery,
         subtotal_cents, shipping_cents, total_cents, currency, shipping_address FROM orders WHERE id = ?`
    ),
    // Positional parameters: binding by name costs a lookup per parameter, per order of a million.
    insertOrder: db.prepare<OrderValues>(
      `INSERT INTO orders (id, customer_id, status, placed_at, shipped_at, delivered_at, carrier, tracking_number,
         estimated_delivery, subtotal_cents, shipping_cents, total_cents, currency, shipping_address)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ),
    updateOrder: db.prepare(
      `UPDATE orders SET customer_id = @customer_id, status = @status, placed_at = @placed_at,
         shipped_at = @shipped_at, delivered_at = @delivered_at, carrier = @carrier,
         tracking_number = @tracking_number, estimated_delivery = @estimated_delivery,
         subtotal_cents = @subtotal_cents, shipping_cents = @shipping_cents, total_cents = @total_cents,
         currency = @currency, shipping_address = @shipping_address
       WHERE id = @id`
    ),
    itemsOfOrder: db.prepare<[string], ItemRow>(
      'SELECT id, product_id, quantity, unit_price_cents FROM order_items WHERE order_id = ? ORDER BY id'
    ),
    insertItem: db.prepare<[string, string, number, number]>(
      'INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?)'
    ),
    updateItem: db.prepare<[string, number, number, number]>(
      'UPDATE order_items SET product_id = ?, quantity = ?, unit_price_cents = ? WHERE id = ?'
    ),
    deleteItem: db.prepare<[number]>('DELETE FROM order_items WHERE id = ?'),
    returnOfItem: db
      .prepare<[number], string>('SELECT return_id FROM return_items WHERE order_item_id = ? LIMIT 1')
      .pluck()
  }
}

const orderRow = (order: OrderRecord, customerId: string): OrderRow & { id: string } => ({
  id: order.id,
  customer_id: customerId,
  status: order.status,
  placed_at: order.placedAt,
  shipped_at: order.shippedAt,
  delivered_at: order.deliveredAt,
  carrier: order.carrier,
  tracking_number: order.trackingNumber,
  estimated_delivery: order.estimatedDelivery,
  subtotal_cents: order.subtotalCents,
  shipping_cents: order.shippingCents,
  total_cents: order.totalCents,
  currency: order.currency,
  shipping_address: order.shippingAddress
})

const ORDER_COLUMNS = [
  'customer_id',
  'status',
  'placed_at',
  'shipped_at',
  'delivered_at',
  'carrier',
  'tracking_number',
  'estimated_delivery',
  'subtotal_cents',
  'shipping_cents',
  'total_cents',
  'currency',
  'shipping_address'
] as const

const sameItem = (row: ItemRow, item: OrderItemRecord): boolean =>
  row.product_id === item.productId &&
  row.quantity === item.quantity &&
  row.unit_price_cents === item.unitPriceCents

/**
 * What the database is known to hold (a product's id, a customer's key), so that a million line
 * items and orders do not each ask it. Entries are staged while a batch writes and kept only once
 * it commits; the cache is bounded and starts over when full.
 */
class CommittedCache<V> {
  private readonly committed = new Map<string, V>()
  private staged: [string, V][] = []

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.committed.get(key)
  }

  stage(key: string, value: V): void {
    this.staged.push([key, value])
  }

  /** How many entries are staged: a record that fails drops what it staged since. */
  mark(): number {
    return this.staged.length
  }

  dropSince(mark: number): void {
    this.staged.length = mark
  }

  commit(): void {
    if (this.committed.size + this.staged.length > this.limit) this.committed.clear()
    for (const [key, value] of this.staged) this.committed.set(key, value)
    this.staged = []
  }

  discard(): void {
    this.staged = []
  }
}

const CACHE_LIMIT = 100_000

/** A record hit a constraint no check foresaw: its batch is written again, each record in a savepoint. */
class WriteCarefully extends Error {}

export interface ShopWriterOptions {
  /** When a customer is first known, if the source does not say (Shopify's customers export does not). */
  clock?: () => Date
}

export function createShopWriter(db: Db, options: ShopWriterOptions = {}): ShopWriter {
  const clock = options.clock ?? (() => new Date())
  const s = prepare(db)
  const knownProducts = new CommittedCache<true>(CACHE_LIMIT)
  const knownCustomers = new CommittedCache<string>(CACHE_LIMIT)

  function writeCustomer(value: CustomerRecord, tally: ShopTally): Change {
    const byId = value.id === undefined ? undefined : s.customerById.get(value.id)
    const byEmail = s.customerByEmail.get(value.email)
    if (byId && byEmail && byEmail.id !== byId.id) {
      throw new RecordRefused('email', `${value.email} already belongs to customer ${byEmail.id}`)
    }
    const row = byId ?? byEmail
    if (!row) {
      s.insertCustomer.run(
        value.id ?? customerIdForEmail(value.email),
        value.name,
        value.email,
        value.createdAt ?? clock().toISOString()
      )
      tally.customers.created += 1
      return 'created'
    }
    const createdAt = value.createdAt ?? row.created_at
    if (row.name === value.name && row.email === value.email && row.created_at === createdAt) {
      tally.customers.unchanged += 1
      return 'unchanged'
    }
    s.updateCustomer.run(value.name, value.email, createdAt, row.id)
    tally.customers.updated += 1
    return 'updated'
  }

  /** The order's customer: found by the shop's id, then by email; created when new, never edited from an order. */
  function customerOfOrder(order: OrderRecord, tally: ShopTally): string {
    const { customer } = order
    const key = `${customer.id ?? ''}\u0000${customer.email}`
    const known = knownCustomers.get(key)
    if (known !== undefined) return known
    const id = findOrCreateCustomer(order, tally)
    knownCustomers.stage(key, id)
    return id
  }

  function findOrCreateCustomer(order: OrderRecord, tally: ShopTally): string {
    const { customer } = order
    const byId = customer.id === undefined ? undefined : s.customerById.get(customer.id)
    if (byId) return byId.id
    const byEmail = s.customerByEmail.get(customer.email)
    if (byEmail) return byEmail.id
    const id = customer.id ?? customerIdForEmail(customer.email)
    s.insertCustomer.run(id, customer.name || customer.email, customer.email, order.placedAt)
    tally.customers.created += 1
    return id
  }

  function writeProduct(value: ProductRecord, tally: ShopTally): Change {
    const row = s.productById.get(value.id)
    knownProducts.stage(value.id, true)
    if (!row) {
      s.insertProduct.run(
        value.id,
        value.name,
        value.description,
        value.category,
        value.priceCents,
        value.currency,
        value.stock ?? 0
      )
      tally.products.created += 1
      return 'created'
    }
    const stock = value.stock ?? row.stock
    if (
      row.name === value.name &&
      row.description === value.description &&
      row.category === value.category &&
      row.price_cents === value.priceCents &&
      row.currency === value.currency &&
      row.stock === stock
    ) {
      tally.products.unchanged += 1
      return 'unchanged'
    }
    s.updateProduct.run(
      value.name,
      value.description,
      value.category,
      value.priceCents,
      value.currency,
      stock,
      value.id
    )
    tally.products.updated += 1
    return 'updated'
  }

  /** A line item's product that the catalog does not hold yet: created from what the line says, stock unknown (0). */
  function productOfItem(item: OrderItemRecord, currency: string, tally: ShopTally): void {
    if (knownProducts.get(item.productId)) return
    if (s.productExists.get(item.productId) === undefined) {
      s.insertProduct.run(item.productId, item.name, '', '', item.unitPriceCents, currency, 0)
      tally.products.created += 1
    }
    knownProducts.stage(item.productId, true)
  }

  function writeOrder(value: OrderRecord, tally: ShopTally): Change {
    const existing = s.orderById.get(value.id)
    const items = existing ? s.itemsOfOrder.all(value.id) : []
    // Refusals come before the first write: without a savepoint, nothing of the record may be left.
    refuseDroppingReturnedLines(value, items)
    const customerId = customerOfOrder(value, tally)
    for (const item of value.items) productOfItem(item, value.currency, tally)
    if (!existing) {
      s.insertOrder.run(
        value.id,
        customerId,
        value.status,
        value.placedAt,
        value.shippedAt,
        value.deliveredAt,
        value.carrier,
        value.trackingNumber,
        value.estimatedDelivery,
        value.subtotalCents,
        value.shippingCents,
        value.totalCents,
        value.currency,
        value.shippingAddress
      )
      for (const item of value.items)
        s.insertItem.run(value.id, item.productId, item.quantity, item.unitPriceCents)
      tally.orders.created += 1
      return 'created'
    }
    const next = orderRow(value, customerId)
    const headerSame = ORDER_COLUMNS.every((column) => existing[column] === next[column])
    const itemsSame =
      items.length === value.items.length && items.every((row, i) => sameItem(row, value.items[i]!))
    if (headerSame && itemsSame) {
      tally.orders.unchanged += 1
      return 'unchanged'
    }
    if (!headerSame) s.updateOrder.run(next)
    if (!itemsSame) replaceItems(value, items)
    tally.orders.updated += 1
    return 'updated'
  }

  /** Lines keep their place (and their ids, which returns point at): changed ones are edited, extra ones added or dropped. */
  function replaceItems(value: OrderRecord, rows: ItemRow[]): void {
    value.items.forEach((item, i) => {
      const row = rows[i]
      if (!row) s.insertItem.run(value.id, item.productId, item.quantity, item.unitPriceCents)
      else if (!sameItem(row, item))
        s.updateItem.run(item.productId, item.quantity, item.unitPriceCents, row.id)
    })
    for (const row of rows.slice(value.items.length)) s.deleteItem.run(row.id)
  }

  /** A line that was returned cannot disappear: the return points at it. */
  function refuseDroppingReturnedLines(value: OrderRecord, rows: readonly ItemRow[]): void {
    for (const [i, row] of rows.slice(value.items.length).entries()) {
      const returned = s.returnOfItem.get(row.id)
      if (returned !== undefined) {
        throw new RecordRefused(
          'items',
          `line ${value.items.length + i + 1} of order ${value.id} was returned (${returned}); an export without it cannot replace it`
        )
      }
    }
  }

  const writers: {
    [K in ShopRecord['kind']]: (value: Extract<ShopRecord, { kind: K }>['value'], tally: ShopTally) => Change
  } = {
    customer: writeCustomer,
    product: writeProduct,
    order: writeOrder
  }

  const writeRecord = (record: ShopRecord, tally: ShopTally): Change => {
    const write = writers[record.kind] as (value: ShopRecord['value'], tally: ShopTally) => Change
    return write(record.value, tally)
  }
  const writeRecordInSavepoint = db.transaction(writeRecord)

  function writeOne(record: ShopRecord, tally: ShopTally, careful: boolean): RecordOutcome {
    const own = emptyTally()
    const products = knownProducts.mark()
    const customers = knownCustomers.mark()
    try {
      const result = careful ? writeRecordInSavepoint(record, own) : writeRecord(record, own)
      addTally(tally, own)
      return { result }
    } catch (error) {
      knownProducts.dropSince(products)
      knownCustomers.dropSince(customers)
      if (error instanceof RecordRefused)
        return { result: 'refused', field: error.field, message: error.message }
      // A constraint the checks above did not foresee refuses the record; anything else (a full disk, a
      // busy database) stops the batch.
      if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_CONSTRAINT')) {
        if (!careful) throw new WriteCarefully()
        return { result: 'refused', field: '(record)', message: error.message }
      }
      throw error
    }
  }

  /**
   * A savepoint per record costs a tenth of an import's time, and refusals are checked before the
   * first write; so a batch is written without them, and only a batch where an unforeseen
   * constraint fails is rolled back and written again with them.
   */
  const writeAll = db.transaction((records: readonly ShopRecord[], careful: boolean): BatchResult => {
    const tally = emptyTally()
    const outcomes = records.map((record) => writeOne(record, tally, careful))
    return { outcomes, tally }
  })

  function writeBatchOnce(records: readonly ShopRecord[], careful: boolean): BatchResult {
    try {
      const result = writeAll.immediate(records, careful)
      knownProducts.commit()
      knownCustomers.commit()
      return result
    } catch (error) {
      knownProducts.discard()
      knownCustomers.discard()
      throw error
    }
  }

  return {
    writeBatch(records) {
      try {
        return writeBatchOnce(records, false)
      } catch (error) {
        if (error instanceof WriteCarefully) return writeBatchOnce(records, true)
        throw error
      }
    }
  }
}
