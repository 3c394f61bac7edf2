import type { ActionOf } from '../../../../../shared/domain/action'
import { reasonWords } from '../action-words'
import { defineActionView } from './action-view'
import { centsIn, EligibilityBlock, FactList } from './facts'

type GoodwillCreditAction = ActionOf<'goodwill_credit'>

function creditRows(action: GoodwillCreditAction): [string, string][] {
  const money = centsIn(action.payload.currency)
  return [
    ['Store credit before', money(action.eligibility.balance_cents)],
    ['Cap for one credit', money(action.eligibility.cap_cents)]
  ]
}

function GoodwillCreditDetails({ action }: { action: GoodwillCreditAction }) {
  const facts = action.eligibility
  return (
    <>
      <div className="action-card__block">
        <h4 className="action-card__block-title">Store credit on the customer’s account</h4>
        <p className="muted">
          No money goes back and no items are returned: the credit is for their next order.
        </p>
        <FactList
          rows={creditRows(action)}
          label="Store credit"
          className="facts facts--compact action-card__facts"
        />
      </div>
      <EligibilityBlock orderStatus={facts.order_status} checkedAt={facts.checked_at} />
    </>
  )
}

export const goodwillCreditView = defineActionView({
  label: 'Goodwill credit',
  tone: 'info',
  heading: (action) => ({ lead: 'Goodwill credit for order', target: action.payload.order_id }),
  amountLabel: 'Credit',
  reason: (action) => reasonWords(action.payload.reason),
  note: (action) => action.payload.note,
  Details: GoodwillCreditDetails,
  Summary: ({ action }) => (
    <FactList rows={[['Order status', action.eligibility.order_status], ...creditRows(action)]} />
  ),
  records: (result) => [{ name: 'Store credit', id: result.creditId, verb: 'added' }]
})
