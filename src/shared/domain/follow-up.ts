import { z } from 'zod'

/**
 * A follow-up: what the team promised a customer it would do ("open a trace with the carrier"),
 * made a task with an owner and a due time, so a promise in a reply is a thing someone will do.
 */
export const FollowUpId = z.string().regex(/^FUP-[0-9a-f-]{36}$/, 'expected a follow-up id (FUP-…)')

export const FollowUp = z.object({
  id: z.string(),
  ticketId: z.string(),
  /** The draft whose reply promised it, when a draft did. */
  draftId: z.string().nullable(),
  task: z.string(),
  /** A person's name, or null: the team queue, for whoever picks it up. */
  owner: z.string().nullable(),
  dueAt: z.string(),
  /** What created it: the agent, the fallback drafter, a person, an MCP host… */
  origin: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable()
})
export type FollowUp = z.infer<typeof FollowUp>

/** The team queue, as an owner is shown. */
export const TEAM_QUEUE = 'Team queue'

export const ownerName = (followUp: Pick<FollowUp, 'owner'>): string => followUp.owner ?? TEAM_QUEUE
