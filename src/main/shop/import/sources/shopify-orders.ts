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
import { shopifyOrderStatus } from '../status-mapping'

/**
 * Shopify's orders export: one row per line item; the order's own fields (email, statuses, money,
 * dates, addresses) sit on its first row only, and the rows of one order follow each other.
 */
export const shopifyOrders = defineSourceKind({
  id: 'shopify-orders',
  platform: 'shopify',
  entity: 'orders',
  label: 'Shopify orders export',
  columns: {
    name: ['Name'],
    email: ['Email'],
    financialStatus: ['Financial Status'],
    fulfillmentStatus: ['Fulfillment Status'],
    fulfilledAt: ['Fulfilled at'],
    cancelledAt: ['Cancelled at'],
    currency: ['Currency'],
    subtotal: ['Subtotal'],
    shipping: ['Shipping'],
    total: ['Total'],
    createdAt: ['Created at'],
    lineQuantity: ['Lineitem quantity'],
    lineName: ['Lineitem name'],
    linePrice: ['Lineitem price'],
    lineSku: ['Lineitem sku'],
    billingName: ['Billing Name'],
    shippingName: ['Shipping Name'],
    shippingStreet: ['Shipping Street'],
    shippingAddress1: ['Shipping Address1'],
    shippingAddress2: ['Shipping Address2'],
    shippingCity: ['Shipping City'],
    shippingZip: ['Shipping Zip'],
    shippingProvince: ['Shipping Province'],
    shippingCountry: ['Shipping Country']
  },
  signature: ['name', 'lineName'],
  writerFields: { 'customer.email': 'email', email: 'email', items: 'lineName', default: 'name' },
  required: ['name', 'email', 'createdAt', 'lineQuantity', 'lineName', 'linePrice'],
  reader(columns, context, emit) {
    const cell = (cells: string[], field: Parameters<typeof columns.cell>[1]) => columns.cell(cells, field)

    return readOrderGroups({
      columns,
      emit,
      key: 'name',
      keyRequired: 'required: the order’s name (e.g. #1001)',
      read(name, first, rows, at) {
        const head = first.cells
        if (cell(head, 'createdAt') === '') {
          throw new CellProblem(
            'createdAt',
            `required on the first row of order ${name} (its rows must follow each other, as Shopify writes them)`
          )
        }
        const items: OrderItemRecord[] = rows.map((row) => {
          at.row = row
          const lineName = requireText('lineName', cell(row.cells, 'lineName'))
          return {
            productId: cell(row.cells, 'lineSku') || lineName.slice(0, 200),
            name: lineName,
            quantity: parseQuantity('lineQuantity', cell(row.cells, 'lineQuantity')),
            unitPriceCents: parseCents('linePrice', cell(row.cells, 'linePrice'))
          }
        })
        at.row = first
        const status = shopifyOrderStatus({
          financialStatus: cell(head, 'financialStatus'),
          fulfillmentStatus: cell(head, 'fulfillmentStatus'),
          cancelledAt: cell(head, 'cancelledAt')
        })
        const currency = orderCurrency('currency', cell(head, 'currency'), context.currency)
        const amounts = orderAmounts(items, {
          subtotal: ['subtotal', cell(head, 'subtotal')],
          shipping: ['shipping', cell(head, 'shipping')],
          total: ['total', cell(head, 'total')]
        })
        const order: OrderRecord = {
          id: requireText('name', name, 64),
          customer: {
            email: parseEmail('email', cell(head, 'email')),
            name: cell(head, 'billingName') || cell(head, 'shippingName')
          },
          status,
          placedAt: parseTimestamp('createdAt', cell(head, 'createdAt')),
          shippedAt: hasShipped(status)
            ? parseOptionalTimestamp('fulfilledAt', cell(head, 'fulfilledAt'))
            : null,
          deliveredAt: null,
          carrier: null,
          trackingNumber: null,
          estimatedDelivery: null,
          ...amounts,
          currency,
          shippingAddress: joinAddress([
            cell(head, 'shippingName'),
            cell(head, 'shippingAddress1') || cell(head, 'shippingStreet'),
            cell(head, 'shippingAddress2'),
            cell(head, 'shippingCity'),
            cell(head, 'shippingZip'),
            cell(head, 'shippingProvince'),
            cell(head, 'shippingCountry')
          ]),
          items
        }
        return { kind: 'order', value: order }
      }
    })
  }
})
