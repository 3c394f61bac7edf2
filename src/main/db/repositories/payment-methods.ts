import type { PaymentMethodFacts, PaymentMethodKind } from '../../../shared/domain/payment-method'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

/** A customer's payment method, as stored: gift cards carry their balance. */
export interface PaymentMethod extends PaymentMethodFacts {
  customerId: string
}

interface PaymentMethodRow {
  id: string
  customer_id: string
  kind: PaymentMethodKind
  brand: string | null
  last_four: string | null
  balance_cents: number | null
  currency: string
}

const rowToPaymentMethod = (row: PaymentMethodRow): PaymentMethod => ({
  id: row.id,
  customerId: row.customer_id,
  kind: row.kind,
  brand: row.brand,
  lastFour: row.last_four,
  balanceCents: row.balance_cents,
  currency: row.currency
})

const statements = statementCache((db) => ({
  get: db.prepare('SELECT * FROM payment_methods WHERE id = ?'),
  forCustomer: db.prepare('SELECT * FROM payment_methods WHERE customer_id = ? ORDER BY kind, id'),
  addToBalance: db.prepare(
    `UPDATE payment_methods SET balance_cents = balance_cents + ? WHERE id = ? AND kind = 'gift_card'`
  )
}))

export function getPaymentMethod(db: Db, id: string): PaymentMethod | undefined {
  const row = statements(db).get.get(id) as PaymentMethodRow | undefined
  return row && rowToPaymentMethod(row)
}

export function listPaymentMethodsForCustomer(db: Db, customerId: string): PaymentMethod[] {
  return (statements(db).forCustomer.all(customerId) as PaymentMethodRow[]).map(rowToPaymentMethod)
}

/**
 * Moves a gift card's balance by `deltaCents` (a refund adds, a charge takes); other methods have
 * none and are left alone. A balance never goes below zero: the table's CHECK refuses it, so a
 * caller checks first and the transaction around it rolls back if not. Returns the new balance.
 */
export function addToGiftCardBalance(db: Db, id: string, deltaCents: number): number | null {
  if (deltaCents !== 0) statements(db).addToBalance.run(deltaCents, id)
  return getPaymentMethod(db, id)?.balanceCents ?? null
}
