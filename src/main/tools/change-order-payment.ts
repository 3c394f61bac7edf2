import { z } from 'zod'
import { paymentMethodRef } from '../../shared/domain/payment-method'
import { assessPaymentChange } from '../policy/order-change-policy'
import { defineTool } from './define-tool'
import { AWAITS_PERSON, OrderIdInput, PaymentMethodIdInput, proposeOnOrder } from './order-change-input'
import { proposeAction } from './propose-action'

export const changeOrderPaymentTool = defineTool({
  name: 'change_order_payment',
  title: 'Propose paying an order with another method',
  description:
    'Propose paying an order that has not shipped with another of the customer’s payment methods: the new one is ' +
    'charged what was paid and the old one refunded (a gift card must hold enough). After the customer confirmed. ' +
    'It creates an action awaiting a person’s approval.',
  input: z.object({ order_id: OrderIdInput, payment_method_id: PaymentMethodIdInput }),
  readOnly: false,
  destructive: false,
  idempotent: false,
  execute: (ctx, input) =>
    proposeOnOrder(
      ctx,
      input.order_id,
      (order, claims) => assessPaymentChange(order, input.payment_method_id, claims),
      (order, facts) => {
        const to = paymentMethodRef(facts.to)
        const actionId = proposeAction(ctx, {
          kind: 'change_order_payment',
          orderId: order.id,
          payload: {
            order_id: order.id,
            customer_id: order.customerId,
            from: facts.from,
            to,
            amount_cents: facts.amountCents,
            currency: order.currency
          },
          amountCents: null,
          currency: null,
          eligibility: {
            order_status: order.status,
            gift_card_balance_cents: facts.to.balanceCents,
            checked_at: ctx.clock.now().toISOString()
          }
        })
        return {
          action_id: actionId,
          status: 'pending_approval' as const,
          order_id: order.id,
          from: facts.from.payment_method_id,
          to: to.payment_method_id,
          amount_cents: facts.amountCents,
          message: AWAITS_PERSON
        }
      }
    )
})
