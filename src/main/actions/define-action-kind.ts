import type { ActionKind, ActionOf, ResultOf } from '../../shared/domain/action'
import { AppFailure } from '../../shared/result'
import type { Db } from '../db/connection'
import type { McpClientManager } from '../mcp-client/manager'
import type { OrderClaims, OrderHold } from '../policy/order-claims'

/** What applying an approved action may use, inside the approval's durable transaction. */
export interface ApplyContext {
  db: Db
  /** When it is approved (ISO). */
  now: string
  /** Who approved it, as recorded. */
  by: string
  /** What the order's other actions hold (this one left out), to re-check the rules before applying. */
  claimsOn(orderId: string): OrderClaims
  /** Adds a line for the team to the action's ticket thread, when it has one. */
  recordOnThread(body: string): void
}

/** What the core lends to appliers that act outside this database. */
export interface ApplierServices {
  mcpClients: Pick<McpClientManager, 'callTool' | 'applyTimeoutMs'>
}

export type DecidedStatus = 'applied' | 'rejected' | 'failed'

export type CallOutcome<R> = { ok: true; result: R } | { ok: false; reason: string; result: R | null }

export type Decision<K extends ActionKind> =
  { status: 'applied'; result: ResultOf<K> } | { status: 'rejected' }

interface ActionKindBase<K extends ActionKind> {
  kind: K
  /** What the action holds on its order while it waits (and once applied): items, money back. */
  holds?(action: ActionOf<K>): OrderHold
  /**
   * The decision as the customer reads it: an unsent reply that proposed the action is rewritten
   * around these words (agent/draft-rewrites), so it tells the outcome; null says nothing. Never
   * the internal reason of a rejection.
   */
  decisionNote(action: ActionOf<K>, decision: Decision<K>): string | null
  /** The outcome in a chat customer's words, after "Hi Ada, ". */
  outcome(action: ActionOf<K>, status: DecidedStatus): string
}

/** Applied inside the approval's durable transaction, with its record: all of it or none of it. */
export interface AppliedInTransaction<K extends ActionKind> extends ActionKindBase<K> {
  appliedBy: 'transaction'
  /** Re-checks and applies; an AppFailure refuses and leaves the action pending. */
  apply(ctx: ApplyContext, action: ActionOf<K>): ResultOf<K>
}

/**
 * Applied by a call to another system, which cannot share a transaction with its record: the
 * approval claims the action first, makes the call once, and records its outcome after.
 */
export interface AppliedByCall<K extends ActionKind> extends ActionKindBase<K> {
  appliedBy: 'call'
  call(action: ActionOf<K>, services: ApplierServices): Promise<CallOutcome<ResultOf<K>>>
}

export type ActionKindDefinition<K extends ActionKind> = AppliedInTransaction<K> | AppliedByCall<K>
export type ApplyMode = ActionKindDefinition<ActionKind>['appliedBy']

/**
 * How one kind of action is held, applied and told: one file per kind in ./kinds, gathered in
 * ./action-kinds.ts, found there by kind.
 */
export function defineActionKind<K extends ActionKind>(
  definition: ActionKindDefinition<K>
): ActionKindDefinition<K> {
  return definition
}

type Recheck = { eligible: true } | { eligible: false; refusal: { message: string } }

/**
 * The policy's verdict at approval time must still be yes; otherwise the action is not applied,
 * stays pending, and the person reads why. Undefined: the order is gone.
 */
export function requireStillEligible<R extends Recheck>(
  what: string,
  recheck: R | undefined
): asserts recheck is Extract<R, { eligible: true }> {
  if (recheck?.eligible) return
  const why = recheck
    ? (recheck as Extract<Recheck, { eligible: false }>).refusal.message
    : 'the order is gone'
  throw new AppFailure('conflict', `This ${what} can no longer be applied: ${why}`)
}
