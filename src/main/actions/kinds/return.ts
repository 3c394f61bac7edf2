import { centsToMoney, formatMoney } from '../../../shared/domain/money'
import { applyReturn } from '../../db/repositories/returns'
import { assessReturn } from '../../policy/return-policy'
import { defineActionKind, requireStillEligible } from '../define-action-kind'
import { forOrder, moneyOutcome, rejectedRequestNote } from './customer-words'

/** A return proposed by process_return: approving takes the items back and refunds them. */
export const returnKind = defineActionKind({
  kind: 'return',
  appliedBy: 'transaction',
  holds: ({ payload }) => ({
    items: payload.items.map((i) => ({ itemId: i.item_id, quantity: i.quantity })),
    refundCents: payload.refund.total_cents,
    shippingCents: payload.refund.shipping_cents
  }),
  apply(ctx, action) {
    const { payload } = action
    const recheck = assessReturn(
      ctx.db,
      payload.order_id,
      {
        reason: payload.reason,
        items: payload.items.map((i) => ({ itemId: i.item_id, quantity: i.quantity }))
      },
      // Eligibility as of the proposal: a person approving on day 31 honours a request made on day 29.
      new Date(action.createdAt),
      ctx.claimsOn(payload.order_id)
    )
    requireStillEligible('return', recheck)
    const applied = applyReturn(ctx.db, {
      actionId: action.id,
      orderId: payload.order_id,
      reason: payload.reason,
      items: payload.items.map((i) => ({ orderItemId: i.item_id, quantity: i.quantity })),
      refundCents: payload.refund.total_cents,
      currency: payload.refund.currency,
      now: ctx.now
    })
    ctx.recordOnThread(
      `Return ${applied.returnId} approved by ${ctx.by} for order ${payload.order_id}; refund of ${formatMoney(
        centsToMoney(applied.refundCents, applied.currency)
      )} issued.`
    )
    return applied
  },
  decisionNote(action, decision) {
    if (decision.status === 'rejected') {
      return rejectedRequestNote('return', action)
    }
    const { returnId, refundCents, currency } = decision.result
    const refund = formatMoney(centsToMoney(refundCents, currency))
    return `Your return ${returnId}${forOrder(action)} has been approved, and a refund of ${refund} is on its way to your original payment method.`
  },
  outcome: (action, status) => moneyOutcome('return', action, status)
})
