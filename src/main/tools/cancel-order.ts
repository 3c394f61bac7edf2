import { z } from 'zod'
import { assessCancel } from '../policy/order-change-policy'
import { defineTool } from './define-tool'
import { AWAITS_PERSON, OrderIdInput, proposeOnOrder } from './order-change-input'
import { proposeAction } from './propose-action'

export const cancelOrderTool = defineTool({
  name: 'cancel_order',
  title: 'Propose cancelling an order',
  description:
    'Propose cancelling an order that has not shipped (status pending or paid): what was paid goes back to each ' +
    'payment method it was paid with. Only after the customer confirmed the order and the reason. It creates an ' +
    'action awaiting a person’s approval and returns its action_id.',
  input: z.object({
    order_id: OrderIdInput,
    reason: z.enum(['no_longer_needed', 'ordered_by_mistake']).describe('The reason the customer gave'),
    note: z.string().trim().max(1000).optional().describe('What the customer said, for the person approving')
  }),
  readOnly: false,
  destructive: true,
  idempotent: false,
  execute: (ctx, input) =>
    proposeOnOrder(ctx, input.order_id, assessCancel, (order, facts) => {
      const actionId = proposeAction(ctx, {
        kind: 'cancel_order',
        orderId: order.id,
        payload: {
          order_id: order.id,
          customer_id: order.customerId,
          reason: input.reason,
          note: input.note || null,
          refunds: facts.refunds,
          currency: order.currency
        },
        amountCents: facts.paidCents > 0 ? facts.paidCents : null,
        currency: facts.paidCents > 0 ? order.currency : null,
        eligibility: {
          order_status: order.status,
          paid_cents: facts.paidCents,
          checked_at: ctx.clock.now().toISOString()
        }
      })
      return {
        action_id: actionId,
        status: 'pending_approval' as const,
        order_id: order.id,
        refunds: facts.refunds.map((r) => ({
          to: r.payment_method_id ?? 'original method',
          amount_cents: r.amount_cents
        })),
        message: AWAITS_PERSON
      }
    })
})
