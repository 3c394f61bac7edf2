import { centsToMoney, formatMoney } from '../../../shared/domain/money'
import { getOrderForMoney } from '../../db/repositories/orders'
import { issueRefundOnce } from '../../db/repositories/refunds'
import { evaluateRefund, readMoneyCaps } from '../../policy/refund-policy'
import { defineActionKind, requireStillEligible } from '../define-action-kind'
import { forOrder, moneyOutcome, rejectedRequestNote } from './customer-words'

/** A refund of an amount of an order, proposed by issue_refund: approving sends it back to the payment method. */
export const refundKind = defineActionKind({
  kind: 'refund',
  appliedBy: 'transaction',
  holds: ({ payload }) => ({ refundCents: payload.amount_cents }),
  apply(ctx, action) {
    const { payload } = action
    const order = getOrderForMoney(ctx.db, payload.order_id)
    // What was paid and refunded may have moved since the proposal (another refund, a return).
    const recheck = order
      ? evaluateRefund({
          order,
          claims: ctx.claimsOn(order.id),
          request: { amountCents: payload.amount_cents, currency: payload.currency },
          caps: readMoneyCaps(ctx.db),
          now: new Date(ctx.now)
        })
      : undefined
    requireStillEligible('refund', recheck)
    const refund = issueRefundOnce(ctx.db, {
      actionId: action.id,
      orderId: payload.order_id,
      returnId: null,
      amountCents: payload.amount_cents,
      currency: payload.currency,
      now: ctx.now
    })
    ctx.recordOnThread(
      `Refund ${refund.refundId} of ${formatMoney(centsToMoney(refund.refundCents, refund.currency))} for order ${payload.order_id} approved by ${ctx.by}.`
    )
    return refund
  },
  decisionNote(action, decision) {
    if (decision.status === 'rejected') return rejectedRequestNote('refund', action)
    const refund = formatMoney(centsToMoney(decision.result.refundCents, decision.result.currency))
    return `A refund of ${refund}${forOrder(action)} has been approved and is on its way to your original payment method.`
  },
  outcome: (action, status) => moneyOutcome('refund', action, status)
})
