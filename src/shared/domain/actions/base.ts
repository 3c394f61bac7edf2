import { z } from 'zod'
import { Money } from '../money'

export const ActionStatus = z.enum(['pending_approval', 'applied', 'rejected', 'failed'])
export type ActionStatus = z.infer<typeof ActionStatus>

/** What proposed it: the drafting model, the fallback drafter, an MCP host, the CLI or the chat channel. */
export const ActionOrigin = z.enum(['agent', 'fallback', 'mcp', 'cli', 'chat'])
export type ActionOrigin = z.infer<typeof ActionOrigin>

/** What every action has, whatever its kind. */
const actionFields = {
  id: z.string(),
  status: ActionStatus,
  ticketId: z.string().nullable(),
  draftId: z.string().nullable(),
  orderId: z.string().nullable(),
  /** The money at stake (a refund, a credit), when there is one. */
  amount: Money.nullable(),
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
  decisionReason: z.string().nullable()
}

/**
 * One kind of action: what approving it applies (payload), the facts the proposal rested on
 * (eligibility), and what applying it produced (result; null until then, and after a rejection).
 */
export function actionSchema<K extends string, P extends z.ZodType, E extends z.ZodType, R extends z.ZodType>(
  kind: K,
  parts: { payload: P; eligibility: E; result: R }
) {
  return z.object({
    ...actionFields,
    kind: z.literal(kind),
    payload: parts.payload,
    eligibility: parts.eligibility,
    result: parts.result.nullable()
  })
}

const cents = z.number().int()
/** Integer cents, never negative. */
export const Cents = cents.nonnegative()
/** Integer cents above zero. */
export const PositiveCents = cents.positive()
