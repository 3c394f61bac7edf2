import type { Action } from '../../shared/domain/action'
import type { Draft, ToolCallTrace } from '../../shared/domain/draft'
import type { OriginalReply, ReplayAction, ReplayToolCall, ShadowDraft } from '../../shared/domain/replay'
import type { Db } from '../db/connection'
import { listActions } from '../db/repositories/actions'
import { usageForDraft } from '../db/repositories/llm-calls'
import { getDraft } from '../db/repositories/drafts'
import { sentDraftId, type ReplayTarget } from '../db/repositories/replays'
import { getMessage, listMessages } from '../db/repositories/tickets'
import { listToolCallsForDraft } from '../db/repositories/tool-calls'
import { orderIdCandidates } from '../llm/demo/intent'
import type { OrderIdRules } from '../shop/order-id-rules'

/**
 * What a reply did, read the same way for the reply that was sent (from the live database) and
 * for the new draft (from the scratch copy): the tools it called, the orders it is about, the
 * actions it proposed. The agreement measure compares these.
 */

const errorMessageOf = (result: unknown): string | null => {
  const error = (result as { error?: { message?: unknown } } | null)?.error
  return typeof error?.message === 'string' ? error.message : null
}

export const toolCallsOf = (trace: readonly ToolCallTrace[]): ReplayToolCall[] =>
  trace.map((call) => ({
    tool: call.tool,
    arguments: call.arguments,
    status: call.status,
    error: call.status === 'error' ? errorMessageOf(call.result) : null
  }))

const orderIdArgument = (args: unknown): string | null => {
  const id = (args as { order_id?: unknown } | null)?.order_id
  return typeof id === 'string' ? id : null
}

/**
 * The orders a reply is about, as canonical ids: those its tool calls looked up or acted on
 * (refused calls aside) and those its text names.
 */
export function ordersOf(
  tools: readonly ReplayToolCall[] | null,
  body: string,
  rules: OrderIdRules
): string[] {
  const typed = [
    ...(tools ?? []).filter((call) => call.status !== 'error').map((call) => orderIdArgument(call.arguments)),
    ...orderIdCandidates(body, rules)
  ]
  const ids = new Set<string>()
  for (const raw of typed) {
    if (raw === null) continue
    const normalized = rules.normalize(raw)
    if (normalized.ok) ids.add(normalized.id)
  }
  return [...ids].sort()
}

export const actionsOf = (actions: readonly Action[]): ReplayAction[] =>
  actions.map((action) => ({ kind: action.kind, orderId: action.orderId, amount: action.amount }))

/** The customer's message the reply answered: the last one before it. */
export function answeredMessageAt(db: Db, target: ReplayTarget): string | null {
  const thread = listMessages(db, target.ticketId)
  const at = thread.findIndex((m) => m.id === target.replyMessageId)
  return (
    thread
      .slice(0, at)
      .filter((m) => m.author === 'customer')
      .at(-1)?.createdAt ?? null
  )
}

/**
 * The reply that was sent and what it did. Sent from an AI draft: that draft's tool calls and
 * proposals. Written by hand: no tool calls recorded, and the actions proposed on the ticket
 * between the customer's message and the reply.
 */
export function readOriginalReply(db: Db, target: ReplayTarget, rules: OrderIdRules): OriginalReply {
  const message = getMessage(db, target.replyMessageId)
  if (!message) throw new Error(`reply ${target.replyMessageId} of ${target.ticketId} vanished`)
  const sentId =
    message.composedBy === 'person' ? undefined : sentDraftId(db, target.ticketId, message.createdAt)
  const draft = sentId ? getDraft(db, sentId) : undefined
  const ticketActions = listActions(db, { ticketId: target.ticketId })
  const since = answeredMessageAt(db, target) ?? ''
  const tools = draft ? toolCallsOf(listToolCallsForDraft(db, draft.id)) : null
  const actions = draft
    ? ticketActions.filter((a) => a.draftId === draft.id)
    : ticketActions.filter((a) => a.createdAt >= since && a.createdAt <= message.createdAt)
  return {
    messageId: message.id,
    body: message.body,
    sentAt: message.createdAt,
    composedBy: message.composedBy,
    sentBy: message.sentBy,
    draftId: draft?.id ?? null,
    providerId: draft?.provider ?? null,
    model: draft?.model ?? null,
    writtenWithoutAi: draft?.writtenWithoutAi ?? false,
    costMicroUsd: draft ? usageForDraft(db, draft.id).costMicroUsd : 0,
    tools,
    orders: ordersOf(tools, message.body, rules),
    actions: actionsOf(actions)
  }
}

/** The new draft, read from the scratch copy it was written in. */
export function readShadowDraft(scratch: Db, draft: Draft, rules: OrderIdRules): ShadowDraft {
  const tools = toolCallsOf(listToolCallsForDraft(scratch, draft.id))
  const proposed = listActions(scratch, { ticketId: draft.ticketId }).filter((a) => a.draftId === draft.id)
  return {
    draftId: draft.id,
    status: draft.status,
    body: draft.body,
    reason: draft.reason,
    providerId: draft.provider,
    model: draft.model,
    tools,
    orders: ordersOf(tools, draft.body, rules),
    actions: actionsOf(proposed)
  }
}
