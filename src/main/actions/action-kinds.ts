import type { Action, ActionKind } from '../../shared/domain/action'
import type { ActionKindDefinition } from './define-action-kind'
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
  external_tool: externalToolKind
}

/** The definition of an action's kind, typed for that action. */
export const actionKindOf = <A extends Action>(action: A): ActionKindDefinition<A['kind']> =>
  definitions[action.kind as ActionKind] as ActionKindDefinition<A['kind']>
