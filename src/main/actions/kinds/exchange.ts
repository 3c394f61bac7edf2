import type { ActionOf } from '../../../shared/domain/action'
import { AppFailure } from '../../../shared/result'
import { recordExchange } from '../../db/repositories/exchanges'
import { assessExchange, loadOrderForChange } from '../../policy/order-change-policy'
import { defineActionKind, requireStillEligible } from '../define-action-kind'
import { appliedChangeNote, changeOutcome, rejectedRequestNote } from './customer-words'
import { differenceWords, swapRequestsOf, swapWords } from './swap-words'

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
    const order = loadOrderForChange(ctx.db, payload.order_id)
    const recheck = order
      ? assessExchange(
          ctx.db,
          order,
          swapRequestsOf(payload.lines),
          payload.payment_method.payment_method_id,
          ctx.claimsOn(payload.order_id)
        )
      : undefined
    requireStillEligible('exchange', recheck)
    if (recheck.differenceCents !== payload.price_difference_cents) {
      throw new AppFailure(
        'conflict',
        'This exchange can no longer be applied: the variants’ prices changed since it was proposed.'
      )
    }
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
