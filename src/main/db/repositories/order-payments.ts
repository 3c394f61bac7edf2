import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/**
 * An order's payment history: the ledger of what was charged to which method and what went back
 * (imported, or written by approved changes), and the refunds approved returns issued.
 */

export type PaymentEntryKind = 'payment' | 'refund'

export interface OrderPaymentEntry {
  kind: PaymentEntryKind
  amountCents: number
  currency: string
  /** null: the order's original method, where the shop did not say which. */
  paymentMethodId: string | null
  /** The approved action that wrote it; null for what an import brought. */
  actionId: string | null
  createdAt: string
}

export interface NewOrderPayment {
  orderId: string
  kind: PaymentEntryKind
  amountCents: number
  currency: string
  paymentMethodId: string | null
  actionId: string | null
  now: string
}

interface EntryRow {
  kind: PaymentEntryKind
  amount_cents: number
  currency: string
  payment_method_id: string | null
  action_id: string | null
  created_at: string
}

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO order_payments (order_id, kind, amount_cents, currency, payment_method_id, action_id, created_at)
     VALUES (@orderId, @kind, @amountCents, @currency, @paymentMethodId, @actionId, @now)`
  ),
  // A return's refund goes to its chosen method, else to the order's first payment's method.
  history: db.prepare(
    `SELECT kind, amount_cents, currency, payment_method_id, action_id, created_at, id AS seq, 0 AS source
       FROM order_payments WHERE order_id = @orderId
     UNION ALL
     SELECT 'refund', r.amount_cents, r.currency,
            COALESCE(r.payment_method_id,
              (SELECT p.payment_method_id FROM order_payments p
                WHERE p.order_id = r.order_id AND p.kind = 'payment' ORDER BY p.id LIMIT 1)),
            r.action_id, r.created_at, 0, 1
       FROM refunds r WHERE r.order_id = @orderId
     ORDER BY created_at, source, seq`
  )
}))

export function insertOrderPayment(db: Db, entry: NewOrderPayment): void {
  statements(db).insert.run(entry)
}

/** Every payment and refund of the order, oldest first. */
export function listOrderPayments(db: Db, orderId: string): OrderPaymentEntry[] {
  return (statements(db).history.all({ orderId }) as EntryRow[]).map((row) => ({
    kind: row.kind,
    amountCents: row.amount_cents,
    currency: row.currency,
    paymentMethodId: row.payment_method_id,
    actionId: row.action_id,
    createdAt: row.created_at
  }))
}

/** What each method paid and has not had back, in the order it was first charged; only positive amounts. */
export function netPaidByMethod(
  entries: readonly OrderPaymentEntry[]
): { paymentMethodId: string | null; cents: number }[] {
  const net = new Map<string | null, number>()
  for (const entry of entries) {
    const sign = entry.kind === 'payment' ? 1 : -1
    net.set(entry.paymentMethodId, (net.get(entry.paymentMethodId) ?? 0) + sign * entry.amountCents)
  }
  return [...net.entries()]
    .filter(([, cents]) => cents > 0)
    .map(([paymentMethodId, cents]) => ({ paymentMethodId, cents }))
}
