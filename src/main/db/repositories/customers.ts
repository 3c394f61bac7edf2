import type { Customer, CustomerCard } from '../../../shared/domain/customer'
import { centsToMoney } from '../../../shared/domain/money'
import type { Db } from '../connection'
import { statementCache } from '../statement-cache'

interface CustomerRow {
  id: string
  name: string
  email: string
  created_at: string
  preferences: string
}

interface CustomerCardRow extends CustomerRow {
  order_total_cents: number
  refunded_cents: number
  order_count: number
  open_tickets: number
  currency: string | null
}

/** Preferences are free-form JSON written by other tools; a broken value must not hide the customer. */
function parsePreferences(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}

export const rowToCustomer = (row: CustomerRow): Customer => ({
  id: row.id,
  name: row.name,
  email: row.email,
  createdAt: row.created_at,
  preferences: parsePreferences(row.preferences)
})

export const OPEN_TICKET_STATUSES = ['new', 'open', 'pending'] as const

const statements = statementCache((db) => ({
  get: db.prepare('SELECT * FROM customers WHERE id = ?'),
  getByEmail: db.prepare('SELECT * FROM customers WHERE email = ? COLLATE NOCASE'),
  byNameAndPostalCode: db.prepare(
    `SELECT * FROM customers WHERE postal_code = ? AND lower(name) = lower(?) ORDER BY id LIMIT 5`
  ),
  existingIds: db.prepare('SELECT id FROM customers WHERE id IN (SELECT value FROM json_each(?))'),
  idsByEmails: db.prepare('SELECT id FROM customers WHERE email IN (SELECT value FROM json_each(?))'),
  card: db.prepare(
    `SELECT c.*,
       (SELECT COALESCE(SUM(o.total_cents), 0) FROM orders o
         WHERE o.customer_id = c.id AND o.status != 'cancelled') AS order_total_cents,
       (SELECT COALESCE(SUM(r.amount_cents), 0) FROM orders o JOIN refunds r ON r.order_id = o.id
         WHERE o.customer_id = c.id) AS refunded_cents,
       (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS order_count,
       (SELECT COUNT(*) FROM tickets t
         WHERE t.customer_id = c.id AND t.status IN ('new', 'open', 'pending')) AS open_tickets,
       (SELECT o.currency FROM orders o WHERE o.customer_id = c.id ORDER BY o.placed_at DESC LIMIT 1) AS currency
     FROM customers c WHERE c.id = ?`
  )
}))

export function getCustomer(db: Db, id: string): Customer | undefined {
  const row = statements(db).get.get(id) as CustomerRow | undefined
  return row && rowToCustomer(row)
}

/** Which of these customer ids exist; looked up by primary key. */
export function findExistingCustomerIds(db: Db, ids: readonly string[]): string[] {
  if (ids.length === 0) return []
  return (statements(db).existingIds.all(JSON.stringify(ids)) as { id: string }[]).map((r) => r.id)
}

/** The customers with these emails, as written or in lower case (the email index is case-sensitive). */
export function findCustomerIdsByEmails(db: Db, emails: readonly string[]): string[] {
  if (emails.length === 0) return []
  const variants = [...new Set(emails.flatMap((e) => [e, e.toLowerCase()]))]
  return (statements(db).idsByEmails.all(JSON.stringify(variants)) as { id: string }[]).map((r) => r.id)
}

export function findCustomerByEmail(db: Db, email: string): Customer | undefined {
  const row = statements(db).getByEmail.get(email) as CustomerRow | undefined
  return row && rowToCustomer(row)
}

/**
 * The customers with this full name (first and last, any case) at this postal code: usually one;
 * a few when namesakes share a code, and the caller must then ask for more.
 */
export function findCustomersByNameAndPostalCode(
  db: Db,
  name: { first: string; last: string },
  postalCode: string
): Customer[] {
  const fullName = `${name.first.trim()} ${name.last.trim()}`.replace(/\s+/g, ' ')
  const rows = statements(db).byNameAndPostalCode.all(postalCode.trim(), fullName) as CustomerRow[]
  return rows.map(rowToCustomer)
}

/**
 * The customer with what a support person weighs first: lifetime value (non-cancelled orders
 * minus refunds), how many orders, how many tickets still open.
 */
export function getCustomerCard(db: Db, id: string): CustomerCard | undefined {
  const row = statements(db).card.get(id) as CustomerCardRow | undefined
  if (!row) return undefined
  return {
    ...rowToCustomer(row),
    lifetimeValue: centsToMoney(row.order_total_cents - row.refunded_cents, row.currency ?? 'USD'),
    orderCount: row.order_count,
    openTickets: row.open_tickets
  }
}
