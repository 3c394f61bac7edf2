import { formatAddress } from '../../../shared/domain/address'
import { AppFailure } from '../../../shared/result'
import { getCustomer } from '../../db/repositories/customers'
import { setCustomerAddress } from '../../db/repositories/order-changes'
import { defineActionKind } from '../define-action-kind'
import { appliedChangeNote, changeOutcome, rejectedRequestNote } from './customer-words'

const changedWords = (action: { payload: { address: Parameters<typeof formatAddress>[0] } }) =>
  `your default address is now ${formatAddress(action.payload.address)}; orders already placed keep theirs.`

/** A customer's default address, proposed by change_customer_address. */
export const changeCustomerAddressKind = defineActionKind({
  kind: 'change_customer_address',
  appliedBy: 'transaction',
  apply(ctx, action) {
    const { payload } = action
    if (!getCustomer(ctx.db, payload.customer_id)) {
      throw new AppFailure(
        'conflict',
        `This address change can no longer be applied: customer ${payload.customer_id} is gone.`
      )
    }
    setCustomerAddress(ctx.db, payload.customer_id, payload.address)
    const address = formatAddress(payload.address)
    ctx.recordOnThread(
      `Customer ${payload.customer_id}'s default address is now ${address}, approved by ${ctx.by}.`
    )
    return { customerId: payload.customer_id, address }
  },
  decisionNote: (action, decision) =>
    decision.status === 'rejected'
      ? rejectedRequestNote('address change', action)
      : appliedChangeNote(changedWords(action)),
  outcome: (action, status) => changeOutcome('address change', action, status, changedWords(action))
})
