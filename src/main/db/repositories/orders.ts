import { centsToMoney } from '../../../shared/domain/money'
import type { OrderDetail, OrderItem, OrderStatus, OrderSummary } from '../../../shared/domain/order'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/** A row of the orders table, as stored. */
export interface OrderTableRow {
  id: string
  customer_id: string
  status: OrderStatus
  placed_at: string
  shipped_at: string | null
  delivered_at: string | null
  carrier: string | null
  tracking_number: string | null
  estimated_delivery: string | null
  subtotal_cents: number
  shipping_cents: number
  total_cents: number
  currency: string
  shipping_address: string
}

interface OrderRow extends OrderTableRow {
  item_count: number
}

interface OrderItemRow {
  id: number
  product_id: string
  name: string
  quantity: number
  unit_price_cents: number
  returned_quantity: number
}

export const rowToOrderSummary = (row: OrderRow): OrderSummary => ({
  id: row.id,
  customerId: row.customer_id,
  status: row.status,
  placedAt: row.placed_at,
  shippedAt: row.shipped_at,
  deliveredAt: row.delivered_at,
  carrier: row.carrier,
  trackingNumber: row.tracking_number,
  estimatedDelivery: row.estimated_delivery,
  total: centsToMoney(row.total_cents, row.currency),
  itemCount: row.item_count
})

const rowToOrderItem = (row: OrderItemRow, currency: string): OrderItem => ({
  itemId: row.id,
  productId: row.product_id,
  name: row.name,
  quantity: row.quantity,
  unitPrice: centsToMoney(row.unit_price_cents, currency),
  returnedQuantity: row.returned_quantity
})

/** An order line in cents, for the return policy; the domain type carries decimals for display. */
export interface OrderLineCents {
  itemId: number
  productId: string
  name: string
  quantity: number
  unitPriceCents: number
  returnedQuantity: number
}

/** An order as the money rules need it: cents, and what has already been refunded. */
export interface OrderForMoney {
  id: string
  customerId: string
  status: OrderStatus
  deliveredAt: string | null
  subtotalCents: number
  shippingCents: number
  totalCents: number
  currency: string
  refundedCents: number
  items: OrderLineCents[]
}

const ORDER_COLUMNS = `o.*, (SELECT COALESCE(SUM(i.quantity), 0) FROM order_items i WHERE i.order_id = o.id) AS item_count`

/** The hot queries, exported so tests can check their plans with EXPLAIN QUERY PLAN. */
export const orderSql = {
  forCustomer: `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.customer_id = ? ORDER BY o.placed_at DESC, o.id DESC LIMIT ?`,
  headlinesForCustomer: `SELECT id, status, placed_at FROM orders WHERE customer_id = ? ORDER BY placed_at DESC, id DESC LIMIT ?`,
  // A range on the primary key: '.' sorts right after '-', so this is exactly the ids of one date.
  idsOnDate: `SELECT id FROM orders WHERE id >= @from AND id < @to
              ORDER BY (customer_id = @customerId) DESC, id LIMIT @limit`,
  existingIds: `SELECT id, customer_id FROM orders WHERE id IN (SELECT value FROM json_each(?))`
} as const

const statements = statementCache((db) => ({
  forCustomer: db.prepare(orderSql.forCustomer),
  headlinesForCustomer: db.prepare(orderSql.headlinesForCustomer),
  get: db.prepare(`SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.id = ?`),
  items: db.prepare(
    `SELECT oi.id, oi.product_id, p.name, oi.quantity, oi.unit_price_cents,
       (SELECT COALESCE(SUM(ri.quantity), 0) FROM return_items ri WHERE ri.order_item_id = oi.id) AS returned_quantity
     FROM order_items oi JOIN products p ON p.id = oi.product_id
     WHERE oi.order_id = ? ORDER BY oi.id`
  ),
  idsOnDate: db.prepare(orderSql.idsOnDate),
  existingIds: db.prepare(orderSql.existingIds),
  refunded: db.prepare('SELECT COALESCE(SUM(amount_cents), 0) AS cents FROM refunds WHERE order_id = ?')
}))

/** A customer's orders, newest first. */
export function listOrdersForCustomer(db: Db, customerId: string, limit: number): OrderSummary[] {
  const rows = statements(db).forCustomer.all(customerId, limit) as OrderRow[]
  return rows.map(rowToOrderSummary)
}

/** What a draft's context says of an order: every draft reads them, so nothing more is fetched. */
export type OrderHeadline = Pick<OrderSummary, 'id' | 'status' | 'placedAt'>

/** A customer's latest orders as headlines, newest first. */
export function listOrderHeadlinesForCustomer(db: Db, customerId: string, limit: number): OrderHeadline[] {
  const rows = statements(db).headlinesForCustomer.all(customerId, limit) as Pick<
    OrderRow,
    'id' | 'status' | 'placed_at'
  >[]
  return rows.map((row) => ({ id: row.id, status: row.status, placedAt: row.placed_at }))
}

function getOrderRow(db: Db, id: string): OrderRow | undefined {
  return statements(db).get.get(id) as OrderRow | undefined
}

function getItemRows(db: Db, orderId: string): OrderItemRow[] {
  return statements(db).items.all(orderId) as OrderItemRow[]
}

export function getOrderDetail(db: Db, id: string): OrderDetail | undefined {
  const row = getOrderRow(db, id)
  if (!row) return undefined
  return {
    ...rowToOrderSummary(row),
    subtotal: centsToMoney(row.subtotal_cents, row.currency),
    shipping: centsToMoney(row.shipping_cents, row.currency),
    shippingAddress: row.shipping_address,
    items: getItemRows(db, id).map((item) => rowToOrderItem(item, row.currency))
  }
}

export function getOrderForMoney(db: Db, id: string): OrderForMoney | undefined {
  const row = getOrderRow(db, id)
  if (!row) return undefined
  const refunded = statements(db).refunded.get(id) as { cents: number }
  return {
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    deliveredAt: row.delivered_at,
    subtotalCents: row.subtotal_cents,
    shippingCents: row.shipping_cents,
    totalCents: row.total_cents,
    currency: row.currency,
    refundedCents: refunded.cents,
    items: getItemRows(db, id).map((item) => ({
      itemId: item.id,
      productId: item.product_id,
      name: item.name,
      quantity: item.quantity,
      unitPriceCents: item.unit_price_cents,
      returnedQuantity: item.returned_quantity
    }))
  }
}

/** The bounds of one date's order ids, for a primary-key range scan. */
export function orderIdRangeForDate(yyyymmdd: string): { from: string; to: string } {
  return { from: `ORD-${yyyymmdd}-`, to: `ORD-${yyyymmdd}.` }
}

/** Ids of the orders placed on a date (`YYYYMMDD`), the given customer's first, then by id. */
export function listOrderIdsOnDate(
  db: Db,
  yyyymmdd: string,
  customerIdFirst: string | undefined,
  limit: number
): string[] {
  const rows = statements(db).idsOnDate.all({
    ...orderIdRangeForDate(yyyymmdd),
    customerId: customerIdFirst ?? null,
    limit
  }) as { id: string }[]
  return rows.map((r) => r.id)
}

/** Which of these order ids exist, with their customer; looked up by primary key. */
export function findExistingOrderIds(db: Db, ids: readonly string[]): { id: string; customerId: string }[] {
  if (ids.length === 0) return []
  const rows = statements(db).existingIds.all(JSON.stringify(ids)) as { id: string; customer_id: string }[]
  return rows.map((r) => ({ id: r.id, customerId: r.customer_id }))
}
