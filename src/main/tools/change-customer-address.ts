import { z } from 'zod'
import { formatAddress } from '../../shared/domain/address'
import { getCustomer } from '../db/repositories/customers'
import { getCustomerAddress } from '../db/repositories/order-changes'
import { dataScopeOf, mayViewCustomer } from '../policy/data-scope'
import { defineTool, ToolFailure } from './define-tool'
import { AddressInput, AWAITS_PERSON } from './order-change-input'
import { proposeAction } from './propose-action'

export const changeCustomerAddressTool = defineTool({
  name: 'change_customer_address',
  title: "Propose changing a customer's address",
  description:
    "Propose replacing the customer's default address (where new orders ship); orders already placed keep theirs " +
    '(change_order_address changes one). After the customer confirmed the full address. It creates an action ' +
    'awaiting a person’s approval.',
  input: z.object({
    customer_id: z.string().trim().min(1).max(100).describe('From find_customer'),
    address: AddressInput
  }),
  readOnly: false,
  destructive: false,
  idempotent: false,
  execute(ctx, input) {
    const customer = getCustomer(ctx.db, input.customer_id)
    if (!customer || !mayViewCustomer(ctx.db, dataScopeOf(ctx.caller), customer.id)) {
      throw new ToolFailure({
        code: 'customer_not_found',
        message: `There is no customer "${input.customer_id}" you can act for; find_customer identifies the customer first.`,
        field: 'customer_id'
      })
    }
    const actionId = proposeAction(ctx, {
      kind: 'change_customer_address',
      orderId: null,
      payload: {
        customer_id: customer.id,
        address: input.address,
        previous: getCustomerAddress(ctx.db, customer.id)
      },
      amountCents: null,
      currency: null,
      eligibility: { checked_at: ctx.clock.now().toISOString() }
    })
    return {
      action_id: actionId,
      status: 'pending_approval' as const,
      customer_id: customer.id,
      new_address: formatAddress(input.address),
      message: AWAITS_PERSON
    }
  }
})
