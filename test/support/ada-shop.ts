import type { ShopBuilder } from './shop-builder'

export const ADA = 'CUS-000001'
export const ADA_SHIPPED = 'ORD-20261115-AB12'
export const ADA_DELIVERED = 'ORD-20261110-CD34'

/**
 * Ada Lovelace, the shoe and the socks, and her two orders: the shoes on their way with UPS (due
 * 2026-11-22), and shoes with two pairs of socks delivered on 2026-11-14. Returns her id.
 */
export function addAdaWithOrders(shop: ShopBuilder, options: { email?: string } = {}): string {
  const ada = shop.customer({ id: ADA, name: 'Ada Lovelace', email: options.email })
  shop.product({ id: 'PRD-0001', name: 'Trail Runner Shoe', priceCents: 8999 })
  shop.product({ id: 'PRD-0002', name: 'Wool Socks', priceCents: 1250 })
  shop.order({
    id: ADA_SHIPPED,
    customerId: ada,
    status: 'shipped',
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    estimatedDelivery: '2026-11-22',
    items: [{ productId: 'PRD-0001', quantity: 1 }]
  })
  shop.order({
    id: ADA_DELIVERED,
    customerId: ada,
    status: 'delivered',
    deliveredAt: '2026-11-14T10:00:00.000Z',
    shippingCents: 499,
    items: [
      { productId: 'PRD-0001', quantity: 1 },
      { productId: 'PRD-0002', quantity: 2 }
    ]
  })
  return ada
}

/**
 * Ada's shop and her two new questions: TKT-000001 asks where the shipped order is, TKT-000002 wants
 * to return the damaged shoes of the delivered one. Returns her id.
 */
export function addAdaWithQuestions(shop: ShopBuilder): string {
  const ada = addAdaWithOrders(shop)
  const whereIs = shop.ticket({
    id: 'TKT-000001',
    customerId: ada,
    subject: 'Where is my order?',
    status: 'new'
  })
  shop.message(whereIs, {
    body: `Hi, where is my order ${ADA_SHIPPED}? It should have arrived by now.`,
    createdAt: '2026-11-20T09:00:00.000Z'
  })
  const damaged = shop.ticket({ id: 'TKT-000002', customerId: ada, subject: 'Broken shoe', status: 'new' })
  shop.message(damaged, {
    body: `The shoes from order ${ADA_DELIVERED} arrived damaged, the sole is torn. I want to return them.`,
    createdAt: '2026-11-20T09:30:00.000Z'
  })
  return ada
}
