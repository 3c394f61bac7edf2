import { centsToMoney, formatMoney } from '../../../shared/domain/money'
import { getOrderForMoney } from '../../db/repositories/orders'
import { grantStoreCreditOnce, storeCreditBalanceCents } from '../../db/repositories/store-credits'
import { evaluateGoodwillCredit, readMoneyCaps } from '../../policy/refund-policy'
import { defineActionKind, type DecidedStatus, requireStillEligible } from '../define-action-kind'
import { forOrder } from './customer-words'

/**
 * Goodwill credit proposed by issue_refund: approving adds store credit to the customer's account.
 * It sends no money back, so it holds nothing on the order.
 */
export const goodwillCreditKind = defineActionKind({
  kind: 'goodwill_credit',
  appliedBy: 'transaction',
  apply(ctx, action) {
    const { payload } = action
    const order = getOrderForMoney(ctx.db, payload.order_id)
    const recheck = order
      ? evaluateGoodwillCredit({
          order,
          request: { amountCents: payload.amount_cents, currency: payload.currency },
          caps: readMoneyCaps(ctx.db),
          balanceCents: storeCreditBalanceCents(ctx.db, payload.customer_id, payload.currency),
          now: new Date(ctx.now)
        })
      : undefined
    requireStillEligible('goodwill credit', recheck)
    const credit = grantStoreCreditOnce(ctx.db, {
      actionId: action.id,
      customerId: payload.customer_id,
      orderId: payload.order_id,
      amountCents: payload.amount_cents,
      currency: payload.currency,
      reason: payload.reason,
      now: ctx.now
    })
    const money = (cents: number) => formatMoney(centsToMoney(cents, credit.currency))
    ctx.recordOnThread(
      `Goodwill credit ${credit.creditId} of ${money(credit.creditCents)} for order ${payload.order_id} approved by ${ctx.by}; ` +
        `the customer's store credit is now ${money(credit.balanceCents)}.`
    )
    return credit
  },
  decisionNote(action, decision) {
    if (decision.status === 'rejected') {
      return `We have reviewed the store credit we mentioned${forOrder(action)} and are not able to add it as it stands. Reply to this message if you would like us to take another look.`
    }
    const credit = formatMoney(centsToMoney(decision.result.creditCents, decision.result.currency))
    return `${credit} of store credit${forOrder(action)} has been added to your account, ready for your next order.`
  },
  outcome(action, status) {
    const credit = action.amount ? formatMoney(action.amount) : 'the'
    const order = forOrder(action)
    const words: Record<DecidedStatus, string> = {
      applied: `good news: ${credit} of store credit${order} has been added to your account, ready for your next order.`,
      rejected: `a teammate reviewed the store credit${order} and could not add it as it stands. They will follow up here with the details.`,
      failed: `the store credit${order} was approved but could not be added just now. A teammate will follow up here with the details.`
    }
    return words[status]
  }
})
