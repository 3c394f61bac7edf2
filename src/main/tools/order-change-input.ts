import { z } from 'zod'
import { PostalAddress } from '../../shared/domain/address'
import { claimsOnOrder } from '../actions/order-holds'
import type { OrderClaims } from '../policy/order-claims'
import { paymentMethodRef } from '../../shared/domain/payment-method'
import {
  loadOrderForChange,
  type OrderForChange,
  type SwapFacts,
  type Verdict
} from '../policy/order-change-policy'
import { ToolFailure, type ToolContext } from './define-tool'
import { requireOrderId } from './order-id'
import { proposeAction } from './propose-action'

/** What the order-changing tools share: their inputs' pieces, and finding the order the caller may change. */

export const OrderIdInput = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .describe('The order id as the customer gave it, e.g. #W2378156')

export const PaymentMethodIdInput = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe("One of the customer's payment method ids (get_customer_details), e.g. credit_card_9513926")

export const AddressInput = PostalAddress.describe(
  'The full new address: line1, line2 (may be empty), city, region (state), postal_code, country'
)

export const SwapItemsInput = z
  .array(
    z.object({
      item_id: z.number().int().positive().describe('The order line, from get_order_details items[].item_id'),
      new_variant_id: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .describe('The variant it becomes, of the same product (get_product_details variants[].variant_id)')
    })
  )
  .min(1)
  .max(50)

export const SwapToolInput = z.object({
  order_id: OrderIdInput,
  items: SwapItemsInput.describe('Each order line and the variant it becomes'),
  payment_method_id: PaymentMethodIdInput
})

export const swapRequestsFromInput = (items: z.output<typeof SwapItemsInput>) =>
  items.map((item, index) => ({
    itemId: item.item_id,
    variantId: item.new_variant_id,
    field: `items.${index}`
  }))

/**
 * Runs `assess` on an order the caller may see (ToolFailure otherwise) with what other actions
 * hold on it, then `propose` with its verdict, in one immediate write transaction: two proposals
 * cannot both pass the checks on the same order.
 */
export function proposeOnOrder<T extends object, R>(
  ctx: ToolContext,
  rawOrderId: string,
  assess: (order: OrderForChange, claims: OrderClaims) => Verdict<T>,
  propose: (order: OrderForChange, facts: T) => R
): R {
  const { id } = requireOrderId(ctx, rawOrderId)
  return ctx.db
    .transaction(() => {
      const order = loadOrderForChange(ctx.db, id)
      if (!order)
        throw new ToolFailure({
          code: 'order_not_found',
          message: `There is no order ${id}.`,
          field: 'order_id'
        })
      const verdict = assess(order, claimsOnOrder(ctx.db, id))
      if (!verdict.eligible) throw new ToolFailure(verdict.refusal)
      return propose(order, verdict)
    })
    .immediate()
}

export const AWAITS_PERSON =
  'Proposed, not done: a person must approve it. Tell the customer it is submitted for approval.'

/**
 * What change_order_items and exchange_items share: the same input, checked by their own rule
 * (`assess`), proposing their own kind of action with the same payload.
 */
export function proposeSwap(
  ctx: ToolContext,
  kind: 'change_order_items' | 'exchange',
  input: z.output<typeof SwapToolInput>,
  assess: (
    db: ToolContext['db'],
    order: OrderForChange,
    requests: ReturnType<typeof swapRequestsFromInput>,
    paymentMethodId: string,
    claims: OrderClaims
  ) => Verdict<SwapFacts>
) {
  return proposeOnOrder(
    ctx,
    input.order_id,
    (order, claims) =>
      assess(ctx.db, order, swapRequestsFromInput(input.items), input.payment_method_id, claims),
    (order, facts) => {
      const actionId = proposeAction(ctx, {
        kind,
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
}
