import type { Db } from '../../src/main/db/connection'

/**
 * Minimal rows that parse as their kind (the actions repository refuses a row that does not), for
 * tests about queues and history rather than about what an action holds.
 */
const ROWS = {
  return: {
    payload: {
      order_id: 'ORD-20261103-AB12',
      reason: 'damaged',
      note: null,
      items: [
        {
          item_id: 1,
          product_id: 'PRD-0001',
          name: 'Kettle',
          quantity: 1,
          unit_price_cents: 2500,
          line_cents: 2500
        }
      ],
      refund: { items_cents: 2500, shipping_cents: 0, total_cents: 2500, currency: 'USD', notes: [] }
    },
    eligibility: {
      order_status: 'delivered',
      delivered_at: '2026-11-05T10:00:00.000Z',
      days_since_delivery: 5,
      window_days: 30,
      window_closes_at: '2026-12-05T10:00:00.000Z',
      checked_at: '2026-11-10T10:00:00.000Z',
      items: [
        {
          item_id: 1,
          name: 'Kettle',
          ordered: 1,
          already_returned: 0,
          pending_in_other_actions: 0,
          requested: 1
        }
      ]
    }
  },
  refund: {
    payload: {
      order_id: 'ORD-20261103-AB12',
      customer_id: 'CUS-000001',
      amount_cents: 1500,
      currency: 'USD',
      reason: 'late_delivery',
      note: null
    },
    eligibility: {
      order_status: 'delivered',
      paid_cents: 10_000,
      refunded_cents: 0,
      pending_cents: 0,
      refundable_cents: 10_000,
      cap_cents: 50_000,
      checked_at: '2026-11-10T10:00:00.000Z'
    }
  }
} as const

/** A pending action of `kind` on a ticket, written as a proposal would be (no order link needed). */
export function insertPendingActionRow(
  db: Db,
  row: { id: string; kind: keyof typeof ROWS; ticketId: string; createdAt: string }
): void {
  const { payload, eligibility } = ROWS[row.kind]
  db.prepare(
    `INSERT INTO actions (id, kind, status, ticket_id, payload, amount_cents, currency, eligibility, origin, created_at)
     VALUES (?, ?, 'pending_approval', ?, ?, ?, 'USD', ?, 'agent', ?)`
  ).run(
    row.id,
    row.kind,
    row.ticketId,
    JSON.stringify(payload),
    row.kind === 'return' ? ROWS.return.payload.refund.total_cents : ROWS.refund.payload.amount_cents,
    JSON.stringify(eligibility),
    row.createdAt
  )
}
