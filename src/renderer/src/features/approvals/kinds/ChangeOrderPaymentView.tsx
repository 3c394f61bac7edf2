import type { ActionOf } from '../../../../../shared/domain/action'
import { defineActionView } from './action-view'
import { changeDetails } from './change-view'
import { centsIn, FactList } from './facts'

const paymentRows = (action: ActionOf<'change_order_payment'>): [string, string][] => {
  const money = centsIn(action.payload.currency)
  const balance = action.eligibility.gift_card_balance_cents
  return [
    ['Refunded to', `${action.payload.from.label} (${action.payload.from.payment_method_id})`],
    ['Charged to', `${action.payload.to.label} (${action.payload.to.payment_method_id})`],
    ['Amount', money(action.payload.amount_cents)],
    ...(balance === null ? [] : [['Gift card balance', money(balance)] as [string, string]])
  ]
}

export const changeOrderPaymentView = defineActionView({
  label: 'Payment method change',
  tone: 'info',
  heading: (action) => ({ lead: 'Payment method of order', target: action.payload.order_id }),
  amountLabel: null,
  reason: () => null,
  note: () => null,
  Details: changeDetails<'change_order_payment'>('Pay the order with another method', paymentRows, (a) => ({
    status: a.eligibility.order_status,
    checkedAt: a.eligibility.checked_at
  })),
  Summary: ({ action }) => <FactList rows={paymentRows(action)} />,
  records: (result) => [{ name: 'Order', id: result.orderId, verb: 'payment moved' }]
})
