import type { Db } from '../db/connection'
import { listOrderActionClaims } from '../db/repositories/actions'
import { summarizeClaims, type HeldBy, type OrderClaims } from '../policy/order-claims'
import { actionKindOf } from './action-kinds'

/**
 * What the actions of an order (awaiting a person, or applied) hold on it, each as its kind says.
 * `excludeActionId`: the action being re-checked at its approval, not counted against itself.
 */
export function claimsOnOrder(db: Db, orderId: string, excludeActionId?: string): OrderClaims {
  const holds: HeldBy[] = []
  for (const action of listOrderActionClaims(db, orderId)) {
    const hold = actionKindOf(action).holds?.(action)
    if (hold && action.status !== 'rejected' && action.status !== 'failed') {
      holds.push({ actionId: action.id, status: action.status, hold })
    }
  }
  return summarizeClaims(holds, excludeActionId)
}
