import type { Action, ActionKind } from '../../../../../shared/domain/action'
import type { ActionView, AppliedRecord } from './action-view'
import { cancelOrderView } from './CancelOrderView'
import { changeCustomerAddressView } from './ChangeCustomerAddressView'
import { changeOrderAddressView } from './ChangeOrderAddressView'
import { changeOrderItemsView } from './ChangeOrderItemsView'
import { changeOrderPaymentView } from './ChangeOrderPaymentView'
import { exchangeView } from './ExchangeView'
import { externalToolView } from './ExternalToolView'
import { goodwillCreditView } from './GoodwillCreditView'
import { refundView } from './RefundView'
import { returnView } from './ReturnView'

export type { ActionView, AppliedRecord } from './action-view'

/** Every kind's view, typed over the contract's kinds: a kind without a view is a compile error. */
const views: { [K in ActionKind]: ActionView<K> } = {
  return: returnView,
  refund: refundView,
  goodwill_credit: goodwillCreditView,
  external_tool: externalToolView,
  cancel_order: cancelOrderView,
  change_order_address: changeOrderAddressView,
  change_order_items: changeOrderItemsView,
  change_order_payment: changeOrderPaymentView,
  change_customer_address: changeCustomerAddressView,
  exchange: exchangeView
}

/** The view of an action's kind, typed for that action. */
export const viewOf = <A extends Action>(action: A): ActionView<A['kind']> =>
  views[action.kind as ActionKind] as unknown as ActionView<A['kind']>

/** What approving an action wrote, by its kind; nothing before it is applied. */
export function appliedRecordsOf(action: Action): AppliedRecord[] {
  return action.status === 'applied' && action.result ? viewOf(action).records(action.result as never) : []
}
