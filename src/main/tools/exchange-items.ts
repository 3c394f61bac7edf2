import { z } from 'zod'
import { paymentMethodRef } from '../../shared/domain/payment-method'
import { assessExchange } from '../policy/order-change-policy'
import { defineTool } from './define-tool'
import {
  AWAITS_PERSON,
  OrderIdInput,
  PaymentMethodIdInput,
  proposeOnOrder,
  swapRequestsFromInput,
  SwapItemsInput
} from './order-change-input'
import { proposeAction } from './propose-action'

export const exchangeItemsTool = defineTool({
  name: 'exchange_items',
  title: 'Propose exchanging delivered items',
  description:
    'Propose exchanging items of a delivered order for other available variants of the same products. Once per ' +
    'order: list every item to exchange in one call, after the customer confirmed them. The price difference is ' +
    'settled with payment_method_id. It creates an action awaiting a person’s approval.',
  input: z.object({
    order_id: OrderIdInput,
    items: SwapItemsInput.describe('Each order line to exchange and the variant it becomes'),
    payment_method_id: PaymentMethodIdInput
  }),
  readOnly: false,
  destructive: false,
  idempotent: false,
  execute: (ctx, input) =>
    proposeOnOrder(
      ctx,
      input.order_id,
      (order, claims) =>
        assessExchange(ctx.db, order, swapRequestsFromInput(input.items), input.payment_method_id, claims),
      (order, facts) => {
        const actionId = proposeAction(ctx, {
          kind: 'exchange',
          orderId: order.id,
          payload: {
            order_id: order.id,
            customer_id: order.customerId,
            lines: facts.swaps,
            price_difference_cents: facts.differenceCents,
            currency: order.currency,
            payment_method: paymentMethodRef(facts.method)
          },
          amountCents: null,
          currency: null,
          eligibility: {
            order_status: order.status,
            gift_card_balance_cents: facts.method.balanceCents,
            checked_at: ctx.clock.now().toISOString()
          }
        })
        return {
          action_id: actionId,
          status: 'pending_approval' as const,
          order_id: order.id,
          price_difference_cents: facts.differenceCents,
          message: AWAITS_PERSON
        }
      }
    )
})
