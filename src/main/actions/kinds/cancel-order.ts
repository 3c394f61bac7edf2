import { centsToMoney, formatMoney } from '../../../shared/domain/money'
import type { CancelRefund } from '../../../shared/domain/actions/cancel-order'
import { markOrderCancelled } from '../../db/repositories/order-changes'
import { insertOrderPayment } from '../../db/repositories/order-payments'
import { addToGiftCardBalance } from '../../db/repositories/payment-methods'
import { assessCancel, loadOrderForChange } from '../../policy/order-change-policy'
import { AppFailure } from '../../../shared/result'
import { defineActionKind, requireStillEligible } from '../define-action-kind'
import { appliedChangeNote, changeOutcome, rejectedRequestNote } from './customer-words'

const refundWords = (refunds: readonly CancelRefund[], currency: string): string =>
  refunds.length === 0
    ? 'nothing had been charged for it'
    : refunds
        .map((r) => `${formatMoney(centsToMoney(r.amount_cents, currency))} goes back to ${r.label}`)
        .join(', ')

const cancelledWords = (action: {
  payload: { order_id: string; refunds: CancelRefund[]; currency: string }
}) =>
  `your order ${action.payload.order_id} has been cancelled; ${refundWords(action.payload.refunds, action.payload.currency)}.`

/** A cancellation proposed by cancel_order: approving cancels the order and refunds each method it was paid with. */
export const cancelOrderKind = defineActionKind({
  kind: 'cancel_order',
  appliedBy: 'transaction',
  holds: ({ payload }) => ({
    locks: ['cancellation'],
    refundCents: payload.refunds.reduce((sum, r) => sum + r.amount_cents, 0)
  }),
  apply(ctx, action) {
    const { payload } = action
    const order = loadOrderForChange(ctx.db, payload.order_id)
    const recheck = order ? assessCancel(order, ctx.claimsOn(payload.order_id)) : undefined
    requireStillEligible('cancellation', recheck)
    const refundCents = recheck.refunds.reduce((sum, r) => sum + r.amount_cents, 0)
    const proposedCents = payload.refunds.reduce((sum, r) => sum + r.amount_cents, 0)
    if (refundCents !== proposedCents) {
      throw new AppFailure(
        'conflict',
        `This cancellation can no longer be applied: the order's payments changed since it was proposed (refund ${proposedCents} → ${refundCents} cents).`
      )
    }
    markOrderCancelled(ctx.db, payload.order_id, payload.reason)
    for (const refund of recheck.refunds) {
      insertOrderPayment(ctx.db, {
        orderId: payload.order_id,
        kind: 'refund',
        amountCents: refund.amount_cents,
        currency: payload.currency,
        paymentMethodId: refund.payment_method_id,
        actionId: action.id,
        now: ctx.now
      })
      // A gift card gets its money back at once; other methods in their own time.
      if (refund.kind === 'gift_card' && refund.payment_method_id)
        addToGiftCardBalance(ctx.db, refund.payment_method_id, refund.amount_cents)
    }
    ctx.recordOnThread(
      `Order ${payload.order_id} cancelled (${payload.reason.replace(/_/g, ' ')}), approved by ${ctx.by}; ${refundWords(recheck.refunds, payload.currency)}.`
    )
    return { orderStatus: 'cancelled', refundCents, currency: payload.currency }
  },
  decisionNote: (action, decision) =>
    decision.status === 'rejected'
      ? rejectedRequestNote('cancellation', action)
      : appliedChangeNote(cancelledWords(action)),
  outcome: (action, status) => changeOutcome('cancellation', action, status, cancelledWords(action))
})
