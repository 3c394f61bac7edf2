import type { ActionOf } from '../../../../../shared/domain/action'
import { defineActionView } from './action-view'
import { changeDetails } from './change-view'
import { centsIn, FactList } from './facts'

const refundRows = (action: ActionOf<'cancel_order'>): [string, string][] => {
  const money = centsIn(action.payload.currency)
  return action.payload.refunds.length === 0
    ? [['Refund', 'nothing was paid']]
    : action.payload.refunds.map((r): [string, string] => [`Back to ${r.label}`, money(r.amount_cents)])
}

export const cancelOrderView = defineActionView({
  label: 'Cancellation',
  tone: 'warning',
  heading: (action) => ({ lead: 'Cancel order', target: action.payload.order_id }),
  amountLabel: null,
  reason: (action) => action.payload.reason.replace(/_/g, ' '),
  note: (action) => action.payload.note,
  Details: changeDetails<'cancel_order'>('Cancel the order and refund what was paid', refundRows, (a) => ({
    status: a.eligibility.order_status,
    checkedAt: a.eligibility.checked_at
  })),
  Summary: ({ action }) => (
    <FactList rows={[['Order status', action.eligibility.order_status], ...refundRows(action)]} />
  ),
  records: () => [{ name: 'Order', id: 'status', verb: 'set to cancelled' }]
})
