import { z } from 'zod'
import { formatAddress } from '../../shared/domain/address'
import { assessOrderAddressChange } from '../policy/order-change-policy'
import { defineTool } from './define-tool'
import { AddressInput, AWAITS_PERSON, OrderIdInput, proposeOnOrder } from './order-change-input'
import { proposeAction } from './propose-action'

export const changeOrderAddressTool = defineTool({
  name: 'change_order_address',
  title: 'Propose shipping an order elsewhere',
  description:
    'Propose shipping an order that has not shipped (status pending or paid) to another address, after the ' +
    'customer confirmed the full address. It creates an action awaiting a person’s approval.',
  input: z.object({ order_id: OrderIdInput, address: AddressInput }),
  readOnly: false,
  destructive: false,
  idempotent: false,
  execute: (ctx, input) =>
    proposeOnOrder(
      ctx,
      input.order_id,
      (order, claims) => assessOrderAddressChange(order, input.address, claims),
      (order, facts) => {
        const actionId = proposeAction(ctx, {
          kind: 'change_order_address',
          orderId: order.id,
          payload: {
            order_id: order.id,
            customer_id: order.customerId,
            address: input.address,
            previous: facts.previous
          },
          amountCents: null,
          currency: null,
          eligibility: { order_status: order.status, checked_at: ctx.clock.now().toISOString() }
        })
        return {
          action_id: actionId,
          status: 'pending_approval' as const,
          order_id: order.id,
          new_address: formatAddress(input.address),
          message: AWAITS_PERSON
        }
      }
    )
})
