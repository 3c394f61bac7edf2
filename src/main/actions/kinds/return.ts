import { centsToMoney, formatMoney } from '../../../shared/domain/money'
import { addToGiftCardBalance } from '../../db/repositories/payment-methods'
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
    const refundTo = payload.refund_to
    const applied = applyReturn(ctx.db, {
      actionId: action.id,
      orderId: payload.order_id,
      reason: payload.reason,
      items: payload.items.map((i) => ({ orderItemId: i.item_id, quantity: i.quantity })),
      refundCents: payload.refund.total_cents,
      currency: payload.refund.currency,
      refundTo: refundTo?.payment_method_id ?? null,
      now: ctx.now
    })
    // A refund to a gift card is there at once; other methods settle in their own time.
    if (refundTo?.kind === 'gift_card')
      addToGiftCardBalance(ctx.db, refundTo.payment_method_id, applied.refundCents)
    ctx.recordOnThread(
      `Return ${applied.returnId} approved by ${ctx.by} for order ${payload.order_id}; refund of ${formatMoney(
        centsToMoney(applied.refundCents, applied.currency)
      )} issued${refundTo ? ` to ${refundTo.label} (${refundTo.payment_method_id})` : ''}.`
    )
    return applied
  },
  decisionNote(action, decision) {
    if (decision.status === 'rejected') {
      return rejectedRequestNote('return', action)
    }
    const { returnId, refundCents, currency } = decision.result
    const refund = formatMoney(centsToMoney(refundCents, currency))
    const to = action.payload.refund_to
      ? `your ${action.payload.refund_to.label}`
      : 'your original payment method'
    return `Your return ${returnId}${forOrder(action)} has been approved, and a refund of ${refund} is on its way to ${to}.`
  },
  outcome: (action, status) => moneyOutcome('return', action, status)
})
