import { z } from 'zod'
import { centsToMoney } from '../../shared/domain/money'
import {
  assessReturn,
  RETURN_WINDOW_DAYS,
  ReturnReason,
  SHIPPING_REFUNDED_FOR,
  toReturnActionPayload,
  type ReturnRequestLine
} from '../policy/return-policy'
import { claimsOnOrder } from '../actions/order-holds'
import type { PaymentMethodRef } from '../../shared/domain/payment-method'
import { loadOrderForChange, resolveRefundDestination } from '../policy/order-change-policy'
import { defineTool, ToolFailure, type ToolContext } from './define-tool'
import { requireOrderId } from './order-id'
import { proposeAction } from './propose-action'

const ReturnItemInput = z
  .object({
    item_id: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('The order line, from get_order_status items[].item_id'),
    product_id: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe('Or the product id, when it is on one line'),
    quantity: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe('How many the customer returns; omit for all of that line that can still be returned')
  })
  .refine((item) => item.item_id !== undefined || item.product_id !== undefined, {
    message: 'give item_id (from get_order_status) or product_id',
    path: ['item_id']
  })

/** The seed's form: bare ids of the lines to return, each in full. A numeral is an item_id, other text a product id. */
const ReturnItemId = z.union([z.number().int().positive(), z.string().trim().min(1).max(64)])

type ReturnInput = {
  items?: z.output<typeof ReturnItemInput>[]
  item_ids?: z.output<typeof ReturnItemId>[]
}

/** The request's lines, whichever form the caller used; undefined when it names none (the whole order). */
function requestedLines(input: ReturnInput): ReturnRequestLine[] | undefined {
  if (input.item_ids) {
    return input.item_ids.map((id, index) => {
      const field = { path: `item_ids.${index}`, bareId: true }
      if (typeof id === 'number') return { itemId: id, field }
      return /^\d+$/.test(id) ? { itemId: Number(id), field } : { productId: id, field }
    })
  }
  return input.items?.map((i) => ({ itemId: i.item_id, productId: i.product_id, quantity: i.quantity }))
}

/** The method the customer chose for the refund, if the rules allow it (ToolFailure otherwise). */
function refundDestination(ctx: ToolContext, orderId: string, paymentMethodId: string): PaymentMethodRef {
  const order = loadOrderForChange(ctx.db, orderId)
  const resolved = order ? resolveRefundDestination(order, paymentMethodId) : undefined
  if (!resolved)
    throw new ToolFailure({
      code: 'order_not_found',
      message: `There is no order ${orderId}.`,
      field: 'order_id'
    })
  if (!resolved.ok) throw new ToolFailure(resolved.refusal)
  return resolved.ref
}

export const processReturnTool = defineTool({
  name: 'process_return',
  title: 'Propose a return',
  description:
    `Propose returning items of a delivered order (within ${RETURN_WINDOW_DAYS} days of delivery) with a refund. ` +
    "It does not apply anything: it creates a return awaiting a person's approval and returns its action_id and " +
    'the refund that approval would issue. List only the items the customer named: items with the item_id from ' +
    'get_order_status and, when the customer says how many, the quantity (without it, all of that line still ' +
    'returnable); or item_ids, each line in full. Leave both out only when the customer returns the whole order. ' +
    `The refund is the items' price, plus shipping when the reason is ${SHIPPING_REFUNDED_FOR.join(', ')}.`,
  input: z
    .object({
      order_id: z
        .string()
        .trim()
        .min(1)
        .max(64)
        .describe('The order id as the customer gave it, e.g. #1001 or ORD-20261103-AB12'),
      items: z
        .array(ReturnItemInput)
        .min(1)
        .max(50)
        .optional()
        .describe('The items the customer named; omit only for the whole order'),
      item_ids: z
        .array(ReturnItemId)
        .min(1)
        .max(50)
        .optional()
        .describe('Or the item_ids of the lines to return, each in full'),
      reason: ReturnReason.describe('Why the customer returns it'),
      note: z
        .string()
        .trim()
        .max(1000)
        .optional()
        .describe('What the customer said, for the person approving'),
      refund_to: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe(
          "Where the refund goes when the customer chooses: the order's original payment method id or one of their gift cards; omit for the original method"
        )
    })
    .refine((input) => input.items === undefined || input.item_ids === undefined, {
      message: 'give items or item_ids, not both',
      path: ['item_ids']
    }),
  readOnly: false,
  destructive: false,
  idempotent: false,
  execute(ctx, input) {
    const { id: orderId } = requireOrderId(ctx, input.order_id)
    const request = { items: requestedLines(input), reason: input.reason, note: input.note }
    // Checked and written in one write transaction, so two proposals cannot both claim the same items.
    return ctx.db
      .transaction(() => {
        const decision = assessReturn(
          ctx.db,
          orderId,
          request,
          ctx.clock.now(),
          claimsOnOrder(ctx.db, orderId)
        )
        if (!decision)
          throw new ToolFailure({
            code: 'order_not_found',
            message: `There is no order ${orderId}.`,
            field: 'order_id'
          })
        if (!decision.eligible) throw new ToolFailure(decision.refusal)
        const { refund, lines } = decision
        const refundTo =
          input.refund_to === undefined ? null : refundDestination(ctx, orderId, input.refund_to)
        const actionId = proposeAction(ctx, {
          kind: 'return',
          orderId,
          payload: toReturnActionPayload(decision, refundTo),
          amountCents: refund.totalCents,
          currency: refund.currency,
          eligibility: decision.facts
        })
        return {
          action_id: actionId,
          status: 'pending_approval' as const,
          order_id: orderId,
          reason: decision.reason,
          refund: centsToMoney(refund.totalCents, refund.currency),
          refund_breakdown: {
            items: centsToMoney(refund.itemsCents, refund.currency),
            shipping: centsToMoney(refund.shippingCents, refund.currency),
            notes: refund.notes
          },
          items: lines.map((l) => ({
            item_id: l.itemId,
            product_id: l.productId,
            name: l.name,
            quantity: l.quantity,
            unit_price: centsToMoney(l.unitPriceCents, refund.currency),
            line_total: centsToMoney(l.lineCents, refund.currency)
          })),
          ...(refundTo ? { refund_to: refundTo.payment_method_id } : {}),
          return_window_closes_at: decision.facts.window_closes_at,
          message: 'A person must approve this return before it is applied.'
        }
      })
      .immediate()
  }
})
