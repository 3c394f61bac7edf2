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
  /** Team mode: the account that decided (null for the desktop's owner or the CLI). */
  decidedById: z.string().nullable(),
  /** Team mode: the person who proposed it by hand; null when the AI, a host or the chat did. */
  proposedById: z.string().nullable(),
  proposedByName: z.string().nullable(),
  decisionReason: z.string().nullable(),
  result: z.unknown()
})
export type Action = z.infer<typeof Action>
