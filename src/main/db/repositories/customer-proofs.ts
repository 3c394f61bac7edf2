import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/**
 * Who a guest conversation speaks for once the guest identified themselves (see policy/data-scope
 * and policy/shop-policy): one customer per conversation, kept with the ticket.
 */

export type IdentityMethod = 'email' | 'name_postal_code'

export interface CustomerProof {
  ticketId: string
  customerId: string
  method: IdentityMethod
  verifiedAt: string
}

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO customer_proofs (ticket_id, customer_id, method, verified_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(ticket_id) DO NOTHING`
  ),
  get: db.prepare('SELECT * FROM customer_proofs WHERE ticket_id = ?'),
  linkTicket: db.prepare(
    'UPDATE tickets SET customer_id = @customerId, updated_at = @now WHERE id = @ticketId AND customer_id IS NULL'
  ),
  linkSession: db.prepare(
    `UPDATE chat_sessions SET customer_id = @customerId, updated_at = @now
     WHERE ticket_id = @ticketId AND customer_id IS NULL`
  )
}))

export function getCustomerProof(db: Db, ticketId: string): CustomerProof | undefined {
  const row = statements(db).get.get(ticketId) as
    { ticket_id: string; customer_id: string; method: IdentityMethod; verified_at: string } | undefined
  return (
    row && {
      ticketId: row.ticket_id,
      customerId: row.customer_id,
      method: row.method,
      verifiedAt: row.verified_at
    }
  )
}

/**
 * Keeps the first proof of a conversation (a later one for another customer is not written) and
 * links the guest's ticket, and its chat session, to the customer: from the next turn on, the
 * conversation is theirs as if they had signed in. Returns the conversation's proof.
 */
export function recordCustomerProof(db: Db, proof: CustomerProof): CustomerProof {
  const s = statements(db)
  return db.transaction(() => {
    s.insert.run(proof.ticketId, proof.customerId, proof.method, proof.verifiedAt)
    const kept = getCustomerProof(db, proof.ticketId)!
    const link = { customerId: kept.customerId, ticketId: kept.ticketId, now: proof.verifiedAt }
    s.linkTicket.run(link)
    s.linkSession.run(link)
    return kept
  })()
}
