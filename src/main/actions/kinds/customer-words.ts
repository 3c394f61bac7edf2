import { formatMoney, type Money } from '../../../shared/domain/money'
import type { DecidedStatus } from '../define-action-kind'

/** What customers are told of decisions on money actions; kinds share these sentences. */

/** ` for order ORD-…`, or nothing when the action is not about an order. */
export const forOrder = (action: { orderId: string | null }): string =>
  action.orderId ? ` for order ${action.orderId}` : ''

/** The unsent reply's line when a person rejects the request: never the internal reason. */
export const rejectedRequestNote = (what: string, action: { orderId: string | null }): string =>
  `We have reviewed your ${what} request${forOrder(action)} and are not able to accept it as it stands. Reply to this message if you would like us to take another look.`

/** A return's or a refund's outcome, as a chat customer reads it. */
export function moneyOutcome(
  what: string,
  action: { orderId: string | null; amount: Money | null },
  status: DecidedStatus
): string {
  const order = forOrder(action)
  const refund = action.amount ? ` A refund of ${formatMoney(action.amount)} has been issued.` : ''
  const words: Record<DecidedStatus, string> = {
    applied: `good news: your ${what}${order} has been approved.${refund}`,
    rejected:
      `a teammate reviewed your ${what} request${order} and could not approve it as it stands. ` +
      'They will follow up here with the details.',
    failed:
      `your ${what} request${order} was approved but could not be completed just now. ` +
      'A teammate will follow up here with the details.'
  }
  return words[status]
}
