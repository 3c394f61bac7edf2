import { formatAddress, type PostalAddress } from '../../../shared/domain/address'
import type { OrderStatus } from '../../../shared/domain/order'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'
import { parseOptions } from './product-variants'

/**
 * What the order-change rules read of an order (its lines with their variants, where it ships, what
 * was already changed) and what approving a change writes. Writes run inside the approval's
 * transaction.
 */

export interface OrderLineFacts {
  itemId: number
  productId: string
  name: string
  quantity: number
  unitPriceCents: number
  variantId: string | null
  options: Record<string, string>
  /** Taken back already: returned, or in an exchange. */
  returnedQuantity: number
  exchangedQuantity: number
}

export interface OrderChangeFacts {
  id: string
  customerId: string
  status: OrderStatus
  currency: string
  subtotalCents: number
  totalCents: number
  cancelReason: string | null
  itemsChangedAt: string | null
  /** The address in parts; null when the shop gave only a line of text (or none). */
  shippingAddress: PostalAddress | null
  shippingAddressText: string
  lines: OrderLineFacts[]
}

interface OrderRow {
  id: string
  customer_id: string
  status: OrderStatus
  currency: string
  subtotal_cents: number
  total_cents: number
  cancel_reason: string | null
  items_changed_at: string | null
  shipping_address: string
  ship_line1: string
  ship_line2: string
  ship_city: string
  ship_region: string
  ship_postal_code: string
  ship_country: string
}

interface LineRow {
  id: number
  product_id: string
  name: string
  quantity: number
  unit_price_cents: number
  variant_id: string | null
  options: string | null
  returned_quantity: number
  exchanged_quantity: number
}

interface AddressColumns {
  line1: string
  line2: string
  city: string
  region: string
  postal_code: string
  country: string
}

/** Parts as stored ('' where unknown): an address needs at least its first line, city and code. */
export function addressFromParts(parts: AddressColumns): PostalAddress | null {
  if (!parts.line1 || !parts.city || !parts.postal_code) return null
  return { ...parts }
}

const statements = statementCache((db) => ({
  order: db.prepare(
    `SELECT id, customer_id, status, currency, subtotal_cents, total_cents, cancel_reason, items_changed_at,
       shipping_address, ship_line1, ship_line2, ship_city, ship_region, ship_postal_code, ship_country
     FROM orders WHERE id = ?`
  ),
  lines: db.prepare(
    `SELECT oi.id, oi.product_id, p.name, oi.quantity, oi.unit_price_cents, oi.variant_id, v.options,
       (SELECT COALESCE(SUM(ri.quantity), 0) FROM return_items ri WHERE ri.order_item_id = oi.id) AS returned_quantity,
       (SELECT COALESCE(SUM(ei.quantity), 0) FROM exchange_items ei WHERE ei.order_item_id = oi.id) AS exchanged_quantity
     FROM order_items oi JOIN products p ON p.id = oi.product_id
       LEFT JOIN product_variants v ON v.id = oi.variant_id
     WHERE oi.order_id = ? ORDER BY oi.id`
  ),
  setShipping: db.prepare(
    `UPDATE orders SET ship_line1 = @line1, ship_line2 = @line2, ship_city = @city, ship_region = @region,
       ship_postal_code = @postal_code, ship_country = @country, shipping_address = @text WHERE id = @orderId`
  ),
  cancel: db.prepare(`UPDATE orders SET status = 'cancelled', cancel_reason = ? WHERE id = ?`),
  setLine: db.prepare(
    'UPDATE order_items SET variant_id = ?, unit_price_cents = ? WHERE id = ? AND order_id = ?'
  ),
  itemsChanged: db.prepare(
    `UPDATE orders SET subtotal_cents = subtotal_cents + @delta, total_cents = total_cents + @delta,
       items_changed_at = @now WHERE id = @orderId`
  ),
  customerAddress: db.prepare(
    `SELECT address_line1 AS line1, address_line2 AS line2, city, region, postal_code, country
     FROM customers WHERE id = ?`
  ),
  setCustomerAddress: db.prepare(
    `UPDATE customers SET address_line1 = @line1, address_line2 = @line2, city = @city, region = @region,
       postal_code = @postal_code, country = @country WHERE id = @customerId`
  )
}))

export function getOrderChangeFacts(db: Db, orderId: string): OrderChangeFacts | undefined {
  const s = statements(db)
  const row = s.order.get(orderId) as OrderRow | undefined
  if (!row) return undefined
  return {
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    currency: row.currency,
    subtotalCents: row.subtotal_cents,
    totalCents: row.total_cents,
    cancelReason: row.cancel_reason,
    itemsChangedAt: row.items_changed_at,
    shippingAddress: addressFromParts({
      line1: row.ship_line1,
      line2: row.ship_line2,
      city: row.ship_city,
      region: row.ship_region,
      postal_code: row.ship_postal_code,
      country: row.ship_country
    }),
    shippingAddressText: row.shipping_address,
    lines: (s.lines.all(orderId) as LineRow[]).map((line) => ({
      itemId: line.id,
      productId: line.product_id,
      name: line.name,
      quantity: line.quantity,
      unitPriceCents: line.unit_price_cents,
      variantId: line.variant_id,
      options: parseOptions(line.options),
      returnedQuantity: line.returned_quantity,
      exchangedQuantity: line.exchanged_quantity
    }))
  }
}

export function setOrderShippingAddress(db: Db, orderId: string, address: PostalAddress): void {
  statements(db).setShipping.run({ ...address, text: formatAddress(address), orderId })
}

export function markOrderCancelled(db: Db, orderId: string, reason: string): void {
  statements(db).cancel.run(reason, orderId)
}

/** Moves lines to other variants at their prices, and the order's totals by the difference. */
export function changeOrderLines(
  db: Db,
  change: {
    orderId: string
    lines: readonly { itemId: number; variantId: string; unitPriceCents: number }[]
    deltaCents: number
    now: string
  }
): void {
  const s = statements(db)
  for (const line of change.lines)
    s.setLine.run(line.variantId, line.unitPriceCents, line.itemId, change.orderId)
  s.itemsChanged.run({ delta: change.deltaCents, now: change.now, orderId: change.orderId })
}

export function getCustomerAddress(db: Db, customerId: string): PostalAddress | null {
  const row = statements(db).customerAddress.get(customerId) as AddressColumns | undefined
  return row ? addressFromParts(row) : null
}

export function setCustomerAddress(db: Db, customerId: string, address: PostalAddress): void {
  statements(db).setCustomerAddress.run({ ...address, customerId })
}
