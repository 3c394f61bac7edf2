import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { centsToMoney } from '../../shared/domain/money'
import { insertProposedAction } from '../db/repositories/actions'
import { accountOf } from '../../shared/domain/caller'
import { nowIso } from '../core/clock'
import {
  assessReturn,
  RETURN_WINDOW_DAYS,
  ReturnReason,
  SHIPPING_REFUNDED_FOR,
  toReturnActionPayload
} from '../policy/return-policy'
import { defineTool, ToolFailure } from './define-tool'
import { requireOrderId } from './order-id'

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
    quantity: z.number().int().min(1).max(1000)
  })
  .refine((item) => item.item_id !== undefined || item.product_id !== undefined, {
    message: 'give item_id (from get_order_status) or product_id',
    path: ['item_id']
  })

export const processReturnTool = defineTool({
  name: 'process_return',
  title: 'Propose a return',
  description:
    `Propose returning items of a delivered order (within ${RETURN_WINDOW_DAYS} days of delivery) with a refund. ` +
    "It does not apply anything: it creates a return awaiting a person's approval and returns its action_id and " +
    'the refund that approval would issue. Omit items to return everything still returnable. The refund is ' +
    `the items' price, plus shipping when the reason is ${SHIPPING_REFUNDED_FOR.join(', ')}.`,
  input: z.object({
    order_id: z.string().trim().min(1).max(64).describe('The order id, e.g. ORD-20261103-AB12'),
    items: z
      .array(ReturnItemInput)
      .min(1)
      .max(50)
      .optional()
      .describe('What to return; omit for the whole order'),
    reason: ReturnReason.describe('Why the customer returns it'),
    note: z.string().trim().max(1000).optional().describe('What the customer said, for the person approving')
  }),
  readOnly: false,
  destructive: false,
  idempotent: false,
  execute(ctx, input) {
    const { id: orderId } = requireOrderId(ctx, input.order_id)
    const request = {
      items: input.items?.map((i) => ({ itemId: i.item_id, productId: i.product_id, quantity: i.quantity })),
      reason: input.reason,
      note: input.note
    }
    // Checked and written in one write transaction, so two proposals cannot both claim the same items.
    return ctx.db
      .transaction(() => {
        const decision = assessReturn(ctx.db, orderId, request, ctx.clock.now())
        if (!decision)
          throw new ToolFailure({
            code: 'order_not_found',
            message: `There is no order ${orderId}.`,
            field: 'order_id'
          })
        if (!decision.eligible) throw new ToolFailure(decision.refusal)
        const actionId = `ACT-${randomUUID()}`
        const { refund, lines } = decision
        insertProposedAction(ctx.db, {
          id: actionId,
          kind: 'return',
          ticketId: ctx.ticketId ?? null,
          draftId: ctx.draftId ?? null,
          orderId,
          payload: toReturnActionPayload(decision),
          amountCents: refund.totalCents,
          currency: refund.currency,
          eligibility: decision.facts,
          origin: ctx.origin,
          originDetail: ctx.originDetail ?? null,
          createdAt: nowIso(ctx.clock),
          proposer: accountOf(ctx.caller)
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
          return_window_closes_at: decision.facts.window_closes_at,
          message: 'A person must approve this return before it is applied.'
        }
      })
      .immediate()
  }
})
