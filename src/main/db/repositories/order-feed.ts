import type { OrderStatus } from '../../../shared/domain/order'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/** Just enough of an order to name it in a list (the MCP resource list, id completion). */
export interface OrderRef {
  id: string
  customerId: string
  status: OrderStatus
  placedAt: string
}

interface OrderRefRow {
  id: string
  customer_id: string
  status: OrderStatus
  placed_at: string
}

const rowToOrderRef = (row: OrderRefRow): OrderRef => ({
  id: row.id,
  customerId: row.customer_id,
  status: row.status,
  placedAt: row.placed_at
})

/** The newest walk the placement index; completions walk the primary key from the typed prefix. */
export const orderFeedSql = {
  newest: 'SELECT id, customer_id, status, placed_at FROM orders ORDER BY placed_at DESC, id DESC LIMIT ?',
  idsWithPrefix: 'SELECT id FROM orders WHERE id >= @from AND id < @to ORDER BY id DESC LIMIT @limit'
} as const

const statements = statementCache((db) => ({
  newest: db.prepare(orderFeedSql.newest),
  idsWithPrefix: db.prepare(orderFeedSql.idsWithPrefix)
}))

/** The newest orders by date, newest first. */
export function listNewestOrders(db: Db, limit: number): OrderRef[] {
  return (statements(db).newest.all(limit) as OrderRefRow[]).map(rowToOrderRef)
}

/** Order ids starting with `prefix` (e.g. `ORD-2025`), newest first. */
export function listOrderIdsWithPrefix(db: Db, prefix: string, limit: number): string[] {
  // The upper bound is the prefix with its last character bumped: every id with the prefix sorts below it.
  const to =
    prefix.length === 0
      ? '\uffff'
      : prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
  const rows = statements(db).idsWithPrefix.all({ from: prefix, to, limit }) as { id: string }[]
  return rows.map((r) => r.id)
}
