import type { ActionOf } from '../../../../../shared/domain/action'
import { formatAddress } from '../../../../../shared/domain/address'
import { defineActionView } from './action-view'
import { changeDetails } from './change-view'
import { FactList } from './facts'

const addressRows = (action: ActionOf<'change_order_address'>): [string, string][] => [
  ['Ships to now', formatAddress(action.payload.previous)],
  ['Will ship to', formatAddress(action.payload.address)]
]

export const changeOrderAddressView = defineActionView({
  label: 'New shipping address',
  tone: 'info',
  heading: (action) => ({ lead: 'Shipping address of order', target: action.payload.order_id }),
  amountLabel: null,
  reason: () => null,
  note: () => null,
  Details: changeDetails<'change_order_address'>('Ship the order elsewhere', addressRows, (a) => ({
    status: a.eligibility.order_status,
    checkedAt: a.eligibility.checked_at
  })),
  Summary: ({ action }) => <FactList rows={addressRows(action)} />,
  records: (result) => [{ name: 'Order', id: result.orderId, verb: `now ships to ${result.shippingAddress}` }]
})
