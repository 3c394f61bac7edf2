import type { ActionOf } from '../../../../../shared/domain/action'
import { reasonWords } from '../action-words'
import { defineActionView } from './action-view'
import { centsIn, EligibilityBlock, FactList } from './facts'

type RefundAction = ActionOf<'refund'>

/** The order's money when it was proposed, and what is left after this refund. */
function moneyRows(action: RefundAction): [string, string][] {
  const facts = action.eligibility
  const money = centsIn(action.payload.currency)
  return [
    ['Paid for the order', money(facts.paid_cents)],
    ['Already refunded', money(facts.refunded_cents)],
    ['Awaiting approval elsewhere', money(facts.pending_cents)],
    ['Left after this refund', money(facts.refundable_cents - action.payload.amount_cents)],
    ['Cap for one refund', money(facts.cap_cents)]
  ]
}

function RefundDetails({ action }: { action: RefundAction }) {
  const facts = action.eligibility
  return (
    <>
      <div className="action-card__block">
        <h4 className="action-card__block-title">Refund to the original payment method</h4>
        <FactList
          rows={moneyRows(action)}
          label="The order’s money"
          className="facts facts--compact action-card__facts"
        />
      </div>
      <EligibilityBlock orderStatus={facts.order_status} checkedAt={facts.checked_at} />
    </>
  )
}

export const refundView = defineActionView({
  label: 'Refund',
  tone: 'info',
  heading: (action) => ({ lead: 'Refund for order', target: action.payload.order_id }),
  amountLabel: 'Refund',
  reason: (action) => reasonWords(action.payload.reason),
  note: (action) => action.payload.note,
  Details: RefundDetails,
  Summary: ({ action }) => (
    <FactList rows={[['Order status', action.eligibility.order_status], ...moneyRows(action)]} />
  ),
  records: (result) => [{ name: 'Refund', id: result.refundId, verb: 'issued' }]
})
