import { formatAddress, type PostalAddress } from '../../../shared/domain/address'
import type { OrderStatus } from '../../../shared/domain/order'
import type { Db } from '../../db/connection'
import {
  toCents,
  type RetailAddress,
  type RetailDb,
  type RetailOrder,
  type RetailPaymentMethod
} from './retail-db'

/**
 * Loads τ²-bench's retail shop into a Frontline database that has no shop yet: users become
 * customers (with their address in parts and their payment methods, gift cards with balances),
 * products get their variants, orders their lines (one per item, at the variant and price
 * ordered), their fulfilments' tracking ids and their payment history.
 *
 * τ²-bench orders have no dates; Frontline's return window counts from delivery, so every order is
 * dated relative to `now`: placed 10 days before, delivered ones 5 days before (well inside the
 * window), so the rules that depend on time decide nothing the benchmark's policy does not.
 */

/** τ²-bench's statuses as Frontline's: "processed" has left the warehouse (shipped). */
const STATUS: Record<RetailOrder['status'], OrderStatus> = {
  pending: 'pending',
  'pending (item modified)': 'pending',
  processed: 'shipped',
  delivered: 'delivered',
  cancelled: 'cancelled',
  'return requested': 'delivered',
  'exchange requested': 'delivered'
}

const DAY_MS = 86_400_000

export const toPostalAddress = (a: RetailAddress): PostalAddress => ({
  line1: a.address1,
  line2: a.address2,
  city: a.city,
  region: a.state,
  postal_code: a.zip,
  country: a.country
})

const METHOD_KIND: Record<RetailPaymentMethod['source'], 'card' | 'paypal' | 'gift_card'> = {
  credit_card: 'card',
  paypal: 'paypal',
  gift_card: 'gift_card'
}

export interface ImportedRetailShop {
  customers: number
  products: number
  variants: number
  orders: number
  orderLines: number
}

export function importRetailDb(db: Db, shop: RetailDb, now: Date): ImportedRetailShop {
  const existing = db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }
  if (existing.n > 0)
    throw new Error('the τ² retail shop is imported into a fresh shop only; this one has customers')
  const at = (daysBefore: number) => new Date(now.getTime() - daysBefore * DAY_MS).toISOString()
  const insert = {
    product: db.prepare(
      `INSERT INTO products (id, name, description, category, price_cents, currency, stock)
       VALUES (?, ?, ?, ?, ?, 'USD', ?)`
    ),
    variant: db.prepare(
      'INSERT INTO product_variants (id, product_id, options, price_cents, available) VALUES (?, ?, ?, ?, ?)'
    ),
    customer: db.prepare(
      `INSERT INTO customers (id, name, email, created_at, preferences, address_line1, address_line2, city,
         region, postal_code, country)
       VALUES (@id, @name, @email, @createdAt, '{}', @line1, @line2, @city, @region, @postal_code, @country)`
    ),
    method: db.prepare(
      `INSERT INTO payment_methods (id, customer_id, kind, brand, last_four, balance_cents, currency)
       VALUES (?, ?, ?, ?, ?, ?, 'USD')`
    ),
    order: db.prepare(
      `INSERT INTO orders (id, customer_id, status, placed_at, shipped_at, delivered_at, carrier, tracking_number,
         estimated_delivery, subtotal_cents, shipping_cents, total_cents, currency, shipping_address, ship_line1,
         ship_line2, ship_city, ship_region, ship_postal_code, ship_country, items_changed_at)
       VALUES (@id, @customerId, @status, @placedAt, @shippedAt, @deliveredAt, NULL, @tracking, NULL, @totalCents, 0,
         @totalCents, 'USD', @text, @line1, @line2, @city, @region, @postal_code, @country, @itemsChangedAt)`
    ),
    line: db.prepare(
      'INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents, variant_id) VALUES (?, ?, 1, ?, ?)'
    ),
    payment: db.prepare(
      `INSERT INTO order_payments (order_id, kind, amount_cents, currency, payment_method_id, action_id, created_at)
       VALUES (?, ?, ?, 'USD', ?, NULL, ?)`
    )
  }
  const counts: ImportedRetailShop = { customers: 0, products: 0, variants: 0, orders: 0, orderLines: 0 }
  db.transaction(() => {
    for (const product of Object.values(shop.products)) {
      const variants = Object.values(product.variants)
      const prices = variants.map((v) => toCents(v.price))
      insert.product.run(
        product.product_id,
        product.name,
        `${product.name}, in ${variants.length} variants.`,
        product.name,
        prices.length > 0 ? Math.min(...prices) : 0,
        variants.filter((v) => v.available).length
      )
      counts.products += 1
      for (const variant of variants) {
        insert.variant.run(
          variant.item_id,
          product.product_id,
          JSON.stringify(variant.options),
          toCents(variant.price),
          variant.available ? 1 : 0
        )
        counts.variants += 1
      }
    }
    for (const user of Object.values(shop.users)) {
      insert.customer.run({
        id: user.user_id,
        name: `${user.name.first_name} ${user.name.last_name}`,
        email: user.email,
        createdAt: at(365),
        ...toPostalAddress(user.address)
      })
      counts.customers += 1
      for (const method of Object.values(user.payment_methods)) {
        insert.method.run(
          method.id,
          user.user_id,
          METHOD_KIND[method.source],
          method.source === 'credit_card' ? method.brand : null,
          method.source === 'credit_card' ? method.last_four : null,
          method.source === 'gift_card' ? toCents(method.balance) : null
        )
      }
    }
    for (const order of Object.values(shop.orders)) {
      const status = STATUS[order.status]
      const address = toPostalAddress(order.address)
      const shipped = status === 'shipped' || status === 'delivered'
      insert.order.run({
        id: order.order_id,
        customerId: order.user_id,
        status,
        placedAt: at(10),
        shippedAt: shipped ? at(8) : null,
        deliveredAt: status === 'delivered' ? at(5) : null,
        tracking: order.fulfillments.flatMap((f) => f.tracking_id).join(', ') || null,
        totalCents: order.items.reduce((sum, item) => sum + toCents(item.price), 0),
        text: formatAddress(address),
        ...address,
        itemsChangedAt: order.status === 'pending (item modified)' ? at(9) : null
      })
      counts.orders += 1
      for (const item of order.items) {
        insert.line.run(order.order_id, item.product_id, toCents(item.price), item.item_id)
        counts.orderLines += 1
      }
      for (const entry of order.payment_history) {
        insert.payment.run(
          order.order_id,
          entry.transaction_type,
          toCents(entry.amount),
          entry.payment_method_id,
          at(10)
        )
      }
    }
  })()
  return counts
}
