import type { OrderStatus } from '../../../shared/domain/order'
import { CellProblem } from './columns'

/**
 * From the platforms' order states to Frontline's (pending, paid, shipped, delivered, cancelled,
 * returned). Documented in docs/shop-import.md; the tables are the documentation's source.
 *
 * Neither export says whether a parcel arrived, so nothing imported from them is "delivered": a
 * fulfilled Shopify order and a completed WooCommerce order are "shipped", dated by their
 * fulfilment. JSON Lines carries Frontline's own statuses, delivered included.
 */

const statusKey = (text: string): string =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/** Shopify's Financial Status: what was paid. */
type Payment = 'unpaid' | 'paid' | 'refunded' | 'voided'
export const SHOPIFY_FINANCIAL_STATUS: Readonly<Record<string, Payment>> = {
  '': 'unpaid',
  pending: 'unpaid',
  authorized: 'unpaid',
  partially_paid: 'unpaid',
  paid: 'paid',
  partially_refunded: 'paid',
  refunded: 'refunded',
  voided: 'voided',
  expired: 'voided'
}

/** Shopify's Fulfillment Status: whether anything left the warehouse. */
export const SHOPIFY_FULFILLMENT_STATUS: Readonly<Record<string, 'shipped' | 'not_shipped'>> = {
  '': 'not_shipped',
  unfulfilled: 'not_shipped',
  pending: 'not_shipped',
  on_hold: 'not_shipped',
  in_progress: 'not_shipped',
  scheduled: 'not_shipped',
  restocked: 'not_shipped',
  partial: 'shipped',
  fulfilled: 'shipped'
}

export interface ShopifyOrderState {
  financialStatus: string
  fulfillmentStatus: string
  cancelledAt: string
}

/**
 * In this order: a cancelled (or voided) order is cancelled; a refunded one is returned when it had
 * shipped and cancelled when not; a (partly) fulfilled one is shipped; a paid one is paid; the rest
 * (pending, authorized, partially paid) are pending.
 */
export function shopifyOrderStatus(state: ShopifyOrderState): OrderStatus {
  const payment = SHOPIFY_FINANCIAL_STATUS[statusKey(state.financialStatus)]
  if (payment === undefined) {
    throw new CellProblem(
      'financialStatus',
      `"${state.financialStatus}" is not a Shopify financial status (${known(SHOPIFY_FINANCIAL_STATUS)})`
    )
  }
  const shipment = SHOPIFY_FULFILLMENT_STATUS[statusKey(state.fulfillmentStatus)]
  if (shipment === undefined) {
    throw new CellProblem(
      'fulfillmentStatus',
      `"${state.fulfillmentStatus}" is not a Shopify fulfillment status (${known(SHOPIFY_FULFILLMENT_STATUS)})`
    )
  }
  if (state.cancelledAt !== '' || payment === 'voided') return 'cancelled'
  if (payment === 'refunded') return shipment === 'shipped' ? 'returned' : 'cancelled'
  if (shipment === 'shipped') return 'shipped'
  return payment === 'paid' ? 'paid' : 'pending'
}

/** WooCommerce's order statuses (with or without their `wc-` prefix). */
export const WOOCOMMERCE_ORDER_STATUS: Readonly<Record<string, OrderStatus | 'refunded'>> = {
  pending: 'pending',
  on_hold: 'pending',
  checkout_draft: 'pending',
  processing: 'paid',
  completed: 'shipped',
  cancelled: 'cancelled',
  failed: 'cancelled',
  refunded: 'refunded'
}

/** A refunded WooCommerce order is returned when it had been completed, cancelled when not. */
export function woocommerceOrderStatus(status: string, completedAt: string | null): OrderStatus {
  const mapped = WOOCOMMERCE_ORDER_STATUS[statusKey(status).replace(/^wc_/, '')]
  if (mapped === undefined) {
    throw new CellProblem(
      'status',
      `"${status}" is not a WooCommerce order status (${known(WOOCOMMERCE_ORDER_STATUS)})`
    )
  }
  if (mapped === 'refunded') return completedAt ? 'returned' : 'cancelled'
  return mapped
}

const known = (table: Readonly<Record<string, unknown>>): string =>
  Object.keys(table).filter(Boolean).join(', ')
