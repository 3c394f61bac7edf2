import type { Action, ActionKind } from '../../shared/domain/action'
import { AppFailure } from '../../shared/result'
import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import { durableTransaction, type Db } from '../db/connection'
import { countPendingActions, decideAction, getAction } from '../db/repositories/actions'
import { getDraft } from '../db/repositories/drafts'
import { writeAudit } from '../db/repositories/audit-log'
import { appendMessage } from '../db/repositories/tickets'
import { actionKindOf } from '../actions/action-kinds'
import type {
  ActionKindDefinition,
  AppliedByCall,
  AppliedInTransaction,
  ApplierServices,
  ApplyMode
} from '../actions/define-action-kind'
import { claimsOnOrder } from '../actions/order-holds'
import type { DraftRewrites, PendingRewrite } from './draft-rewrites'
import { createExternalCallApproval } from './external-call-approval'
import { alreadyDecided, type Decider } from './decider'

export interface ApprovalsDeps {
  db: Db
  clock: Clock
  events: CoreEvents
  /** Test seam: runs after the action is applied and before the commit, to prove a crash there applies nothing. */
  beforeCommit?: (action: Action) => void
  /** What appliers acting outside the database use (the external MCP servers). */
  services: ApplierServices
  /** The unsent reply that proposed a decided action is rewritten to tell the decision. */
  rewrites: DraftRewrites
}

export type { Decider }

export interface Approvals {
  approve(actionId: string, by: Decider): Promise<Action>
  reject(actionId: string, reason: string, by: Decider): Action
}

type Approve<M extends ApplyMode> = (
  actionId: string,
  by: Decider,
  kind: Extract<ActionKindDefinition<ActionKind>, { appliedBy: M }>
) => Promise<Action>

/**
 * A person's decision on a proposed action. Approving applies it once, by its kind's applier (found
 * by kind, see actions/action-kinds): the action id is the idempotency key of what it writes, and
 * an applier inside the database runs in one durable transaction with the decision, so a double
 * click, a retry, or a crash half-way leaves it applied exactly once.
 */
export function createApprovals(deps: ApprovalsDeps): Approvals {
  const { db, clock, events } = deps

  const load = (actionId: string): Action => {
    const action = getAction(db, actionId)
    if (!action) {
      throw new AppFailure('not_found', `No action ${actionId}`, [
        { field: 'actionId', message: 'not found' }
      ])
    }
    return action
  }

  /** Tells the console; a reply being rewritten shows so at once, and its new text when written. */
  const announce = (action: Action, rewrite?: PendingRewrite): void => {
    events.emit('actions.changed', { actionIds: [action.id], pending: countPendingActions(db) })
    if (action.ticketId) events.emit('tickets.changed', { ticketIds: [action.ticketId] })
    if (!rewrite) return
    const draft = getDraft(db, rewrite.draftId)
    if (draft) events.emit('draft.changed', draft)
    void deps.rewrites.write(rewrite)
  }

  const inTransaction: Approve<'transaction'> = async (
    actionId,
    by,
    kind: AppliedInTransaction<ActionKind>
  ) => {
    const decided = durableTransaction(db, () => {
      const action = load(actionId)
      if (action.status === 'applied') return { action, changed: false }
      if (action.status !== 'pending_approval') throw alreadyDecided(action)
      const now = clock.now().toISOString()
      const result = kind.apply(
        {
          db,
          now,
          by: by.name,
          claimsOn: (orderId) => claimsOnOrder(db, orderId, action.id),
          recordOnThread: (body) => {
            if (action.ticketId)
              appendMessage(db, {
                ticketId: action.ticketId,
                author: 'system',
                authorName: by.name,
                body,
                now
              })
          }
        },
        action
      )
      decideAction(db, {
        id: action.id,
        kind: action.kind,
        status: 'applied',
        decidedBy: by.name,
        decidedById: by.id,
        reason: null,
        result,
        now
      })
      writeAudit(db, {
        at: now,
        actor: by.name,
        actorId: by.id,
        action: 'action.approved',
        subjectType: 'action',
        subjectId: action.id,
        detail: { ...result, kind: action.kind, orderId: action.orderId, ticketId: action.ticketId }
      })
      const rewrite = deps.rewrites.begin(
        action,
        kind.decisionNote(action, { status: 'applied', result }),
        now
      )
      deps.beforeCommit?.(action)
      return { action: load(actionId), changed: true, rewrite }
    })
    if (decided.changed) announce(decided.action, decided.rewrite)
    return decided.action
  }

  const externalCall = createExternalCallApproval({ db, clock, load, announce })
  const byCall: Approve<'call'> = (actionId, by, kind: AppliedByCall<ActionKind>) =>
    externalCall(actionId, by, (action) => kind.call(action, deps.services))

  const approveBy: { [M in ApplyMode]: Approve<M> } = { transaction: inTransaction, call: byCall }

  return {
    async approve(actionId, by) {
      const kind = actionKindOf(load(actionId))
      return (approveBy[kind.appliedBy] as Approve<ApplyMode>)(actionId, by, kind as never)
    },

    reject(actionId, reason, by) {
      const decided = durableTransaction(db, () => {
        const action = load(actionId)
        if (action.status === 'rejected') return { action, changed: false }
        if (action.status !== 'pending_approval') throw alreadyDecided(action)
        if (action.decidedAt) {
          throw new AppFailure(
            'conflict',
            `Action ${actionId} is being applied and can no longer be rejected.`
          )
        }
        const now = clock.now().toISOString()
        decideAction(db, {
          id: action.id,
          kind: action.kind,
          status: 'rejected',
          decidedBy: by.name,
          decidedById: by.id,
          reason,
          result: null,
          now
        })
        writeAudit(db, {
          at: now,
          actor: by.name,
          actorId: by.id,
          action: 'action.rejected',
          subjectType: 'action',
          subjectId: action.id,
          detail: { reason, ticketId: action.ticketId }
        })
        const note = actionKindOf(action).decisionNote(action, { status: 'rejected' })
        return { action: load(actionId), changed: true, rewrite: deps.rewrites.begin(action, note, now) }
      })
      if (decided.changed) announce(decided.action, decided.rewrite)
      return decided.action
    }
  }
}
