import { assessExchange } from '../policy/order-change-policy'
import { defineTool } from './define-tool'
import { proposeSwap, SwapToolInput } from './order-change-input'

export const exchangeItemsTool = defineTool({
  name: 'exchange_items',
  title: 'Propose exchanging delivered items',
  description:
    'Propose exchanging items of a delivered order for other available variants of the same products. Once per ' +
    'order: list every item to exchange in one call, after the customer confirmed them. The price difference is ' +
    'settled with payment_method_id. It creates an action awaiting a person’s approval.',
  input: SwapToolInput,
  readOnly: false,
  destructive: false,
  idempotent: false,
  execute: (ctx, input) => proposeSwap(ctx, 'exchange', input, assessExchange)
})
