import type { Action } from '../../shared/domain/action'
import { accountIdOf, actorName, type Caller } from '../../shared/domain/caller'
import { AppFailure } from '../../shared/result'

/** Who decides: the name recorded and shown, and the team account behind it (null: the desktop's owner, the CLI). */
export interface Decider {
  name: string
  id: string | null
}

/** The decider a contract call speaks for: the signed-in person, or the name the CLI's --by gives. */
export const deciderOf = (caller: Caller, claimed?: string): Decider => ({
  name: actorName(caller, claimed),
  id: accountIdOf(caller)
})

const DECIDED_AS: Record<Action['status'], string> = {
  pending_approval: 'pending',
  applied: 'approved',
  rejected: 'rejected',
  failed: 'approved (and failed to apply)'
}

/**
 * "already approved by Dana at …": whoever decides second is told the first one's outcome, not a
 * bare conflict (two people on one action get one outcome, and the other sees it).
 */
export function alreadyDecided(action: Action): AppFailure {
  const who = action.decidedBy ? ` by ${action.decidedBy}` : ''
  const when = action.decidedAt ? ` at ${action.decidedAt}` : ''
  return new AppFailure(
    'conflict',
    `Action ${action.id} was already ${DECIDED_AS[action.status]}${who}${when}.`
  )
}
