import { randomUUID } from 'node:crypto'
import type { ReturnResult } from '../../../shared/domain/actions/return'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'
import { issueRefundOnce, refundOfAction } from './refunds'

export interface ReturnToApply {
  /** The approved action: its id is the idempotency key of the return and the refund. */
  actionId: string
  orderId: string
  reason: string
  items: { orderItemId: number; quantity: number }[]
  refundCents: number
  currency: string
  /** Where the refund goes when the customer chose; null: the original payment method. */
  refundTo?: string | null
  now: string
}

/** What applying a return wrote: the action's result. */
export type AppliedReturn = ReturnResult

const statements = statementCache((db) => ({
  insertReturn: db.prepare(
    `INSERT INTO returns (id, action_id, order_id, reason, created_at) VALUES (@id, @actionId, @orderId, @reason, @now)
     ON CONFLICT(action_id) DO NOTHING`
  ),
  returnByAction: db.prepare('SELECT id FROM returns WHERE action_id = ?'),
  insertReturnItem: db.prepare(
    'INSERT INTO return_items (return_id, order_item_id, quantity) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'
  ),
  remainingItems: db.prepare(
    `SELECT COALESCE(SUM(oi.quantity), 0) - COALESCE((SELECT SUM(ri.quantity) FROM return_items ri
        JOIN order_items x ON x.id = ri.order_item_id WHERE x.order_id = @orderId), 0) AS remaining
     FROM order_items oi WHERE oi.order_id = @orderId`
  ),
  markReturned: db.prepare(`UPDATE orders SET status = 'returned' WHERE id = ? AND status = 'delivered'`),
  orderStatus: db.prepare('SELECT status FROM orders WHERE id = ?')
}))

/**
 * Creates the return, its items and the refund for an approved action. Unique `action_id`
 * columns make it apply once: a second call (a double click, a retry after a crash) finds the rows
 * the first one wrote and returns them. Call inside the caller's transaction.
 */
export function applyReturn(db: Db, input: ReturnToApply): AppliedReturn {
  const s = statements(db)
  s.insertReturn.run({ id: `RET-${randomUUID()}`, ...input })
  const returnId = (s.returnByAction.get(input.actionId) as { id: string }).id
  for (const item of input.items) s.insertReturnItem.run(returnId, item.orderItemId, item.quantity)
  const refund =
    input.refundCents > 0
      ? issueRefundOnce(db, {
          actionId: input.actionId,
          orderId: input.orderId,
          returnId,
          amountCents: input.refundCents,
          currency: input.currency,
          paymentMethodId: input.refundTo ?? null,
          now: input.now
        })
      : refundOfAction(db, input.actionId)
  const { remaining } = s.remainingItems.get({ orderId: input.orderId }) as { remaining: number }
  if (remaining <= 0) s.markReturned.run(input.orderId)
  const { status } = s.orderStatus.get(input.orderId) as { status: string }
  return {
    returnId,
    refundId: refund?.refundId ?? null,
    refundCents: refund?.refundCents ?? 0,
    currency: refund?.currency ?? input.currency,
    orderStatus: status
  }
}

export function countReturnsForAction(db: Db, actionId: string): { returns: number; refunds: number } {
  const returns = db.prepare('SELECT COUNT(*) AS n FROM returns WHERE action_id = ?').get(actionId) as {
    n: number
  }
  const refunds = db.prepare('SELECT COUNT(*) AS n FROM refunds WHERE action_id = ?').get(actionId) as {
    n: number
  }
  return { returns: returns.n, refunds: refunds.n }
}
