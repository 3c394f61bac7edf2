import { z } from 'zod'
import { RefundReason } from '../../shared/domain/actions/refund'
import { centsToMoney } from '../../shared/domain/money'
import { claimsOnOrder } from '../actions/order-holds'
import { getOrderForMoney, type OrderForMoney } from '../db/repositories/orders'
import { storeCreditBalanceCents } from '../db/repositories/store-credits'
import {
  evaluateGoodwillCredit,
  evaluateRefund,
  readMoneyCaps,
  type Assessment,
  type MoneyRequest
} from '../policy/refund-policy'
import { defineTool, ToolFailure, type ToolContext } from './define-tool'
import { requireOrderId } from './order-id'
import { proposeAction, type Proposal } from './propose-action'

const RefundType = z.enum(['refund', 'goodwill_credit'])
type RefundType = z.infer<typeof RefundType>

const isWholeCents = (amount: number): boolean => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6

/** How each type is checked and what it proposes: a refund and goodwill credit are two kinds of action. */
const proposals: {
  [T in RefundType]: (
    ctx: ToolContext,
    order: OrderForMoney,
    request: MoneyRequest
  ) => Assessment<Proposal<T>['eligibility']>
} = {
  refund: (ctx, order, request) =>
    evaluateRefund({
      order,
      claims: claimsOnOrder(ctx.db, order.id),
      request,
      caps: readMoneyCaps(ctx.db),
      now: ctx.clock.now()
    }),
  goodwill_credit: (ctx, order, request) =>
    evaluateGoodwillCredit({
      order,
      request,
      caps: readMoneyCaps(ctx.db),
      balanceCents: storeCreditBalanceCents(ctx.db, order.customerId, order.currency),
      now: ctx.clock.now()
    })
}

const AWAITS_PERSON: Record<RefundType, string> = {
  refund: 'A person must approve this refund before it is issued.',
  goodwill_credit: 'A person must approve this credit before it is added to the customer’s account.'
}

export const issueRefundTool = defineTool({
  name: 'issue_refund',
  title: 'Propose a refund or goodwill credit',
  description:
    'Propose giving money back on an order without a return. type refund (the default): part or all of what ' +
    "the customer paid, back to the original payment method; never more than the order's payment minus what is " +
    'already refunded or awaiting approval, and within the shop’s cap for one refund. type goodwill_credit: store ' +
    'credit on the customer’s account for trouble with the order (a late parcel, a poor experience), not tied to ' +
    'items, with a smaller cap. It does not apply anything: it creates an action awaiting a person’s approval and ' +
    'returns its action_id. To take items back, use process_return instead.',
  input: z.object({
    order_id: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .describe('The order id as the customer gave it, e.g. #1001 or ORD-20261103-AB12'),
    amount: z
      .number()
      .positive()
      .max(1_000_000)
      .refine(isWholeCents, 'give at most two decimals (whole cents)')
      .describe("How much, in the order's currency, e.g. 12.50"),
    currency: z
      .string()
      .trim()
      .length(3)
      .optional()
      .describe("The order's currency (e.g. USD), to confirm the amount is in it"),
    type: RefundType.default('refund').describe(
      'refund: money back to the original payment method; goodwill_credit: store credit'
    ),
    reason: RefundReason.describe('Why the money is given back'),
    note: z.string().trim().max(1000).optional().describe('What the customer said, for the person approving')
  }),
  readOnly: false,
  destructive: false,
  idempotent: false,
  execute(ctx, input) {
    const { id: orderId } = requireOrderId(ctx, input.order_id)
    const request: MoneyRequest = { amountCents: Math.round(input.amount * 100), currency: input.currency }
    // Checked and written in one write transaction, so two proposals cannot both take what is left.
    return ctx.db
      .transaction(() => {
        const order = getOrderForMoney(ctx.db, orderId)
        if (!order) {
          throw new ToolFailure({
            code: 'order_not_found',
            message: `There is no order ${orderId}.`,
            field: 'order_id'
          })
        }
        const assessed = proposals[input.type](ctx, order, request)
        if (!assessed.eligible) throw new ToolFailure(assessed.refusal)
        const actionId = proposeAction(ctx, {
          kind: input.type,
          orderId,
          payload: {
            order_id: orderId,
            customer_id: order.customerId,
            amount_cents: request.amountCents,
            currency: order.currency,
            reason: input.reason,
            note: input.note?.trim() || null
          },
          amountCents: request.amountCents,
          currency: order.currency,
          eligibility: assessed.facts
        })
        return {
          action_id: actionId,
          status: 'pending_approval' as const,
          order_id: orderId,
          type: input.type,
          amount: centsToMoney(request.amountCents, order.currency),
          reason: input.reason,
          message: AWAITS_PERSON[input.type]
        }
      })
      .immediate()
  }
})
