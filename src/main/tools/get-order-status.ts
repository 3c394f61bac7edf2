import { z } from 'zod'
import type { OrderDetail } from '../../shared/domain/order'
import { getOrderDetail } from '../db/repositories/orders'
import { dataScopeOf, mayViewCustomer } from '../policy/data-scope'
import { returnWindow } from '../policy/return-policy'
import type { Clock } from '../core/clock'
import { defineTool, ToolFailure } from './define-tool'
import { requireOrderId } from './order-id'
import { claimsOnOrder } from '../actions/order-holds'

const STATUS_MEANING: Record<OrderDetail['status'], string> = {
  pending: 'placed, payment not yet confirmed',
  paid: 'paid, being prepared; not shipped yet',
  shipped: 'handed to the carrier, on its way',
  delivered: 'delivered',
  cancelled: 'cancelled; nothing will ship',
  returned: 'returned to the shop'
}

function returnWindowFacts(order: OrderDetail, clock: Clock) {
  if (order.status !== 'delivered' || !order.deliveredAt) return null
  const window = returnWindow(order.deliveredAt, clock.now())
  return window ? { open: window.open, window_days: window.windowDays, closes_at: window.closesAt } : null
}

export const getOrderStatusTool = defineTool({
  name: 'get_order_status',
  title: 'Order status',
  description:
    "Look up one order by its id in the shop's own format (the instructions say which; case, spaces, dashes, " +
    'a leading "#" or "order" are tolerated). ' +
    'Returns its status, placed/shipped/delivered dates, carrier, tracking number, estimated delivery, ' +
    'items (with item_id for process_return, and how many of each are already returned or in a return ' +
    'awaiting approval), totals and whether the return window is open. ' +
    'If the id is not one the customer can see, the error says so and lists their own order ids to try. ' +
    'A guest (no account) must give the order id and the email it was placed with.',
  input: z.object({
    order_id: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .describe('The order id as the customer gave it, e.g. #1001 or ORD-20261103-AB12'),
    // Optional, so the seed's schema (order_id alone) still validates.
    email: z
      .email({ error: 'expected an email address, e.g. ada@example.com' })
      .max(254)
      .optional()
      .describe(
        'For a guest (a conversation without a customer account): the email address the order was placed with. ' +
          'A guest sees an order only with its id and this email.'
      )
  }),
  readOnly: true,
  destructive: false,
  idempotent: true,
  execute(ctx, input) {
    const { id } = requireOrderId(ctx, input.order_id, input.email ? { email: input.email } : undefined)
    const order = getOrderDetail(ctx.db, id)
    if (!order)
      throw new ToolFailure({
        code: 'order_not_found',
        message: `There is no order ${id}.`,
        field: 'order_id'
      })
    const pending = claimsOnOrder(ctx.db, order.id).pendingByItem
    return {
      order_id: order.id,
      ...(order.id !== input.order_id ? { you_asked_for: input.order_id } : {}),
      // A guest proved the order, not the account: its id is not theirs to learn.
      ...(mayViewCustomer(dataScopeOf(ctx.caller), order.customerId)
        ? { customer_id: order.customerId }
        : {}),
      status: order.status,
      status_meaning: STATUS_MEANING[order.status],
      placed_at: order.placedAt,
      shipped_at: order.shippedAt,
      delivered_at: order.deliveredAt,
      carrier: order.carrier,
      tracking_number: order.trackingNumber,
      estimated_delivery: order.estimatedDelivery,
      items: order.items.map((item) => ({
        item_id: item.itemId,
        product_id: item.productId,
        name: item.name,
        quantity: item.quantity,
        unit_price: item.unitPrice,
        returned_quantity: item.returnedQuantity,
        awaiting_approval_quantity: pending.get(item.itemId)?.quantity ?? 0
      })),
      subtotal: order.subtotal,
      shipping: order.shipping,
      total: order.total,
      return_window: returnWindowFacts(order, ctx.clock)
    }
  }
})
