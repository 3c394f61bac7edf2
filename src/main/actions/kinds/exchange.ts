import type { ActionOf } from '../../../shared/domain/action'
import { recordExchange } from '../../db/repositories/exchanges'
import { assessExchange } from '../../policy/order-change-policy'
import { defineActionKind } from '../define-action-kind'
import { appliedChangeNote, changeOutcome, rejectedRequestNote } from './customer-words'
import { differenceWords, recheckSwap, swapWords } from './swap-words'

const exchangedWords = ({ payload }: ActionOf<'exchange'>) =>
  `your exchange for order ${payload.order_id} is confirmed: ${swapWords(payload.lines)}. ` +
  'You will receive an email with how to send the items back.' +
  differenceWords(payload.price_difference_cents, payload.currency, payload.payment_method).replace(
    /is charged|goes back/,
    (verb) => (verb === 'is charged' ? 'will be charged' : 'will go back')
  )

/**
 * Delivered items exchanged for other variants, proposed by exchange_items: approving records the
 * exchange and holds the items against returns; the difference is settled when they come back.
 */
export const exchangeKind = defineActionKind({
  kind: 'exchange',
  appliedBy: 'transaction',
  holds: ({ payload }) => ({
    locks: ['exchange'],
    items: payload.lines.map((line) => ({ itemId: line.item_id, quantity: line.quantity }))
  }),
  apply(ctx, action) {
    const { payload } = action
    const { facts: recheck } = recheckSwap(ctx, 'exchange', payload, assessExchange)
    const exchangeId = recordExchange(ctx.db, {
      actionId: action.id,
      orderId: payload.order_id,
      paymentMethodId: recheck.method.id,
      priceDifferenceCents: recheck.differenceCents,
      currency: payload.currency,
      lines: recheck.swaps.map((s) => ({
        orderItemId: s.item_id,
        quantity: s.quantity,
        newVariantId: s.to_variant_id
      })),
      now: ctx.now
    })
    ctx.recordOnThread(
      `Exchange ${exchangeId} for order ${payload.order_id}: ${swapWords(payload.lines)}, approved by ${ctx.by}.`
    )
    return { exchangeId, priceDifferenceCents: recheck.differenceCents, currency: payload.currency }
  },
  decisionNote: (action, decision) =>
    decision.status === 'rejected'
      ? rejectedRequestNote('exchange', action)
      : appliedChangeNote(exchangedWords(action)),
  outcome: (action, status) => changeOutcome('exchange', action, status, exchangedWords(action))
})
