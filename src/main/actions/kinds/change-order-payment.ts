import type { ActionOf } from '../../../shared/domain/action'
import { centsToMoney, formatMoney } from '../../../shared/domain/money'
import { AppFailure } from '../../../shared/result'
import { insertOrderPayment } from '../../db/repositories/order-payments'
import { addToGiftCardBalance } from '../../db/repositories/payment-methods'
import { assessPaymentChange, loadOrderForChange } from '../../policy/order-change-policy'
import { defineActionKind, requireStillEligible } from '../define-action-kind'
import { appliedChangeNote, changeOutcome, rejectedRequestNote } from './customer-words'

const changedWords = ({ payload }: ActionOf<'change_order_payment'>) =>
  `your order ${payload.order_id} is now paid with ${payload.to.label}: ` +
  `${formatMoney(centsToMoney(payload.amount_cents, payload.currency))} is charged to it and goes back to ${payload.from.label}.`

/**
 * Another payment method for an order that has not shipped, proposed by change_order_payment:
 * approving charges the new method what was paid and refunds the old one (gift cards at once).
 */
export const changeOrderPaymentKind = defineActionKind({
  kind: 'change_order_payment',
  appliedBy: 'transaction',
  apply(ctx, action) {
    const { payload } = action
    const order = loadOrderForChange(ctx.db, payload.order_id)
    const recheck = order
      ? assessPaymentChange(order, payload.to.payment_method_id, ctx.claimsOn(payload.order_id))
      : undefined
    requireStillEligible('change of payment method', recheck)
    if (
      recheck.amountCents !== payload.amount_cents ||
      recheck.from.payment_method_id !== payload.from.payment_method_id
    ) {
      throw new AppFailure(
        'conflict',
        "This change of payment method can no longer be applied: the order's payments changed since it was proposed."
      )
    }
    const entry = { orderId: payload.order_id, currency: payload.currency, actionId: action.id, now: ctx.now }
    insertOrderPayment(ctx.db, {
      ...entry,
      kind: 'payment',
      amountCents: payload.amount_cents,
      paymentMethodId: payload.to.payment_method_id
    })
    insertOrderPayment(ctx.db, {
      ...entry,
      kind: 'refund',
      amountCents: payload.amount_cents,
      paymentMethodId: payload.from.payment_method_id
    })
    if (payload.to.kind === 'gift_card')
      addToGiftCardBalance(ctx.db, payload.to.payment_method_id, -payload.amount_cents)
    if (payload.from.kind === 'gift_card')
      addToGiftCardBalance(ctx.db, payload.from.payment_method_id, payload.amount_cents)
    ctx.recordOnThread(
      `Order ${payload.order_id} is now paid with ${payload.to.label} (${payload.to.payment_method_id}) instead of ${payload.from.label}, approved by ${ctx.by}.`
    )
    return { orderId: payload.order_id, amountCents: payload.amount_cents, currency: payload.currency }
  },
  decisionNote: (action, decision) =>
    decision.status === 'rejected'
      ? rejectedRequestNote('change of payment method', action)
      : appliedChangeNote(changedWords(action)),
  outcome: (action, status) => changeOutcome('change of payment method', action, status, changedWords(action))
})
