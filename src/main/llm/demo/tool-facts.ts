import { formatMoney, type Money } from '../../../shared/domain/money'
import { OrderStatus } from '../../../shared/domain/order'
import { isRecord } from './conversation'
import { MONTH_NAMES } from '../../calendar-names'

/**
 * Facts read out of tool results. The readers accept the shapes the shop tools return and a few
 * near variants (snake_case, wrapped in `order`/`orders`), because an MCP host or a future tool
 * version may phrase the same facts a little differently and the demo should still answer sensibly.
 */

export interface OrderFacts {
  id: string
  status: string
  placedAt?: string
  shippedAt?: string
  deliveredAt?: string
  carrier?: string
  trackingNumber?: string
  estimatedDelivery?: string
  total?: string
  items: {
    itemId?: number
    name: string
    quantity?: number
    returnedQuantity?: number
    /** In a return awaiting a person's approval. */
    pendingQuantity?: number
  }[]
  returnWindow?: { open: boolean; closesAt?: string; windowDays?: number }
}

export interface ProductFacts {
  name: string
  price?: string
  stock?: number
  inStock?: boolean
}

export interface ReturnFacts {
  refund?: string
  actionId?: string
  itemNames: string[]
}

const ORDER_STATUSES: ReadonlySet<string> = new Set(OrderStatus.options)

function field(record: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    if (record[name] !== undefined && record[name] !== null) return record[name]
  }
  return undefined
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined

export function moneyText(value: unknown, cents?: unknown): string | undefined {
  if (isRecord(value) && typeof value.amount === 'number') {
    const currency =
      typeof value.currency === 'string' && value.currency.length === 3 ? value.currency : 'USD'
    return formatMoney({ amount: value.amount, currency } satisfies Money)
  }
  if (typeof value === 'number') return formatMoney({ amount: value, currency: 'USD' })
  if (typeof cents === 'number') return formatMoney({ amount: cents / 100, currency: 'USD' })
  return undefined
}

function asOrder(value: unknown): OrderFacts | undefined {
  if (!isRecord(value)) return undefined
  const id = text(value.id) ?? text(value.orderId) ?? text(value.order_id)
  const status = text(value.status)
  // Any shop's ids (imported ones too): what makes it an order is an order's status.
  if (!id || !status || !ORDER_STATUSES.has(status)) return undefined
  const items = Array.isArray(value.items)
    ? value.items.filter(isRecord).map((item) => ({
        itemId: num(field(item, 'item_id', 'itemId')),
        name: text(field(item, 'name', 'productName', 'product_name')) ?? 'item',
        quantity: num(item.quantity),
        returnedQuantity: num(field(item, 'returned_quantity', 'returnedQuantity')),
        pendingQuantity: num(field(item, 'awaiting_approval_quantity', 'pendingQuantity'))
      }))
    : []
  const window = field(value, 'return_window', 'returnWindow')
  return {
    id,
    status,
    placedAt: text(field(value, 'placedAt', 'placed_at')),
    shippedAt: text(field(value, 'shippedAt', 'shipped_at')),
    deliveredAt: text(field(value, 'deliveredAt', 'delivered_at')),
    carrier: text(value.carrier),
    trackingNumber: text(field(value, 'trackingNumber', 'tracking_number')),
    estimatedDelivery: text(field(value, 'estimatedDelivery', 'estimated_delivery')),
    total: moneyText(value.total, value.total_cents ?? value.totalCents),
    items,
    returnWindow:
      isRecord(window) && typeof window.open === 'boolean'
        ? {
            open: window.open,
            closesAt: text(field(window, 'closes_at', 'closesAt')),
            windowDays: num(field(window, 'window_days', 'windowDays'))
          }
        : undefined
  }
}

export function orderIn(value: unknown): OrderFacts | undefined {
  return asOrder(value) ?? (isRecord(value) ? asOrder(value.order) : undefined)
}

/** Orders of a customer history result, most recent first. */
export function ordersIn(value: unknown): OrderFacts[] {
  const list = Array.isArray(value)
    ? value
    : isRecord(value)
      ? field(value, 'orders', 'recentOrders', 'recent_orders')
      : undefined
  if (!Array.isArray(list)) return []
  const orders = list.map(asOrder).filter((o): o is OrderFacts => o !== undefined)
  return orders.sort((a, b) => (b.placedAt ?? '').localeCompare(a.placedAt ?? ''))
}

export function customerNameIn(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined
  return isRecord(value.customer) ? text(value.customer.name) : undefined
}

export function productsIn(value: unknown): ProductFacts[] {
  const list = Array.isArray(value)
    ? value
    : isRecord(value)
      ? field(value, 'products', 'results', 'items', 'matches')
      : undefined
  if (!Array.isArray(list)) return []
  return list.filter(isRecord).flatMap((product) => {
    const name = text(product.name)
    if (!name) return []
    const stock = num(field(product, 'stock', 'inventory', 'quantityAvailable'))
    const inStock = field(product, 'inStock', 'in_stock')
    return [
      {
        name,
        price: moneyText(product.price, product.price_cents ?? product.priceCents),
        stock,
        inStock: typeof inStock === 'boolean' ? inStock : stock === undefined ? undefined : stock > 0
      }
    ]
  })
}

export function returnIn(value: unknown): ReturnFacts {
  if (!isRecord(value)) return { itemNames: [] }
  const action = isRecord(value.action) ? value.action : {}
  const refund =
    moneyText(field(value, 'refund', 'refundAmount', 'refund_amount', 'estimatedRefund', 'amount')) ??
    moneyText(field(action, 'amount', 'refund')) ??
    moneyText(undefined, field(value, 'refundCents', 'refund_cents', 'amount_cents'))
  const items = field(value, 'items', 'returnItems')
  return {
    refund,
    actionId: text(field(value, 'actionId', 'action_id')) ?? text(action.id),
    itemNames: Array.isArray(items)
      ? items
          .filter(isRecord)
          .map((item) => text(field(item, 'name', 'productName')))
          .filter((n): n is string => n !== undefined)
      : []
  }
}

/** `2026-11-03T…` → `November 3, 2026`, without Intl so the text is the same on every machine. */
export function dateText(iso: string | undefined): string | undefined {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null
  if (!match) return iso
  const [, year, month, day] = match
  return `${MONTH_NAMES[Number(month) - 1] ?? month} ${Number(day)}, ${year}`
}
