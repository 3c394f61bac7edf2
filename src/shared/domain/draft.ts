import { z } from 'zod'
import { Money } from './money'
import { Caller } from './caller'
import { DraftSource } from './kb'

export const DraftStatus = z.enum([
  'generating',
  'ready',
  'fallback',
  'failed',
  'interrupted',
  'sent',
  'discarded'
])
export type DraftStatus = z.infer<typeof DraftStatus>

export const ToolCallStatus = z.enum(['ok', 'error', 'proposed'])
export type ToolCallStatus = z.infer<typeof ToolCallStatus>

export const ToolCallTrace = z.object({
  id: z.number().int(),
  round: z.number().int(),
  tool: z.string(),
  origin: z.string(),
  /** On whose behalf it ran (null on rows from before callers were recorded). */
  caller: Caller.nullable(),
  arguments: z.unknown(),
  result: z.unknown(),
  status: ToolCallStatus,
  durationMs: z.number(),
  createdAt: z.string()
})
export type ToolCallTrace = z.infer<typeof ToolCallTrace>

/**
 * A decision (on an action the draft proposed) rewrote the reply: the text it replaced, kept until a
 * person accepts the new one or restores the old. `writing` while the new text is being written.
 */
export const DraftRewrite = z.object({
  revisionId: z.number().int(),
  actionId: z.string().nullable(),
  state: z.enum(['writing', 'review']),
  previousBody: z.string(),
  at: z.string(),
  /** 'model' or 'template' once written. */
  writtenBy: z.string().nullable()
})
export type DraftRewrite = z.infer<typeof DraftRewrite>

export const Draft = z.object({
  id: z.string(),
  ticketId: z.string(),
  status: DraftStatus,
  body: z.string(),
  provider: z.string(),
  model: z.string(),
  /** Why the draft is a fallback, failed or interrupted, in words a person understands. */
  reason: z.string().nullable(),
  /**
   * The fallback drafter wrote it, the AI being unavailable. Unlike the 'fallback' status, this
   * stays true once the draft is sent.
   */
  writtenWithoutAi: z.boolean(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  cost: Money,
  costMicroUsd: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sentAt: z.string().nullable(),
  /** The person who last changed its text by hand, and when: replacing or discarding it asks first. */
  editedBy: z.string().nullable(),
  editedAt: z.string().nullable(),
  /** The draft that replaced this one (Regenerate); it can be brought back. */
  replacedBy: z.string().nullable(),
  /** Why it was set aside (replaced, discarded by a person), while it is. */
  discardedReason: z.string().nullable(),
  /** A decision's rewrite waiting for a person to accept or restore it. */
  rewrite: DraftRewrite.nullable(),
  /** The text tells the customer a decision (a rewrite after one): replacing it asks first. */
  toldDecision: z.boolean()
})
export type Draft = z.infer<typeof Draft>

/** One rewrite of a draft after a decision, as the draft's history shows it. */
export const DraftRevision = z.object({
  id: z.number().int(),
  actionId: z.string().nullable(),
  bodyBefore: z.string(),
  bodyAfter: z.string().nullable(),
  writtenBy: z.string().nullable(),
  at: z.string(),
  review: z.enum(['accepted', 'restored']).nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable()
})
export type DraftRevision = z.infer<typeof DraftRevision>

/** Every draft of a ticket, newest first, the replaced and discarded ones too. */
export const DraftHistoryEntry = Draft.extend({ revisions: z.array(DraftRevision) })
export type DraftHistoryEntry = z.infer<typeof DraftHistoryEntry>

export const DraftDetail = Draft.extend({
  trace: z.array(ToolCallTrace),
  /** Help-center articles the agent looked up for this draft (search_help_center), to open and check. */
  sources: z.array(DraftSource)
})
export type DraftDetail = z.infer<typeof DraftDetail>
