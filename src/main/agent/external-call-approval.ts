import type { Action, ActionKind, ResultOf } from '../../shared/domain/action'
import { AppFailure } from '../../shared/result'
import type { CallOutcome } from '../actions/define-action-kind'
import type { Clock } from '../core/clock'
import { durableTransaction, type Db } from '../db/connection'
import { claimPendingAction } from '../db/repositories/action-claims'
import { decideAction } from '../db/repositories/actions'
import { writeAudit } from '../db/repositories/audit-log'
import { alreadyDecided, type Decider } from './decider'

type Outcome = CallOutcome<ResultOf<ActionKind>>

export interface ExternalCallApprovalDeps {
  db: Db
  clock: Clock
  load(actionId: string): Action
  announce(action: Action): void
}

/** Makes the stored call; a rejection counts as a failed call. */
export type MakeCall = (action: Action) => Promise<Outcome>

/**
 * A claimed call older than this was interrupted (Frontline stopped during it): it may or may not
 * have run, so it is marked failed rather than made a second time.
 */
const STALE_CLAIM_MS = 10 * 60_000

const INTERRUPTED =
  'Frontline stopped while making this call, so it may or may not have run. Check the other system before trying again.'

/**
 * Approving an action applied by a call to another system (an external MCP server's tool, see
 * actions/kinds/external-tool). The call happens outside the database, so it cannot share a
 * transaction with its record: the action is claimed first (see action-claims), the call is made
 * once outside any transaction, and its outcome is written after. Approving again while the call
 * runs waits for that same call; afterwards it answers with the decided action.
 */
export function createExternalCallApproval(deps: ExternalCallApprovalDeps) {
  const { db, clock, load, announce } = deps
  const applying = new Map<string, Promise<Action>>()

  const decide = (action: Action, by: Decider, outcome: Outcome, now: string): Action => {
    durableTransaction(db, () => {
      decideAction(db, {
        id: action.id,
        kind: action.kind,
        status: outcome.ok ? 'applied' : 'failed',
        decidedBy: by.name,
        decidedById: by.id,
        reason: outcome.ok ? null : outcome.reason,
        result: outcome.result,
        now
      })
      writeAudit(db, {
        at: now,
        actor: by.name,
        actorId: by.id,
        action: outcome.ok ? 'action.applied' : 'action.failed',
        subjectType: 'action',
        subjectId: action.id,
        detail: outcome.ok
          ? { ticketId: action.ticketId }
          : { reason: outcome.reason, ticketId: action.ticketId }
      })
    })
    const decided = load(action.id)
    announce(decided)
    return decided
  }

  /**
   * The action to call now, the answer when there is nothing to call, or a claim left by a process
   * that stopped mid-call (decided right after, in a transaction of its own: durable transactions
   * do not nest).
   */
  const claim = (
    actionId: string,
    by: Decider,
    now: string
  ): { call: Action } | { answer: Action } | { interrupted: Action } =>
    durableTransaction(db, () => {
      const action = load(actionId)
      if (action.status === 'applied') return { answer: action }
      if (action.status !== 'pending_approval') throw alreadyDecided(action)
      if (action.decidedAt && Date.parse(now) - Date.parse(action.decidedAt) > STALE_CLAIM_MS) {
        return { interrupted: action }
      }
      if (!claimPendingAction(db, { id: actionId, by: by.name, byId: by.id, now })) {
        throw new AppFailure(
          'conflict',
          `Action ${actionId} is being applied (approved by ${action.decidedBy ?? 'someone'} at ${action.decidedAt ?? 'now'}).`
        )
      }
      writeAudit(db, {
        at: now,
        actor: by.name,
        actorId: by.id,
        action: 'action.approved',
        subjectType: 'action',
        subjectId: actionId,
        detail: { kind: action.kind, payload: action.payload, ticketId: action.ticketId }
      })
      return { call: action }
    })

  return (actionId: string, by: Decider, call: MakeCall): Promise<Action> => {
    const running = applying.get(actionId)
    if (running) return running
    const now = clock.now().toISOString()
    const claimed = claim(actionId, by, now)
    if ('answer' in claimed) return Promise.resolve(claimed.answer)
    if ('interrupted' in claimed) {
      const { interrupted } = claimed
      const outcome = { ok: false as const, reason: INTERRUPTED, result: null }
      const claimant = interrupted.decidedBy
        ? { name: interrupted.decidedBy, id: interrupted.decidedById }
        : by
      return Promise.resolve(decide(interrupted, claimant, outcome, now))
    }
    const done = call(claimed.call)
      .catch((error: unknown): Outcome => ({
        ok: false,
        reason: `Frontline could not make the call: ${error instanceof Error ? error.message : String(error)}`,
        result: null
      }))
      .then((outcome) => decide(claimed.call, by, outcome, clock.now().toISOString()))
      .finally(() => applying.delete(actionId))
    applying.set(actionId, done)
    return done
  }
}
