import { randomUUID } from 'node:crypto'
import type { ActionKind } from '../../shared/domain/action'
import { accountOf } from '../../shared/domain/caller'
import { nowIso } from '../core/clock'
import { insertProposedAction, type ProposedAction } from '../db/repositories/actions'
import type { ToolContext } from './define-tool'

export type Proposal<K extends ActionKind> = Pick<
  ProposedAction<K>,
  'kind' | 'orderId' | 'payload' | 'eligibility' | 'amountCents' | 'currency'
>

/**
 * What a mutating tool does instead of acting: records the action it proposes, on its caller's
 * ticket and draft and with who proposed it, for a person to approve. Returns the action's id.
 */
export function proposeAction<K extends ActionKind>(ctx: ToolContext, proposal: Proposal<K>): string {
  const id = `ACT-${randomUUID()}`
  insertProposedAction(ctx.db, {
    id,
    ...proposal,
    ticketId: ctx.ticketId ?? null,
    draftId: ctx.draftId ?? null,
    origin: ctx.origin,
    originDetail: ctx.originDetail ?? null,
    createdAt: nowIso(ctx.clock),
    // A person who proposes by hand (the console's tools.run) cannot also approve above the agents' cap.
    proposer: accountOf(ctx.caller)
  })
  return id
}
