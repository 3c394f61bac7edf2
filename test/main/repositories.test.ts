import { beforeEach, describe, expect, it } from 'vitest'
import { TicketListQuery } from '../../src/shared/domain/ticket'
import type { DraftStatus } from '../../src/shared/domain/draft'
import {
  finishDraft,
  getDraft,
  insertDraft,
  markDraftSent,
  setDraftStatus
} from '../../src/main/db/repositories/drafts'
import {
  decideAction,
  getAction,
  insertProposedAction,
  listOrderActionClaims,
  listPendingActions
} from '../../src/main/db/repositories/actions'
import { findCustomerByEmail, getCustomerCard } from '../../src/main/db/repositories/customers'
import {
  findExistingOrderIds,
  getOrderDetail,
  getOrderForMoney,
  listOrderIdsOnDate,
  listOrdersForCustomer
} from '../../src/main/db/repositories/orders'
import {
  getTicketSummary,
  listMessages,
  listOpenTicketsForCustomer,
  listTickets
} from '../../src/main/db/repositories/tickets'
import { proposedReturn, returnPayload } from '../support/actions'
import { ShopBuilder } from '../support/shop-builder'

const query = (input: Parameters<typeof TicketListQuery.parse>[0] = {}) => TicketListQuery.parse(input)

describe('tickets repository', () => {
  let shop: ShopBuilder
  beforeEach(() => {
    shop = new ShopBuilder()
    const ada = shop.customer({ name: 'Ada Lovelace' })
    const bob = shop.customer({ name: 'Bob 100% Real_Name' })
    shop.ticket({
      id: 'TKT-000001',
      customerId: ada,
      subject: 'Where is my parcel?',
      status: 'open',
      priority: 'normal',
      lastCustomerMessageAt: '2026-11-03T10:00:00.000Z'
    })
    shop.ticket({
      id: 'TKT-000002',
      customerId: bob,
      subject: 'Refund please',
      status: 'new',
      priority: 'urgent',
      lastCustomerMessageAt: '2026-11-04T10:00:00.000Z'
    })
    shop.ticket({
      id: 'TKT-000003',
      customerId: ada,
      subject: 'Thanks!',
      status: 'solved',
      priority: 'low',
      lastCustomerMessageAt: '2026-11-01T10:00:00.000Z'
    })
    shop.ticket({
      id: 'TKT-000004',
      customerId: null,
      subject: 'Wholesale question',
      status: 'pending',
      priority: 'high',
      lastCustomerMessageAt: '2026-11-02T10:00:00.000Z'
    })
  })

  const ids = (q: Parameters<typeof query>[0]) => listTickets(shop.db, query(q)).tickets.map((t) => t.id)

  it('sorts by age, oldest waiting first', () => {
    expect(ids({})).toEqual(['TKT-000003', 'TKT-000004', 'TKT-000001', 'TKT-000002'])
  })

  it('sorts by priority, urgent first, then by age', () => {
    expect(ids({ sort: 'priority' })).toEqual(['TKT-000002', 'TKT-000004', 'TKT-000001', 'TKT-000003'])
  })

  it('filters by status and priority; an empty selection is no filter', () => {
    expect(ids({ status: ['open', 'new'] })).toEqual(['TKT-000001', 'TKT-000002'])
    expect(ids({ priority: ['high', 'low'] })).toEqual(['TKT-000003', 'TKT-000004'])
    expect(ids({ status: ['open', 'new'], priority: ['urgent'] })).toEqual(['TKT-000002'])
    expect(ids({ status: [], priority: [] })).toHaveLength(4)
  })

  it('searches subject, customer name and ticket id, with LIKE wildcards taken literally', () => {
    expect(ids({ search: 'parcel' })).toEqual(['TKT-000001'])
    expect(ids({ search: 'lovelace' })).toEqual(['TKT-000003', 'TKT-000001'])
    expect(ids({ search: 'tkt-000004' })).toEqual(['TKT-000004'])
    expect(ids({ search: '100%' })).toEqual(['TKT-000002'])
    expect(ids({ search: 'l_ve' })).toEqual([])
    expect(ids({ search: '   ' })).toHaveLength(4)
  })

  it('pages with limit and offset and counts every match', () => {
    const page = listTickets(shop.db, query({ limit: 2, offset: 1 }))
    expect(page.tickets.map((t) => t.id)).toEqual(['TKT-000004', 'TKT-000001'])
    expect(page.total).toBe(4)
    expect(listTickets(shop.db, query({ status: ['open'], limit: 1 })).total).toBe(1)
  })

  it('reads one ticket with its customer name, and its thread oldest first', () => {
    const ticket = getTicketSummary(shop.db, 'TKT-000001')
    expect(ticket).toMatchObject({
      id: 'TKT-000001',
      customerId: 'CUS-000001',
      customerName: 'Ada Lovelace',
      channel: 'email'
    })
    expect(getTicketSummary(shop.db, 'TKT-404')).toBeUndefined()
    expect(getTicketSummary(shop.db, 'TKT-000004')?.customerName).toBeNull()

    shop.message('TKT-000001', { body: 'second', createdAt: '2026-11-03T11:00:00.000Z', author: 'agent' })
    shop.message('TKT-000001', { body: 'first', createdAt: '2026-11-03T10:00:00.000Z' })
    expect(listMessages(shop.db, 'TKT-000001').map((m) => [m.body, m.author])).toEqual([
      ['first', 'customer'],
      ['second', 'agent']
    ])
  })

  describe('drafts and approvals in the list', () => {
    const at = (minute: number) => `2026-11-05T10:${String(minute).padStart(2, '0')}:00.000Z`
    const draft = (id: string, ticketId: string, minute: number, status?: DraftStatus) => {
      insertDraft(shop.db, { id, ticketId, providerId: 'demo', model: 'demo-1', now: at(minute) })
      // As the draft engine does: only the fallback drafter finishes a draft as 'fallback'.
      if (status === 'fallback') {
        finishDraft(shop.db, {
          id,
          status,
          body: 'Hi, your order shipped.',
          reason: 'Written without the AI: the AI provider returned an error.',
          providerId: 'demo',
          model: 'demo-1',
          tokensIn: 0,
          tokensOut: 0,
          costMicroUsd: 0,
          now: at(minute)
        })
      } else if (status) setDraftStatus(shop.db, id, status, null, at(minute))
    }
    const pendingReturn = (id: string, ticketId: string) =>
      insertProposedAction(shop.db, proposedReturn({ id, ticketId, createdAt: at(30) }))

    beforeEach(() => {
      draft('DRF-1a', 'TKT-000001', 1, 'fallback')
      draft('DRF-1b', 'TKT-000001', 2, 'ready')
      draft('DRF-2a', 'TKT-000002', 1, 'fallback')
      draft('DRF-2b', 'TKT-000002', 2, 'discarded')
      draft('DRF-3', 'TKT-000003', 1, 'sent')
      pendingReturn('ACT-1', 'TKT-000002')
      pendingReturn('ACT-2', 'TKT-000002')
      pendingReturn('ACT-3', 'TKT-000003')
      decideAction(shop.db, {
        id: 'ACT-3',
        kind: 'return',
        status: 'rejected',
        decidedBy: 'test',
        reason: 'no',
        result: null,
        now: at(40)
      })
    })

    it("shows each ticket's latest draft (discarded ones aside) and its actions awaiting a person", () => {
      const byId = new Map(listTickets(shop.db, query({})).tickets.map((t) => [t.id, t]))
      expect(byId.get('TKT-000001')).toMatchObject({ draftStatus: 'ready', pendingActions: 0 })
      expect(byId.get('TKT-000002')).toMatchObject({ draftStatus: 'fallback', pendingActions: 2 })
      expect(byId.get('TKT-000003')).toMatchObject({ draftStatus: 'sent', pendingActions: 0 })
      expect(byId.get('TKT-000004')).toMatchObject({ draftStatus: null, pendingActions: 0 })
      expect(getTicketSummary(shop.db, 'TKT-000002')).toMatchObject({
        draftStatus: 'fallback',
        pendingActions: 2
      })
    })

    it('filters by the latest draft status, "none" meaning no draft', () => {
      expect(ids({ draftStatus: ['ready', 'fallback'] })).toEqual(['TKT-000001', 'TKT-000002'])
      expect(ids({ draftStatus: ['fallback'] })).toEqual(['TKT-000002'])
      expect(ids({ draftStatus: ['none'] })).toEqual(['TKT-000004'])
      expect(ids({ draftStatus: ['none', 'sent'] })).toEqual(['TKT-000003', 'TKT-000004'])
      expect(ids({ draftStatus: [] })).toHaveLength(4)
      expect(listTickets(shop.db, query({ draftStatus: ['ready', 'fallback'], limit: 1 })).total).toBe(2)
    })

    it('keeps the fact that a draft was written without the AI after it is sent, and its reason', () => {
      draft('DRF-4', 'TKT-000004', 3, 'fallback')
      markDraftSent(shop.db, 'DRF-4', 'Hi, your order shipped on Monday.', at(4))
      expect(getDraft(shop.db, 'DRF-4')).toMatchObject({
        status: 'sent',
        writtenWithoutAi: true,
        reason: 'Written without the AI: the AI provider returned an error.',
        sentAt: at(4)
      })
      expect(getDraft(shop.db, 'DRF-1b')).toMatchObject({ status: 'ready', writtenWithoutAi: false })

      const byId = new Map(listTickets(shop.db, query({})).tickets.map((t) => [t.id, t]))
      expect(byId.get('TKT-000004')).toMatchObject({ draftStatus: 'sent', draftWrittenWithoutAi: true })
      expect(byId.get('TKT-000003')).toMatchObject({ draftStatus: 'sent', draftWrittenWithoutAi: false })
      expect(byId.get('TKT-000002')).toMatchObject({ draftStatus: 'fallback', draftWrittenWithoutAi: true })
      // An older fallback draft does not count once a newer draft replaced it.
      expect(byId.get('TKT-000001')).toMatchObject({ draftStatus: 'ready', draftWrittenWithoutAi: false })
    })

    it('filters the tickets whose latest draft was written without the AI, sent or not', () => {
      draft('DRF-4', 'TKT-000004', 3, 'fallback')
      markDraftSent(shop.db, 'DRF-4', 'Hi, your order shipped on Monday.', at(4))
      expect(ids({ draftWrittenWithoutAi: true })).toEqual(['TKT-000004', 'TKT-000002'])
      expect(listTickets(shop.db, query({ draftWrittenWithoutAi: true, limit: 1 })).total).toBe(2)
      expect(ids({ draftWrittenWithoutAi: true, draftStatus: ['sent'] })).toEqual(['TKT-000004'])
      expect(ids({ draftWrittenWithoutAi: true, awaitingApproval: true })).toEqual(['TKT-000002'])
      expect(ids({ draftWrittenWithoutAi: false })).toHaveLength(4)
    })

    it('keeps only tickets awaiting approval, combined with the other filters', () => {
      expect(ids({ awaitingApproval: true })).toEqual(['TKT-000002'])
      expect(ids({ awaitingApproval: true, status: ['open'] })).toEqual([])
      expect(ids({ awaitingApproval: false })).toHaveLength(4)
      expect(ids({ awaitingApproval: true, draftStatus: ['fallback'], search: 'refund' })).toEqual([
        'TKT-000002'
      ])
      expect(listTickets(shop.db, query({ awaitingApproval: true })).total).toBe(1)
    })
  })

  it("lists a customer's open tickets", () => {
    expect(listOpenTicketsForCustomer(shop.db, 'CUS-000001').map((t) => t.id)).toEqual(['TKT-000001'])
  })
})

describe('customers and orders repositories', () => {
  let shop: ShopBuilder
  let shoes: string
  let socks: string
  beforeEach(() => {
    shop = new ShopBuilder()
    shop.customer({ name: 'Ada', email: 'Ada@Example.com', preferences: { contact: 'email' } })
    shop.customer({ name: 'Bob' })
    shoes = shop.product({ name: 'Trail Shoe', priceCents: 8999 })
    socks = shop.product({ name: 'Wool Socks', priceCents: 1250 })
  })

  it("computes a customer's lifetime value from non-cancelled orders minus refunds", () => {
    const delivered = shop.order({
      id: 'ORD-20261001-AAAA',
      customerId: 'CUS-000001',
      items: [{ productId: shoes, quantity: 1 }],
      shippingCents: 500
    })
    shop.order({
      id: 'ORD-20261002-BBBB',
      customerId: 'CUS-000001',
      status: 'cancelled',
      items: [{ productId: socks, quantity: 4 }]
    })
    shop.order({
      id: 'ORD-20261003-CCCC',
      customerId: 'CUS-000001',
      status: 'shipped',
      items: [{ productId: socks, quantity: 2 }]
    })
    shop.order({
      id: 'ORD-20261003-DDDD',
      customerId: 'CUS-000002',
      items: [{ productId: shoes, quantity: 3 }]
    })
    shop.appliedReturn(delivered.id, [{ itemId: delivered.itemIds[0] ?? 0, quantity: 1 }], 8999)
    shop.ticket({ customerId: 'CUS-000001', status: 'open' })
    shop.ticket({ customerId: 'CUS-000001', status: 'new' })
    shop.ticket({ customerId: 'CUS-000001', status: 'closed' })

    const card = getCustomerCard(shop.db, 'CUS-000001')
    // 89.99 + 5.00 + 2 × 12.50 − 89.99 refunded
    expect(card?.lifetimeValue).toEqual({ amount: 30, currency: 'USD' })
    expect(card).toMatchObject({
      orderCount: 3,
      openTickets: 2,
      preferences: { contact: 'email' },
      name: 'Ada'
    })
    expect(getCustomerCard(shop.db, 'CUS-999999')).toBeUndefined()
    expect(getCustomerCard(shop.db, 'CUS-000002')?.lifetimeValue).toEqual({ amount: 269.97, currency: 'USD' })
  })

  it('tolerates broken preferences JSON and finds customers by email in any case', () => {
    shop.db.prepare(`UPDATE customers SET preferences = 'not json' WHERE id = 'CUS-000002'`).run()
    expect(getCustomerCard(shop.db, 'CUS-000002')?.preferences).toEqual({})
    expect(findCustomerByEmail(shop.db, 'ada@example.COM')?.id).toBe('CUS-000001')
  })

  it("lists a customer's orders newest first, with the number of units", () => {
    shop.order({
      id: 'ORD-20260901-AAAA',
      customerId: 'CUS-000001',
      items: [{ productId: shoes, quantity: 1 }]
    })
    shop.order({
      id: 'ORD-20261101-BBBB',
      customerId: 'CUS-000001',
      items: [
        { productId: socks, quantity: 3 },
        { productId: shoes, quantity: 1 }
      ]
    })
    shop.order({
      id: 'ORD-20261001-CCCC',
      customerId: 'CUS-000001',
      items: [{ productId: socks, quantity: 1 }]
    })
    shop.order({
      id: 'ORD-20261015-DDDD',
      customerId: 'CUS-000002',
      items: [{ productId: socks, quantity: 1 }]
    })
    const orders = listOrdersForCustomer(shop.db, 'CUS-000001', 10)
    expect(orders.map((o) => o.id)).toEqual(['ORD-20261101-BBBB', 'ORD-20261001-CCCC', 'ORD-20260901-AAAA'])
    expect(orders[0]).toMatchObject({
      itemCount: 4,
      total: { amount: 127.49, currency: 'USD' },
      status: 'delivered'
    })
    expect(listOrdersForCustomer(shop.db, 'CUS-000001', 2)).toHaveLength(2)
  })

  it('reads an order with its items and what was already returned', () => {
    const order = shop.order({
      id: 'ORD-20261103-AB12',
      customerId: 'CUS-000001',
      items: [
        { productId: shoes, quantity: 1 },
        { productId: socks, quantity: 3 }
      ],
      shippingCents: 699
    })
    shop.appliedReturn(order.id, [{ itemId: order.itemIds[1] ?? 0, quantity: 2 }])
    const detail = getOrderDetail(shop.db, order.id)
    expect(detail).toMatchObject({
      subtotal: { amount: 127.49, currency: 'USD' },
      shipping: { amount: 6.99, currency: 'USD' },
      total: { amount: 134.48, currency: 'USD' },
      shippingAddress: '1 Test Street'
    })
    expect(detail?.items).toEqual([
      {
        itemId: order.itemIds[0],
        productId: shoes,
        name: 'Trail Shoe',
        quantity: 1,
        unitPrice: { amount: 89.99, currency: 'USD' },
        returnedQuantity: 0
      },
      {
        itemId: order.itemIds[1],
        productId: socks,
        name: 'Wool Socks',
        quantity: 3,
        unitPrice: { amount: 12.5, currency: 'USD' },
        returnedQuantity: 2
      }
    ])
    expect(getOrderForMoney(shop.db, order.id)).toMatchObject({
      totalCents: 13448,
      shippingCents: 699,
      refundedCents: 0
    })
    expect(getOrderDetail(shop.db, 'ORD-20261103-ZZZZ')).toBeUndefined()
  })

  it("lists one date's order ids, the given customer's first, and nothing from the next day", () => {
    shop.order({
      id: 'ORD-20261102-ZZZZ',
      customerId: 'CUS-000001',
      items: [{ productId: socks, quantity: 1 }]
    })
    shop.order({
      id: 'ORD-20261103-AAAA',
      customerId: 'CUS-000002',
      items: [{ productId: socks, quantity: 1 }]
    })
    shop.order({
      id: 'ORD-20261103-MMMM',
      customerId: 'CUS-000001',
      items: [{ productId: socks, quantity: 1 }]
    })
    shop.order({
      id: 'ORD-20261103-ZZZZ',
      customerId: 'CUS-000002',
      items: [{ productId: socks, quantity: 1 }]
    })
    shop.order({
      id: 'ORD-20261104-0000',
      customerId: 'CUS-000001',
      items: [{ productId: socks, quantity: 1 }]
    })
    expect(listOrderIdsOnDate(shop.db, '20261103', undefined, 10)).toEqual([
      'ORD-20261103-AAAA',
      'ORD-20261103-MMMM',
      'ORD-20261103-ZZZZ'
    ])
    expect(listOrderIdsOnDate(shop.db, '20261103', 'CUS-000001', 10)).toEqual([
      'ORD-20261103-MMMM',
      'ORD-20261103-AAAA',
      'ORD-20261103-ZZZZ'
    ])
    expect(listOrderIdsOnDate(shop.db, '20261103', 'CUS-000002', 1)).toEqual(['ORD-20261103-AAAA'])
    expect(listOrderIdsOnDate(shop.db, '20261105', undefined, 10)).toEqual([])
    expect(
      findExistingOrderIds(shop.db, ['ORD-20261103-MMMM', 'ORD-20261103-XXXX', 'ORD-20261104-0000'])
    ).toEqual(
      expect.arrayContaining([
        { id: 'ORD-20261103-MMMM', customerId: 'CUS-000001' },
        { id: 'ORD-20261104-0000', customerId: 'CUS-000001' }
      ])
    )
    expect(findExistingOrderIds(shop.db, [])).toEqual([])
  })
})

describe('actions repository', () => {
  it('inserts a proposed action, reads it back, queues it and counts it against its order', () => {
    const shop = new ShopBuilder()
    shop.customer()
    const product = shop.product()
    const order = shop.order({
      id: 'ORD-20261103-AB12',
      customerId: 'CUS-000001',
      items: [{ productId: product, quantity: 2 }]
    })
    const proposed = proposedReturn({
      orderId: order.id,
      payload: returnPayload({ order_id: order.id }),
      origin: 'mcp',
      originDetail: 'claude-desktop 1.0'
    })
    insertProposedAction(shop.db, proposed)
    insertProposedAction(shop.db, { ...proposed, id: 'ACT-0', createdAt: '2026-11-04T10:00:00.000Z' })

    expect(getAction(shop.db, 'ACT-1')).toMatchObject({
      status: 'pending_approval',
      kind: 'return',
      amount: { amount: 10, currency: 'USD' },
      payload: proposed.payload,
      eligibility: proposed.eligibility,
      origin: 'mcp',
      originDetail: 'claude-desktop 1.0',
      decidedAt: null,
      result: null
    })
    expect(listPendingActions(shop.db).map((a) => a.id)).toEqual(['ACT-0', 'ACT-1'])
    expect(listOrderActionClaims(shop.db, order.id)).toHaveLength(2)
    shop.db.prepare(`UPDATE actions SET status = 'rejected' WHERE id = 'ACT-0'`).run()
    expect(listOrderActionClaims(shop.db, order.id).map((c) => c.id)).toEqual(['ACT-1'])
    expect(listPendingActions(shop.db).map((a) => a.id)).toEqual(['ACT-1'])
  })
})
