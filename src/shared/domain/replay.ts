import { z } from 'zod'
import { DraftStatus, ToolCallStatus } from './draft'
import { Money } from './money'
import { ShopInstructions } from './shop-prompt'
import { TicketChannel, TicketId } from './ticket'

/**
 * The Lab's replays: tickets the shop already answered, drafted again in shadow mode (against a
 * scratch copy of the database: nothing is sent, no action reaches the live shop) with a model and
 * a prompt to try, each new draft set beside the reply that was sent.
 */

/** The most tickets one replay takes: a replay with a paid model is real money. */
export const MAX_REPLAY_TICKETS = 500
/** Replays draft at most this many tickets at once, so live drafting keeps most of the provider. */
export const MAX_REPLAY_CONCURRENCY = 4
export const DEFAULT_REPLAY_CONCURRENCY = 2

export const ReplayId = z.string().regex(/^RPL-[0-9a-f-]{36}$/, 'expected a replay id (RPL-…)')

const IsoDay = z.iso.date('expected a day as YYYY-MM-DD')

/** Which answered tickets: by the day the reply was sent, the channel, and how the reply was written. */
export const AnsweredTicketFilter = z
  .object({
    /** Replies sent on or after this UTC day. */
    repliedFrom: IsoDay.optional(),
    /** Replies sent on or before this UTC day. */
    repliedTo: IsoDay.optional(),
    channels: z.array(TicketChannel).max(3).optional(),
    /** 'person' includes replies from before Frontline kept how they were written. */
    composedBy: z.enum(['ai_draft', 'person']).optional()
  })
  .strict()
  .refine((f) => !f.repliedFrom || !f.repliedTo || f.repliedFrom <= f.repliedTo, {
    message: 'The first day comes after the last.',
    path: ['repliedTo']
  })
export type AnsweredTicketFilter = z.input<typeof AnsweredTicketFilter>

export const ReplayCandidatesQuery = z
  .object({
    filter: AnsweredTicketFilter.default({}),
    limit: z.number().int().min(1).max(200).default(50),
    offset: z.number().int().min(0).default(0)
  })
  .strict()
export type ReplayCandidatesQuery = z.input<typeof ReplayCandidatesQuery>

/** A ticket a replay can take: its latest reply follows a customer's message. */
export const ReplayCandidate = z.object({
  ticketId: z.string(),
  subject: z.string(),
  channel: TicketChannel,
  customerName: z.string().nullable(),
  repliedAt: z.string(),
  composedBy: z.enum(['ai_draft', 'person']).nullable(),
  /** The start of the reply that was sent. */
  replyPreview: z.string()
})
export type ReplayCandidate = z.infer<typeof ReplayCandidate>

export const ReplayCandidatePage = z.object({ candidates: z.array(ReplayCandidate), total: z.number().int() })
export type ReplayCandidatePage = z.infer<typeof ReplayCandidatePage>

const TicketCount = z.number().int().min(1).max(MAX_REPLAY_TICKETS, `at most ${MAX_REPLAY_TICKETS} tickets`)

/** Chosen one by one, the latest `limit` matching a filter, or a random sample of them. */
export const ReplaySelection = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('tickets'),
      ticketIds: z
        .array(TicketId)
        .min(1, 'choose at least one ticket')
        .max(MAX_REPLAY_TICKETS, `at most ${MAX_REPLAY_TICKETS} tickets`)
    })
    .strict(),
  z
    .object({ kind: z.literal('latest'), filter: AnsweredTicketFilter.default({}), limit: TicketCount })
    .strict(),
  z
    .object({ kind: z.literal('sample'), filter: AnsweredTicketFilter.default({}), size: TicketCount })
    .strict()
])
export type ReplaySelection = z.input<typeof ReplaySelection>

export const ReplayStartInput = z
  .object({
    selection: ReplaySelection,
    /** The model to try; the shop's default model when absent. */
    providerId: z.string().min(1).max(100).optional(),
    model: z.string().min(1).max(200).optional(),
    /** Instructions to try instead of the shop's prompt (its instructions part). */
    instructions: ShopInstructions.optional(),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(MAX_REPLAY_CONCURRENCY, `at most ${MAX_REPLAY_CONCURRENCY} at once`)
      .default(DEFAULT_REPLAY_CONCURRENCY)
  })
  .strict()
  .refine((input) => (input.providerId === undefined) === (input.model === undefined), {
    message: 'Give both providerId and model, or neither.',
    path: ['model']
  })
export type ReplayStartInput = z.input<typeof ReplayStartInput>

/**
 * preparing: copying the database; stopped: Frontline stopped it (today's budget is kept for live
 * drafting); interrupted: the process running it ended.
 */
export const ReplayStatus = z.enum([
  'preparing',
  'running',
  'done',
  'cancelled',
  'stopped',
  'failed',
  'interrupted'
])
export type ReplayStatus = z.infer<typeof ReplayStatus>

export const ReplayItemStatus = z.enum(['pending', 'done', 'failed', 'cancelled'])
export type ReplayItemStatus = z.infer<typeof ReplayItemStatus>

/** A run and its progress: what `replay.progress` events carry. */
export const ReplayRun = z.object({
  id: z.string(),
  status: ReplayStatus,
  providerId: z.string(),
  model: z.string(),
  /** The shop's default model when the run started. */
  baseline: z.object({ providerId: z.string(), model: z.string() }),
  /** The instructions differ from the shop's prompt of the time. */
  promptEdited: z.boolean(),
  concurrency: z.number().int(),
  total: z.number().int(),
  /** Items finished in any way (done, failed, cancelled). */
  finished: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  agreed: z.number().int(),
  /** What the run spent so far: every call it made, cancelled ones included. */
  spentMicroUsd: z.number().int(),
  /** While preparing: how much of the scratch copy is made, 0 to 100. */
  preparedPercent: z.number().int().min(0).max(100),
  startedBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  note: z.string().nullable()
})
export type ReplayRun = z.infer<typeof ReplayRun>

export const ReplayToolCall = z.object({
  tool: z.string(),
  arguments: z.unknown(),
  status: ToolCallStatus,
  /** The tool's refusal, when it refused. */
  error: z.string().nullable()
})
export type ReplayToolCall = z.infer<typeof ReplayToolCall>

export const ReplayAction = z.object({
  kind: z.string(),
  orderId: z.string().nullable(),
  amount: Money.nullable()
})
export type ReplayAction = z.infer<typeof ReplayAction>

/** What a reply did, as the agreement measure compares it. */
const ReplyWork = {
  /** Tools called, in order; null when nothing was recorded (a reply written by hand). */
  tools: z.array(ReplayToolCall).nullable(),
  /** The orders it is about: looked up by its tool calls or named in its text, canonical ids. */
  orders: z.array(z.string()),
  /** What it proposed for a person to approve. */
  actions: z.array(ReplayAction)
}

export const OriginalReply = z.object({
  messageId: z.number().int(),
  body: z.string(),
  sentAt: z.string(),
  composedBy: z.enum(['ai_draft', 'person']).nullable(),
  sentBy: z.string().nullable(),
  /** The AI draft it was sent from, when it was. */
  draftId: z.string().nullable(),
  providerId: z.string().nullable(),
  model: z.string().nullable(),
  writtenWithoutAi: z.boolean(),
  /** What drafting it cost (0 for a reply written by hand). */
  costMicroUsd: z.number().int(),
  ...ReplyWork
})
export type OriginalReply = z.infer<typeof OriginalReply>

export const ShadowDraft = z.object({
  /** The draft's id in the scratch copy; the ledger's lab rows carry it. */
  draftId: z.string(),
  status: DraftStatus,
  body: z.string(),
  reason: z.string().nullable(),
  providerId: z.string(),
  model: z.string(),
  ...ReplyWork
})
export type ShadowDraft = z.infer<typeof ShadowDraft>

/**
 * The agreement measure (docs/replay-lab.md): the sets of tools called, of orders concerned and of
 * actions proposed (kind and order) are compared; null where the sent reply recorded nothing to
 * compare. The new draft agrees when every compared set is the same.
 */
export const Agreement = z.object({
  tools: z.boolean().nullable(),
  orders: z.boolean(),
  actions: z.boolean(),
  agrees: z.boolean(),
  /** Compared sets that are the same, out of those compared: 0 to 1. */
  score: z.number().min(0).max(1)
})
export type Agreement = z.infer<typeof Agreement>

/** The verdict from each set's comparison (null: not compared). */
export function agreementOf(sets: { tools: boolean | null; orders: boolean; actions: boolean }): Agreement {
  const compared = [sets.tools, sets.orders, sets.actions].filter((same) => same !== null)
  const same = compared.filter(Boolean).length
  return { ...sets, agrees: same === compared.length, score: same / compared.length }
}

export const ReplayUsage = z.object({
  calls: z.number().int(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  tokensCached: z.number().int(),
  costMicroUsd: z.number().int()
})
export type ReplayUsage = z.infer<typeof ReplayUsage>

export const ReplayItem = z.object({
  position: z.number().int(),
  ticketId: z.string(),
  subject: z.string().nullable(),
  status: ReplayItemStatus,
  original: OriginalReply,
  shadow: ShadowDraft.nullable(),
  agreement: Agreement.nullable(),
  usage: ReplayUsage,
  error: z.string().nullable(),
  finishedAt: z.string().nullable()
})
export type ReplayItem = z.infer<typeof ReplayItem>

const Compared = z.object({ agreed: z.number().int(), compared: z.number().int() })

/** Per 1,000 tickets, in micro-dollars; null when nothing to reckon from. */
const PerThousand = z.number().int().nullable()

export const ReplaySummary = z.object({
  completed: z.number().int(),
  agreed: z.number().int(),
  /** agreed / completed; null before the first ticket. */
  agreementRate: z.number().nullable(),
  dimensions: z.object({ tools: Compared, orders: Compared, actions: Compared }),
  /** New drafts the fallback drafter wrote (the AI failed, or the budget was spent). */
  fallbacks: z.number().int(),
  /** Usage of the completed tickets. */
  usage: ReplayUsage,
  /** Everything the run spent, cancelled calls included. */
  spentMicroUsd: z.number().int(),
  costPerThousand: z.object({
    /** This replay's model, measured. */
    replay: PerThousand,
    /** The shop's default model: this replay's tokens at its list prices (an estimate). */
    current: PerThousand,
    /** The AI drafts that were sent for these tickets, measured from the ledger. */
    sentDrafts: PerThousand,
    sentDraftTickets: z.number().int(),
    sentDraftModels: z.array(z.string())
  })
})
export type ReplaySummary = z.infer<typeof ReplaySummary>

export const ReplayDetailQuery = z
  .object({
    replayId: ReplayId,
    limit: z.number().int().min(1).max(100).default(25),
    offset: z.number().int().min(0).default(0)
  })
  .strict()

export const ReplayDetail = z.object({
  run: ReplayRun,
  instructions: z.string(),
  summary: ReplaySummary,
  items: z.array(ReplayItem)
})
export type ReplayDetail = z.infer<typeof ReplayDetail>
