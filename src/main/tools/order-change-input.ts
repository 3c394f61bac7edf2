import { z } from 'zod'
import { PostalAddress } from '../../shared/domain/address'
import { claimsOnOrder } from '../actions/order-holds'
import type { OrderClaims } from '../policy/order-claims'
import { loadOrderForChange, type OrderForChange, type Verdict } from '../policy/order-change-policy'
import { ToolFailure, type ToolContext } from './define-tool'
import { requireOrderId } from './order-id'

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
