import { randomUUID } from 'node:crypto'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

export interface ExchangeToRecord {
  /** The approved action: the exchange's idempotency key. */
  actionId: string
  orderId: string
  paymentMethodId: string | null
  priceDifferenceCents: number
  currency: string
  lines: readonly { orderItemId: number; quantity: number; newVariantId: string }[]
  now: string
}

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO exchanges (id, action_id, order_id, payment_method_id, price_difference_cents, currency, created_at)
     VALUES (@id, @actionId, @orderId, @paymentMethodId, @priceDifferenceCents, @currency, @now)
     ON CONFLICT(action_id) DO NOTHING`
  ),
  byAction: db.prepare('SELECT id FROM exchanges WHERE action_id = ?'),
  insertItem: db.prepare(
    `INSERT INTO exchange_items (exchange_id, order_item_id, quantity, new_variant_id) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`
  ),
  countForOrder: db.prepare('SELECT COUNT(*) FROM exchanges WHERE order_id = ?').pluck()
}))

/** Records the exchange of an approved action once (its unique action id). Call inside the caller's transaction. */
export function recordExchange(db: Db, exchange: ExchangeToRecord): string {
  const s = statements(db)
  s.insert.run({ id: `EXC-${randomUUID()}`, ...exchange })
  const exchangeId = (s.byAction.get(exchange.actionId) as { id: string }).id
  for (const line of exchange.lines)
    s.insertItem.run(exchangeId, line.orderItemId, line.quantity, line.newVariantId)
  return exchangeId
}

export function countExchangesForOrder(db: Db, orderId: string): number {
  return statements(db).countForOrder.get(orderId) as number
}
