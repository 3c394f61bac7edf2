import type { OrderItemRecord, OrderRecord } from '../../shop-records'
import {
  hasShipped,
  joinAddress,
  orderAmounts,
  orderCurrency,
  parseCents,
  parseEmail,
  parseOptionalTimestamp,
  parseQuantity,
  parseTimestamp,
  requireText
} from '../cell-values'
import { CellProblem } from '../columns'
import { defineSourceKind, readOrderGroups } from '../source-kinds'
import { woocommerceOrderStatus } from '../status-mapping'

/**
 * WooCommerce order exports, one row per line item, as the common exporters write them: the
 * Customer/Order/Coupon Export extension's "one row per item" format (order_number, status,
 * order_date, billing_email, item_name, item_quantity…) and the labelled style (Order Number, Order
 * Status, Order Date, Billing Email, Item Name, Quantity…). The order's fields may repeat on every
 * row or sit on its first only; the rows of one order follow each other.
 */
export const woocommerceOrders = defineSourceKind({
  id: 'woocommerce-orders',
  platform: 'woocommerce',
  entity: 'orders',
  label: 'WooCommerce orders export',
  columns: {
    number: ['Order Number', 'order_number', 'Order ID', 'order_id'],
    status: ['Order Status', 'status', 'order_status'],
    date: ['Order Date', 'order_date', 'date', 'Date Created'],
    completedDate: ['Completed Date', 'completed_date', 'Date Completed'],
    email: ['Billing Email', 'billing_email', 'Customer Email', 'Email (Billing)'],
    firstName: ['Billing First Name', 'billing_first_name', 'First Name (Billing)'],
    lastName: ['Billing Last Name', 'billing_last_name', 'Last Name (Billing)'],
    customerId: ['Customer User ID', 'customer_id', 'Customer ID', 'customer_user'],
    currency: ['Order Currency', 'order_currency', 'Currency'],
    subtotal: ['Order Subtotal', 'order_subtotal', 'Order Subtotal Amount'],
    shipping: ['Order Shipping', 'shipping_total', 'Order Shipping Amount', 'order_shipping'],
    total: ['Order Total', 'order_total', 'Order Total Amount'],
    itemName: ['Item Name', 'item_name', 'Product Name'],
    itemSku: ['Item SKU', 'item_sku', 'SKU'],
    itemQuantity: ['Item Quantity', 'item_quantity', 'Quantity', 'Qty'],
    itemPrice: ['Item Cost', 'item_price', 'Item Price', 'Cost'],
    itemTotal: ['Item Total', 'item_total', 'Line Total'],
    shippingAddress1: ['Shipping Address 1', 'shipping_address_1', 'Address 1 (Shipping)'],
    shippingAddress2: ['Shipping Address 2', 'shipping_address_2', 'Address 2 (Shipping)'],
    shippingCity: ['Shipping City', 'shipping_city', 'City (Shipping)'],
    shippingPostcode: ['Shipping Postcode', 'shipping_postcode', 'Postcode (Shipping)'],
    shippingState: ['Shipping State', 'shipping_state', 'State Code (Shipping)'],
    shippingCountry: ['Shipping Country', 'shipping_country', 'Country Code (Shipping)']
  },
  signature: ['number', 'status', 'itemName'],
  writerFields: { 'customer.email': 'email', email: 'email', items: 'itemName', default: 'number' },
  required: ['number', 'status', 'date', 'email', 'total', 'itemName', 'itemQuantity'],
  reader(columns, context, emit) {
    if (!columns.has('itemPrice') && !columns.has('itemTotal')) {
      throw new CellProblem(
        'itemPrice',
        `needs a ${columns.name('itemPrice')} or ${columns.name('itemTotal')} column`
      )
    }

    return readOrderGroups({
      columns,
      emit,
      key: 'number',
      keyRequired: 'required: the order number',
      read(number, first, rows, at) {
        const head = first.cells
        const items: OrderItemRecord[] = rows.map((row) => {
          at.row = row
          const name = requireText('itemName', columns.cell(row.cells, 'itemName'))
          const quantity = parseQuantity('itemQuantity', columns.cell(row.cells, 'itemQuantity'))
          const price = columns.cell(row.cells, 'itemPrice')
          const unitPriceCents =
            price !== ''
              ? parseCents('itemPrice', price)
              : Math.round(
                  parseCents('itemTotal', requireText('itemTotal', columns.cell(row.cells, 'itemTotal'))) /
                    quantity
                )
          return {
            productId: columns.cell(row.cells, 'itemSku') || name.slice(0, 200),
            name,
            quantity,
            unitPriceCents
          }
        })
        at.row = first
        const completedAt = parseOptionalTimestamp('completedDate', columns.cell(head, 'completedDate'))
        const status = woocommerceOrderStatus(
          requireText('status', columns.cell(head, 'status')),
          completedAt
        )
        const currency = orderCurrency('currency', columns.cell(head, 'currency'), context.currency)
        const customerId = columns.cell(head, 'customerId')
        const amounts = orderAmounts(items, {
          subtotal: ['subtotal', columns.cell(head, 'subtotal')],
          shipping: ['shipping', columns.cell(head, 'shipping')],
          total: ['total', requireText('total', columns.cell(head, 'total'))]
        })
        const order: OrderRecord = {
          id: requireText('number', number, 64),
          customer: {
            // 0 is WooCommerce's guest checkout: such customers are known by email only.
            ...(customerId !== '' && customerId !== '0' ? { id: customerId.slice(0, 64) } : {}),
            email: parseEmail('email', columns.cell(head, 'email')),
            name: `${columns.cell(head, 'firstName')} ${columns.cell(head, 'lastName')}`.trim()
          },
          status,
          placedAt: parseTimestamp('date', columns.cell(head, 'date')),
          shippedAt: hasShipped(status) ? completedAt : null,
          deliveredAt: null,
          carrier: null,
          trackingNumber: null,
          estimatedDelivery: null,
          ...amounts,
          currency,
          shippingAddress: joinAddress(
            (
              [
                'shippingAddress1',
                'shippingAddress2',
                'shippingCity',
                'shippingPostcode',
                'shippingState',
                'shippingCountry'
              ] as const
            ).map((field) => columns.cell(head, field))
          ),
          items
        }
        return { kind: 'order', value: order }
      }
    })
  }
})
