import { z } from 'zod'
import { Money } from './money'

export const ActionKind = z.enum(['return', 'refund', 'external_tool'])
export const ActionStatus = z.enum(['pending_approval', 'applied', 'rejected', 'failed'])
export type ActionStatus = z.infer<typeof ActionStatus>
export const ActionOrigin = z.enum(['agent', 'fallback', 'mcp', 'cli', 'chat'])

export const Action = z.object({
  id: z.string(),
  kind: ActionKind,
  status: ActionStatus,
  ticketId: z.string().nullable(),
  draftId: z.string().nullable(),
  orderId: z.string().nullable(),
  payload: z.unknown(),
  amount: Money.nullable(),
  eligibility: z.unknown(),
  origin: ActionOrigin,
  originDetail: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  result: z.unknown()
})
export type Action = z.infer<typeof Action>

/** What a decided action can be: approved and applied, rejected, or approved but failed to apply. */
export const DecidedStatus = z.enum(['applied', 'rejected', 'failed'])
export type DecidedStatus = z.infer<typeof DecidedStatus>

/** The decision history in Approvals: filters, and a page of it, newest first. */
export const DecisionHistoryQuery = z
  .object({
    status: z.array(DecidedStatus).optional(),
    kind: z.array(ActionKind).optional(),
    decidedBy: z.string().trim().min(1).max(100).optional(),
    /** Decided at or after this instant. */
    from: z.iso.datetime().optional(),
    /** Decided before this instant. */
    until: z.iso.datetime().optional(),
    limit: z.number().int().min(1).max(200).default(50),
    offset: z.number().int().min(0).default(0)
  })
  .strict()
export type DecisionHistoryQuery = z.input<typeof DecisionHistoryQuery>

export const DecisionHistoryPage = z.object({
  actions: z.array(Action),
  total: z.number().int(),
  /** Everyone who has decided an action, for the "decided by" filter. */
  deciders: z.array(z.string())
})
export type DecisionHistoryPage = z.infer<typeof DecisionHistoryPage>
