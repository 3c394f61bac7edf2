import type { ActionOf } from '../../../../../shared/domain/action'
import { formatAddress } from '../../../../../shared/domain/address'
import { defineActionView } from './action-view'
import { changeDetails } from './change-view'
import { FactList } from './facts'

const addressRows = (action: ActionOf<'change_customer_address'>): [string, string][] => [
  ['Address now', action.payload.previous ? formatAddress(action.payload.previous) : 'none on record'],
  ['New address', formatAddress(action.payload.address)]
]

export const changeCustomerAddressView = defineActionView({
  label: 'Customer address',
  tone: 'info',
  heading: (action) => ({ lead: 'Default address of customer', target: action.payload.customer_id }),
  amountLabel: null,
  reason: () => null,
  note: () => null,
  Details: changeDetails<'change_customer_address'>(
    'Change the account’s default address (placed orders keep theirs)',
    addressRows
  ),
  Summary: ({ action }) => <FactList rows={addressRows(action)} />,
  records: (result) => [{ name: 'Customer', id: result.customerId, verb: `address set to ${result.address}` }]
})
