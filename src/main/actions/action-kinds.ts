import type { Action, ActionKind } from '../../shared/domain/action'
import type { ActionKindDefinition } from './define-action-kind'
import { cancelOrderKind } from './kinds/cancel-order'
import { changeCustomerAddressKind } from './kinds/change-customer-address'
import { changeOrderAddressKind } from './kinds/change-order-address'
import { changeOrderItemsKind } from './kinds/change-order-items'
import { changeOrderPaymentKind } from './kinds/change-order-payment'
import { exchangeKind } from './kinds/exchange'
import { externalToolKind } from './kinds/external-tool'
import { goodwillCreditKind } from './kinds/goodwill-credit'
import { refundKind } from './kinds/refund'
import { returnKind } from './kinds/return'

/**
 * Every kind of action with how it is held, applied and told. Typed over the contract's kinds: a
 * kind in src/shared/domain/action.ts without a definition here is a compile error.
 */
const definitions: { [K in ActionKind]: ActionKindDefinition<K> } = {
  return: returnKind,
  refund: refundKind,
  goodwill_credit: goodwillCreditKind,
  external_tool: externalToolKind,
  cancel_order: cancelOrderKind,
  change_order_address: changeOrderAddressKind,
  change_order_items: changeOrderItemsKind,
  change_order_payment: changeOrderPaymentKind,
  change_customer_address: changeCustomerAddressKind,
  exchange: exchangeKind
}

/** The definition of an action's kind, typed for that action. */
export const actionKindOf = <A extends Action>(action: A): ActionKindDefinition<A['kind']> =>
  definitions[action.kind as ActionKind] as ActionKindDefinition<A['kind']>
