import type { Db } from '../../db/connection'

/**
 * The part of a shop's database the retail tasks change, in a form two shops can be compared by:
 * rows keyed by what identifies them across runs (customer, order, order line and payment method
 * ids are the import's; ids minted at approval, RET-/REF-/EXC-<uuid>, and timestamps are left
 * out). Where a row has no stable id (payments, returns, refunds, exchanges), an order's rows are
 * one sorted list, so the order the agent did things in does not matter.
 *
 * Left out on purpose: a return's reason (τ²-bench has none; Frontline asks one) and a refund to
 * "the original method" (null) is written as that method's id, so naming it or not is the same.
 */
export type ShopState = Map<string, string>

const QUERIES: { table: string; sql: string }[] = [
  {
    table: 'customer',
    sql: `SELECT id AS key, json_array(address_line1, address_line2, city, region, postal_code, country) AS value
          FROM customers`
  },
  {
    table: 'order',
    sql: `SELECT id AS key, json_array(status, subtotal_cents, total_cents, cancel_reason, items_changed_at IS NOT NULL,
            ship_line1, ship_line2, ship_city, ship_region, ship_postal_code, ship_country) AS value FROM orders`
  },
  {
    table: 'order_line',
    sql: `SELECT order_id || ' line ' || id AS key, json_array(product_id, variant_id, quantity, unit_price_cents) AS value
          FROM order_items`
  },
  {
    table: 'payment_method',
    sql: `SELECT id AS key, json_array(customer_id, kind, balance_cents) AS value FROM payment_methods`
  },
  {
    table: 'payments',
    sql: `SELECT order_id AS key, json_group_array(entry) AS value FROM (
            SELECT order_id, kind || ' ' || amount_cents || ' ' || COALESCE(payment_method_id, 'original') AS entry
            FROM order_payments ORDER BY order_id, entry) GROUP BY order_id`
  },
  {
    table: 'returned',
    sql: `SELECT r.order_id AS key, json_group_array(entry) AS value FROM (
            SELECT r.order_id, 'line ' || ri.order_item_id || ' ×' || ri.quantity AS entry
            FROM returns r JOIN return_items ri ON ri.return_id = r.id ORDER BY r.order_id, entry) r GROUP BY r.order_id`
  },
  {
    table: 'refunds',
    sql: `SELECT order_id AS key, json_group_array(entry) AS value FROM (
            SELECT f.order_id, f.amount_cents || ' to ' || COALESCE(f.payment_method_id,
              (SELECT p.payment_method_id FROM order_payments p WHERE p.order_id = f.order_id AND p.kind = 'payment'
               ORDER BY p.id LIMIT 1), 'original') AS entry
            FROM refunds f ORDER BY f.order_id, entry) GROUP BY order_id`
  },
  {
    table: 'exchanges',
    sql: `SELECT order_id AS key, json_group_array(entry) AS value FROM (
            SELECT e.order_id, 'line ' || ei.order_item_id || ' ×' || ei.quantity || ' → ' || ei.new_variant_id ||
              ' (difference ' || e.price_difference_cents || ' with ' || COALESCE(e.payment_method_id, '?') || ')' AS entry
            FROM exchanges e JOIN exchange_items ei ON ei.exchange_id = e.id ORDER BY e.order_id, entry) GROUP BY order_id`
  }
]

export function readShopState(db: Db): ShopState {
  const state: ShopState = new Map()
  for (const { table, sql } of QUERIES) {
    for (const row of db.prepare(sql).all() as { key: string; value: string }[]) {
      state.set(`${table} ${row.key}`, row.value)
    }
  }
  return state
}

/** One row that differs: what the run left, and what the expected actions leave (null: no such row). */
export interface StateDifference {
  row: string
  actual: string | null
  expected: string | null
}

export function diffShopStates(actual: ShopState, expected: ShopState): StateDifference[] {
  const rows = new Set([...actual.keys(), ...expected.keys()])
  const differences: StateDifference[] = []
  for (const row of [...rows].sort()) {
    const a = actual.get(row) ?? null
    const e = expected.get(row) ?? null
    if (a !== e) differences.push({ row, actual: a, expected: e })
  }
  return differences
}
