import { defineActionView } from './action-view'
import { changeDetails, swapRows } from './change-view'
import { FactList } from './facts'

export const exchangeView = defineActionView({
  label: 'Exchange',
  tone: 'info',
  heading: (action) => ({ lead: 'Exchange items of order', target: action.payload.order_id }),
  amountLabel: null,
  reason: () => null,
  note: () => null,
  Details: changeDetails<'exchange'>('Delivered items for other variants', swapRows, (a) => ({
    status: a.eligibility.order_status,
    checkedAt: a.eligibility.checked_at
  })),
  Summary: ({ action }) => <FactList rows={swapRows(action)} />,
  records: (result) => [{ name: 'Exchange', id: result.exchangeId, verb: 'recorded' }]
})
