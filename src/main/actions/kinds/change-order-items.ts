import { changeOrderLines } from '../../db/repositories/order-changes'
import { insertOrderPayment } from '../../db/repositories/order-payments'
import { addToGiftCardBalance } from '../../db/repositories/payment-methods'
import { assessItemChange } from '../../policy/order-change-policy'
import { defineActionKind } from '../define-action-kind'
import { appliedChangeNote, changeOutcome, rejectedRequestNote } from './customer-words'
import { differenceWords, recheckSwap, swapWords } from './swap-words'
import type { ActionOf } from '../../../shared/domain/action'

const changedWords = ({ payload }: ActionOf<'change_order_items'>) =>
  `the items of your order ${payload.order_id} have been changed: ${swapWords(payload.lines)}.` +
  differenceWords(payload.price_difference_cents, payload.currency, payload.payment_method)

/**
 * Items of an order that has not shipped changed to other variants, proposed by change_order_items:
 * approving changes the lines, the order's total and its payment history (the difference, to or
 * from the chosen method; a gift card's balance at once), and marks the order's items as changed.
 */
export const changeOrderItemsKind = defineActionKind({
  kind: 'change_order_items',
  appliedBy: 'transaction',
  holds: () => ({ locks: ['item_change'] }),
  apply(ctx, action) {
    const { payload } = action
    const { order, facts: recheck } = recheckSwap(ctx, 'change of items', payload, assessItemChange)
    const difference = recheck.differenceCents
    changeOrderLines(ctx.db, {
      orderId: payload.order_id,
      lines: recheck.swaps.map((s) => ({
        itemId: s.item_id,
        variantId: s.to_variant_id,
        unitPriceCents: s.to_price_cents
      })),
      deltaCents: difference,
      now: ctx.now
    })
    if (difference !== 0) {
      insertOrderPayment(ctx.db, {
        orderId: payload.order_id,
        kind: difference > 0 ? 'payment' : 'refund',
        amountCents: Math.abs(difference),
        currency: payload.currency,
        paymentMethodId: recheck.method.id,
        actionId: action.id,
        now: ctx.now
      })
      if (recheck.method.kind === 'gift_card') addToGiftCardBalance(ctx.db, recheck.method.id, -difference)
    }
    const totalCents = order.totalCents + difference
    ctx.recordOnThread(`Order ${payload.order_id}: ${swapWords(payload.lines)}, approved by ${ctx.by}.`)
    return {
      orderId: payload.order_id,
      priceDifferenceCents: difference,
      currency: payload.currency,
      totalCents
    }
  },
  decisionNote: (action, decision) =>
    decision.status === 'rejected'
      ? rejectedRequestNote('change of items', action)
      : appliedChangeNote(changedWords(action)),
  outcome: (action, status) => changeOutcome('change of items', action, status, changedWords(action))
})
