import { randomUUID } from 'node:crypto'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

export interface CreditToGrant {
  /** The approved action: the credit's idempotency key. */
  actionId: string
  customerId: string
  orderId: string | null
  amountCents: number
  currency: string
  reason: string
  now: string
}

export interface GrantedCredit {
  creditId: string
  creditCents: number
  currency: string
  /** The customer's store credit in this currency, this credit included. */
  balanceCents: number
}

const statements = statementCache((db) => ({
  insert: db.prepare(
    `INSERT INTO store_credits (id, action_id, customer_id, order_id, amount_cents, currency, reason, created_at)
     VALUES (@id, @actionId, @customerId, @orderId, @amountCents, @currency, @reason, @now)
     ON CONFLICT(action_id) DO NOTHING`
  ),
  byAction: db.prepare(
    'SELECT id, customer_id, amount_cents, currency FROM store_credits WHERE action_id = ?'
  ),
  balance: db.prepare(
    'SELECT COALESCE(SUM(amount_cents), 0) AS cents FROM store_credits WHERE customer_id = ? AND currency = ?'
  )
}))

/** A customer's store credit in one currency: what was granted minus what was spent. */
export function storeCreditBalanceCents(db: Db, customerId: string, currency: string): number {
  return (statements(db).balance.get(customerId, currency) as { cents: number }).cents
}

/**
 * Grants the store credit of an approved action once: the unique `action_id` makes a second call
 * find the row the first one wrote. Call inside the caller's transaction.
 */
export function grantStoreCreditOnce(db: Db, credit: CreditToGrant): GrantedCredit {
  const s = statements(db)
  s.insert.run({ id: `CRD-${randomUUID()}`, ...credit })
  const row = s.byAction.get(credit.actionId) as {
    id: string
    customer_id: string
    amount_cents: number
    currency: string
  }
  return {
    creditId: row.id,
    creditCents: row.amount_cents,
    currency: row.currency,
    balanceCents: storeCreditBalanceCents(db, row.customer_id, row.currency)
  }
}
