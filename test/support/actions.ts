import type { ActionOf } from '../../src/shared/domain/action'
import type { ReturnEligibility, ReturnPayload } from '../../src/shared/domain/actions/return'
import type { ProposedAction } from '../../src/main/db/repositories/actions'

/** Actions of each kind as the core writes them, for tests that need one without a shop. */

export const returnPayload = (over: Partial<ReturnPayload> = {}): ReturnPayload => ({
  order_id: 'ORD-20261103-AB12',
  reason: 'damaged',
  note: null,
  items: [
    {
      item_id: 1,
      product_id: 'PRD-0001',
      name: 'Linen Shirt',
      quantity: 1,
      unit_price_cents: 1000,
      line_cents: 1000
    }
  ],
  refund: { items_cents: 1000, shipping_cents: 0, total_cents: 1000, currency: 'USD', notes: [] },
  ...over
})

export const returnEligibility = (over: Partial<ReturnEligibility> = {}): ReturnEligibility => ({
  order_status: 'delivered',
  delivered_at: '2026-11-01T10:00:00.000Z',
  days_since_delivery: 4,
  window_days: 30,
  window_closes_at: '2026-12-01T10:00:00.000Z',
  checked_at: '2026-11-05T10:00:00.000Z',
  items: [],
  ...over
})

export const proposedReturn = (over: Partial<ProposedAction<'return'>> = {}): ProposedAction<'return'> => ({
  id: 'ACT-1',
  kind: 'return',
  ticketId: null,
  draftId: null,
  orderId: null,
  payload: returnPayload(),
  amountCents: 1000,
  currency: 'USD',
  eligibility: returnEligibility(),
  origin: 'agent',
  originDetail: null,
  createdAt: '2026-11-05T10:00:00.000Z',
  ...over
})

const decided = {
  status: 'applied' as const,
  ticketId: 'TKT-1',
  draftId: null,
  origin: 'chat' as const,
  originDetail: null,
  createdAt: '2026-11-20T12:00:00.000Z',
  decidedAt: '2026-11-20T12:05:00.000Z',
  decidedBy: 'Grace',
  decidedById: null,
  proposedById: null,
  proposedByName: null,
  decisionReason: 'Photos show wear',
  result: null
}

export const aReturnAction = (over: Partial<ActionOf<'return'>> = {}): ActionOf<'return'> => ({
  ...decided,
  id: 'ACT-1',
  kind: 'return',
  orderId: 'ORD-20261103-AB12',
  payload: returnPayload(),
  amount: { amount: 10, currency: 'USD' },
  eligibility: returnEligibility(),
  ...over
})

export const aRefundAction = (over: Partial<ActionOf<'refund'>> = {}): ActionOf<'refund'> => ({
  ...decided,
  id: 'ACT-2',
  kind: 'refund',
  orderId: 'ORD-20261103-AB12',
  payload: {
    order_id: 'ORD-20261103-AB12',
    customer_id: 'CUS-000001',
    amount_cents: 1000,
    currency: 'USD',
    reason: 'late_delivery',
    note: null
  },
  amount: { amount: 10, currency: 'USD' },
  eligibility: {
    order_status: 'delivered',
    paid_cents: 5000,
    refunded_cents: 0,
    pending_cents: 0,
    refundable_cents: 5000,
    cap_cents: 50_000,
    checked_at: '2026-11-20T12:00:00.000Z'
  },
  ...over
})

export const anExternalToolAction = (
  over: Partial<ActionOf<'external_tool'>> = {}
): ActionOf<'external_tool'> => ({
  ...decided,
  id: 'ACT-3',
  kind: 'external_tool',
  orderId: null,
  payload: {
    server: 'MCP-1',
    serverName: 'tiny',
    tool: 'create_label',
    qualifiedName: 'tiny__create_label',
    arguments: {}
  },
  amount: null,
  eligibility: { title: null, annotations: {} },
  ...over
})
