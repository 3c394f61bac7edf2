import { defineActionView } from './action-view'
import { changeDetails, swapRows } from './change-view'
import { FactList } from './facts'

export const changeOrderItemsView = defineActionView({
  label: 'Change of items',
  tone: 'info',
  heading: (action) => ({ lead: 'Change items of order', target: action.payload.order_id }),
  amountLabel: null,
  reason: () => null,
  note: () => null,
  Details: changeDetails<'change_order_items'>('Other variants of the same products', swapRows, (a) => ({
    status: a.eligibility.order_status,
    checkedAt: a.eligibility.checked_at
  })),
  Summary: ({ action }) => <FactList rows={swapRows(action)} />,
  records: (result) => [{ name: 'Order', id: result.orderId, verb: 'items changed' }]
})
