import { z } from 'zod'
import { formatAddress } from '../../shared/domain/address'
import { centsToMoney } from '../../shared/domain/money'
import { getOrderDetail } from '../db/repositories/orders'
import { loadOrderForChange } from '../policy/order-change-policy'
import { defineTool, ToolFailure } from './define-tool'
import { OrderIdInput } from './order-change-input'
import { requireOrderId } from './order-id'

export const getOrderDetailsTool = defineTool({
  name: 'get_order_details',
  title: 'Order details',
  description:
    'Everything needed to change an order: its status, where it ships (in parts), each line with its item_id, ' +
    'product_id, variant_id, options and price, tracking, and its payment history (which payment method paid ' +
    'what, and what went back). Use get_order_status for a quick status check.',
  input: z.object({ order_id: OrderIdInput }),
  readOnly: true,
  destructive: false,
  idempotent: true,
  execute(ctx, input) {
    const { id } = requireOrderId(ctx, input.order_id)
    const order = loadOrderForChange(ctx.db, id)
    const detail = getOrderDetail(ctx.db, id)
    if (!order || !detail) {
      throw new ToolFailure({
        code: 'order_not_found',
        message: `There is no order ${id}.`,
        field: 'order_id'
      })
    }
    const money = (cents: number) => centsToMoney(cents, order.currency)
    return {
      order_id: order.id,
      customer_id: order.customerId,
      status: order.status,
      ...(order.itemsChangedAt ? { items_changed: true } : {}),
      ...(order.cancelReason ? { cancel_reason: order.cancelReason } : {}),
      shipping_address: order.shippingAddress ?? order.shippingAddressText,
      shipping_address_text: order.shippingAddress
        ? formatAddress(order.shippingAddress)
        : order.shippingAddressText,
      tracking_number: detail.trackingNumber,
      total: money(order.totalCents),
      items: order.lines.map((line) => ({
        item_id: line.itemId,
        product_id: line.productId,
        name: line.name,
        variant_id: line.variantId,
        options: line.options,
        quantity: line.quantity,
        unit_price: money(line.unitPriceCents),
        ...(line.returnedQuantity > 0 ? { returned: line.returnedQuantity } : {}),
        ...(line.exchangedQuantity > 0 ? { exchanged: line.exchangedQuantity } : {})
      })),
      payments: order.payments.map((entry) => ({
        kind: entry.kind,
        amount: money(entry.amountCents),
        payment_method_id: entry.paymentMethodId
      }))
    }
  }
})
