import type { Action } from '../../shared/domain/action'
import { formatMoney } from '../../shared/domain/money'
import { AppFailure } from '../../shared/result'
import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import { durableTransaction, type Db } from '../db/connection'
import { countPendingActions, decideAction, getAction } from '../db/repositories/actions'
import { getDraft, setDraftBody } from '../db/repositories/drafts'
import { writeAudit } from '../db/repositories/audit-log'
import { applyReturn, type AppliedReturn } from '../db/repositories/returns'
import { appendMessage } from '../db/repositories/tickets'
import { assessReturn, ReturnActionPayload } from '../policy/return-policy'
import { decisionNote, withDecisionNote } from './decision-note'
import { createExternalCallApproval, type ExternalCallApplied } from './external-call-approval'
import { alreadyDecided, type Decider } from './decider'

export interface ApprovalsDeps {
  db: Db
  clock: Clock
  events: CoreEvents
  /** Test seam: runs after the return is written and before the commit, to prove a crash there applies nothing. */
  beforeCommit?: (action: Action) => void
  /** Makes the call an approved `external_tool` action stores (an external MCP server's tool). */
  externalCalls?: { apply(action: Action): Promise<ExternalCallApplied> }
}

export type { Decider }

export interface Approvals {
  approve(actionId: string, by: Decider): Promise<Action>
  reject(actionId: string, reason: string, by: Decider): Action
}

/**
 * A person's decision on a proposed action. Approving applies it once: the action id is the
 * idempotency key of the return and the refund, and the whole step is one durable transaction, so
 * a double click, a retry, or a crash half-way leaves exactly one return and one refund.
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

  const announce = (action: Action, noted?: string): void => {
    events.emit('actions.changed', { actionIds: [action.id], pending: countPendingActions(db) })
    if (action.ticketId) events.emit('tickets.changed', { ticketIds: [action.ticketId] })
    const draft = noted ? getDraft(db, noted) : undefined
    if (draft) events.emit('draft.changed', draft)
  }

  /** The unsent reply that proposed the action tells the customer the decision; returns the draft's id. */
  const noteOnDraft = (action: Action, note: string, now: string): string | undefined => {
    const draft = action.draftId ? getDraft(db, action.draftId) : undefined
    if (!draft || (draft.status !== 'ready' && draft.status !== 'fallback') || !draft.body.trim()) return
    setDraftBody(db, draft.id, withDecisionNote(draft.body, note), now)
    return draft.id
  }

  function applyReturnAction(action: Action, by: string, now: string): AppliedReturn {
    const payload = ReturnActionPayload.parse(action.payload)
    const recheck = assessReturn(
      db,
      payload.order_id,
      {
        reason: payload.reason,
        items: payload.items.map((i) => ({ itemId: i.item_id, quantity: i.quantity }))
      },
      // Eligibility as of the proposal: a person approving on day 31 honours a request made on day 29.
      new Date(action.createdAt),
      { excludeActionId: action.id }
    )
    if (!recheck?.eligible) {
      throw new AppFailure(
        'conflict',
        `This return can no longer be applied: ${recheck ? recheck.refusal.message : 'the order is gone'}`
      )
    }
    const applied = applyReturn(db, {
      actionId: action.id,
      orderId: payload.order_id,
      reason: payload.reason,
      items: payload.items.map((i) => ({ orderItemId: i.item_id, quantity: i.quantity })),
      refundCents: payload.refund.total_cents,
      currency: payload.refund.currency,
      now
    })
    if (action.ticketId) {
      appendMessage(db, {
        ticketId: action.ticketId,
        author: 'system',
        authorName: by,
        body: `Return ${applied.returnId} approved by ${by} for order ${payload.order_id}; refund of ${formatMoney(
          {
            amount: applied.refundCents / 100,
            currency: applied.currency
          }
        )} issued.`,
        now
      })
    }
    return applied
  }

  const approveExternalCall =
    deps.externalCalls && createExternalCallApproval({ db, clock, load, announce, ...deps.externalCalls })

  return {
    async approve(actionId, by) {
      if (approveExternalCall && load(actionId).kind === 'external_tool')
        return approveExternalCall(actionId, by)
      const decided = durableTransaction(db, () => {
        const action = load(actionId)
        if (action.status === 'applied') return { action, changed: false }
        if (action.status !== 'pending_approval') throw alreadyDecided(action)
        const now = clock.now().toISOString()
        if (action.kind !== 'return') {
          throw new AppFailure(
            'not_allowed',
            `Actions of kind "${action.kind}" are applied by their own handler.`
          )
        }
        const applied = applyReturnAction(action, by.name, now)
        decideAction(db, {
          id: action.id,
          status: 'applied',
          decidedBy: by.name,
          decidedById: by.id,
          reason: null,
          result: applied,
          now
        })
        writeAudit(db, {
          at: now,
          actor: by.name,
          actorId: by.id,
          action: 'action.approved',
          subjectType: 'action',
          subjectId: action.id,
          detail: { ...applied, orderId: action.orderId, ticketId: action.ticketId }
        })
        const noted = noteOnDraft(action, decisionNote(action, { kind: 'approved', ...applied }), now)
        deps.beforeCommit?.(action)
        return { action: load(actionId), changed: true, noted }
      })
      if (decided.changed) announce(decided.action, decided.noted)
      return decided.action
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
        const noted = noteOnDraft(action, decisionNote(action, { kind: 'rejected' }), now)
        return { action: load(actionId), changed: true, noted }
      })
      if (decided.changed) announce(decided.action, decided.noted)
      return decided.action
    }
  }
}
