import { z } from 'zod'
import { CustomerCard } from './customer'
import { DraftStatus } from './draft'
import { OrderSummary } from './order'
import { TicketSla } from './sla'
import { LanguageCode, TicketIntent, TicketTriage } from './triage'
import { FollowUp } from './follow-up'

export const TicketId = z.string().min(1).max(64)
export const TicketStatus = z.enum(['new', 'open', 'pending', 'on_hold', 'solved', 'closed'])
export type TicketStatus = z.infer<typeof TicketStatus>
/** What a person may set by hand: 'new' only ever means nobody has touched the ticket yet. */
export const SettableTicketStatus = TicketStatus.exclude(['new'])
export type SettableTicketStatus = z.infer<typeof SettableTicketStatus>
/** Tickets still waiting on someone: the inbox's default view leaves solved and closed ones out. */
export const UNRESOLVED_STATUSES = [
  'new',
  'open',
  'pending',
  'on_hold'
] as const satisfies readonly TicketStatus[]
export const RESOLVED_STATUSES = ['solved', 'closed'] as const satisfies readonly TicketStatus[]
export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent'])
export type TicketPriority = z.infer<typeof TicketPriority>
export const TicketChannel = z.enum(['email', 'chat', 'web'])

export const TicketSummary = z.object({
  id: z.string(),
  subject: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  status: TicketStatus,
  priority: TicketPriority,
  channel: TicketChannel,
  createdAt: z.string(),
  updatedAt: z.string(),
  lastCustomerMessageAt: z.string(),
  /** The status of the ticket's latest draft (discarded ones aside); null when it has none. */
  draftStatus: DraftStatus.nullable(),
  /** The latest draft was written without the AI (by the fallback drafter), sent or not. */
  draftWrittenWithoutAi: z.boolean(),
  /** Proposed actions (returns, refunds) of this ticket still waiting for a person. */
  pendingActions: z.number().int(),
  /** What triage read the ticket as (intent, language, summary), and who set each. */
  triage: TicketTriage,
  /** Its SLA clocks as last computed; null until the core has computed them. */
  sla: TicketSla.nullable(),
  /** Team mode: who works this ticket; null while it sits in the unassigned queue. */
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  /** Follow-ups of this ticket not yet done, and when the first of them is due. */
  openFollowUps: z.number().int(),
  followUpDueAt: z.string().nullable()
})
export type TicketSummary = z.infer<typeof TicketSummary>

export const Message = z.object({
  id: z.number().int(),
  ticketId: z.string(),
  author: z.enum(['customer', 'agent', 'system']),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
  /** An internal note: the team's only, never sent to the customer (chat, email) nor shown to them. */
  internal: z.boolean(),
  /** How a reply a person sent was written; null for other turns and for replies from before it was kept. */
  composedBy: z.enum(['ai_draft', 'person']).nullable(),
  /** The person who sent the reply or wrote the note, as recorded (see actorName). */
  sentBy: z.string().nullable()
})
export type Message = z.infer<typeof Message>

export const TicketListQuery = z.object({
  status: z.array(TicketStatus).optional(),
  /**
   * Statuses to leave out, for a view such as "everything unresolved" (the inbox's default). Kept
   * apart from `status` because the list can then walk the age index in order and stop at a page.
   */
  statusNot: z.array(TicketStatus).optional(),
  priority: z.array(TicketPriority).optional(),
  search: z.string().max(200).optional(),
  /** Latest draft status to keep ('none': no draft at all); an empty selection is no filter. */
  draftStatus: z.array(z.union([DraftStatus, z.literal('none')])).optional(),
  /** Only tickets whose latest draft was written without the AI, sent or not. */
  draftWrittenWithoutAi: z.boolean().optional(),
  /** Only tickets with a proposed action waiting for a person. */
  awaitingApproval: z.boolean().optional(),
  /** Team mode: `me` (the caller's tickets), `unassigned` (the queue), or a person's id. */
  assignee: z.union([z.literal('me'), z.literal('unassigned'), z.string().min(1).max(64)]).optional(),
  /** Only tickets with a follow-up not yet done. */
  followUpOpen: z.boolean().optional(),
  /** Triage's (or a person's) intent to keep; 'untriaged': no intent yet. */
  intent: z.array(z.union([TicketIntent, z.literal('untriaged')])).optional(),
  language: z.array(LanguageCode).max(20).optional(),
  /** Only tickets with this tag. */
  tag: z.string().trim().toLowerCase().min(1).max(40).optional(),
  /** 'due': the next SLA due time first (breached ones lead); 'intent' and 'language' group by them. */
  sort: z.enum(['age', 'priority', 'due', 'intent', 'language']).default('age'),
  limit: z.number().int().min(1).max(100_000).default(500),
  offset: z.number().int().min(0).default(0)
})
export type TicketListQuery = z.input<typeof TicketListQuery>

export const TicketListPage = z.object({ tickets: z.array(TicketSummary), total: z.number().int() })
export type TicketListPage = z.infer<typeof TicketListPage>

/** A tag is a short label, lower-case: "vip", "damaged-in-transit". */
export const TagText = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter a tag.')
  .max(40, 'A tag is at most 40 characters.')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, 'A tag holds letters, digits, spaces, - and _.')

export const TicketTag = z.object({
  tag: z.string(),
  /** A person in the console, or the triage that reads new tickets. */
  source: z.enum(['person', 'triage']),
  setBy: z.string(),
  setAt: z.string()
})
export type TicketTag = z.infer<typeof TicketTag>

/** One line of a ticket's history: the audit log's rows about it, its drafts and its actions. */
export const TicketHistoryEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.unknown())
})
export type TicketHistoryEntry = z.infer<typeof TicketHistoryEntry>

export const TicketDetail = z.object({
  ticket: TicketSummary,
  messages: z.array(Message),
  customer: CustomerCard.nullable(),
  orders: z.array(OrderSummary),
  tags: z.array(TicketTag),
  history: z.array(TicketHistoryEntry),
  /** What the team promised to do on this ticket, done or not. */
  followUps: z.array(FollowUp)
})
export type TicketDetail = z.infer<typeof TicketDetail>
