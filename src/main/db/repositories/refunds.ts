import { randomUUID } from 'node:crypto'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

export interface RefundToIssue {
  /** The approved action: the refund's idempotency key. */
  actionId: string
  orderId: string
  /** The return it comes with, if any (a refund of an amount has none). */
  returnId: string | null
  amountCents: number
  currency: string
  /** The method it goes to, when the customer chose one; null: the original payment method. */
  paymentMethodId?: string | null
  now: string
}

export interface IssuedRefund {
  refundId: string
  refundCents: number
  currency: string
}

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO refunds (id, action_id, order_id, return_id, amount_cents, currency, payment_method_id, created_at)
     VALUES (@id, @actionId, @orderId, @returnId, @amountCents, @currency, @paymentMethodId, @now)
     ON CONFLICT(action_id) DO NOTHING`
  ),
  byAction: db.prepare('SELECT id, amount_cents, currency FROM refunds WHERE action_id = ?')
}))

/**
 * Issues the refund of an approved action once: the unique `action_id` makes a second call (a
 * double click, a retry after a crash) find the row the first one wrote. Call inside the caller's
 * transaction.
 */
export function issueRefundOnce(db: Db, refund: RefundToIssue): IssuedRefund {
  const s = statements(db)
  s.insert.run({ id: `REF-${randomUUID()}`, ...refund, paymentMethodId: refund.paymentMethodId ?? null })
  return refundOfAction(db, refund.actionId)!
}

export function refundOfAction(db: Db, actionId: string): IssuedRefund | undefined {
  const row = statements(db).byAction.get(actionId) as
    { id: string; amount_cents: number; currency: string } | undefined
  return row && { refundId: row.id, refundCents: row.amount_cents, currency: row.currency }
}
