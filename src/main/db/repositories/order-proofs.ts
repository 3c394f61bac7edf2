import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/**
 * What a guest proved in their own conversation: that they know an order's id and the email it was
 * placed with. Read by the data scope (policy/data-scope.ts), which decides what a proof allows.
 */

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO order_proofs (ticket_id, order_id, verified_at) VALUES (?, ?, ?)
     ON CONFLICT(ticket_id, order_id) DO NOTHING`
  ),
  has: db.prepare('SELECT 1 FROM order_proofs WHERE ticket_id = ? AND order_id = ?'),
  forTicket: db.prepare(
    'SELECT order_id FROM order_proofs WHERE ticket_id = ? ORDER BY verified_at, order_id'
  )
}))

export function recordOrderProof(db: Db, ticketId: string, orderId: string, verifiedAt: string): void {
  statements(db).insert.run(ticketId, orderId, verifiedAt)
}

export function hasOrderProof(db: Db, ticketId: string, orderId: string): boolean {
  return statements(db).has.get(ticketId, orderId) !== undefined
}

/** The orders a conversation has proved, first proved first. */
export function listProvedOrderIds(db: Db, ticketId: string): string[] {
  return (statements(db).forTicket.all(ticketId) as { order_id: string }[]).map((r) => r.order_id)
}
