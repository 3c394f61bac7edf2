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
  sentAt: z.string().nullable()
})
export type Draft = z.infer<typeof Draft>

export const DraftDetail = Draft.extend({
  trace: z.array(ToolCallTrace),
  /** Help-center articles the agent looked up for this draft (search_help_center), to open and check. */
  sources: z.array(DraftSource)
})
export type DraftDetail = z.infer<typeof DraftDetail>
