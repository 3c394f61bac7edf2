import { formatAddress } from '../../../shared/domain/address'
import { setOrderShippingAddress } from '../../db/repositories/order-changes'
import { assessOrderAddressChange, loadOrderForChange } from '../../policy/order-change-policy'
import { defineActionKind, requireStillEligible } from '../define-action-kind'
import { appliedChangeNote, changeOutcome, rejectedRequestNote } from './customer-words'

const changedWords = (action: {
  payload: { order_id: string; address: Parameters<typeof formatAddress>[0] }
}) => `your order ${action.payload.order_id} will now ship to ${formatAddress(action.payload.address)}.`

/** A new shipping address proposed by change_order_address. */
export const changeOrderAddressKind = defineActionKind({
  kind: 'change_order_address',
  appliedBy: 'transaction',
  apply(ctx, action) {
    const { payload } = action
    const order = loadOrderForChange(ctx.db, payload.order_id)
    const recheck = order
      ? assessOrderAddressChange(order, payload.address, ctx.claimsOn(payload.order_id))
      : undefined
    requireStillEligible('address change', recheck)
    setOrderShippingAddress(ctx.db, payload.order_id, payload.address)
    const shippingAddress = formatAddress(payload.address)
    ctx.recordOnThread(
      `Order ${payload.order_id} now ships to ${shippingAddress} (was ${formatAddress(payload.previous)}), approved by ${ctx.by}.`
    )
    return { orderId: payload.order_id, shippingAddress }
  },
  decisionNote: (action, decision) =>
    decision.status === 'rejected'
      ? rejectedRequestNote('address change', action)
      : appliedChangeNote(changedWords(action)),
  outcome: (action, status) => changeOutcome('address change', action, status, changedWords(action))
})
