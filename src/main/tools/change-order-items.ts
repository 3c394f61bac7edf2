import { assessItemChange } from '../policy/order-change-policy'
import { defineTool } from './define-tool'
import { proposeSwap, SwapToolInput } from './order-change-input'

export const changeOrderItemsTool = defineTool({
  name: 'change_order_items',
  title: 'Propose changing items of an order',
  description:
    'Propose changing items of an order that has not shipped to other available variants of the same products ' +
    '(another size, colour…). Once per order: list every item to change in one call, after the customer confirmed ' +
    'them. The price difference is charged to, or refunded to, payment_method_id. It creates an action awaiting a ' +
    'person’s approval.',
  input: SwapToolInput,
  readOnly: false,
  destructive: false,
  idempotent: false,
  execute: (ctx, input) => proposeSwap(ctx, 'change_order_items', input, assessItemChange)
})
