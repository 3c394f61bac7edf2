import { z } from 'zod'
import { Action, ActionStatus, ProposedBy } from './action'
import { Role } from './caller'
import { TicketId } from './ticket'

/**
 * Team mode: the people of a support team, how they sign in, the money each role may approve, and
 * who is looking at which ticket. A single desktop has none of this: its owner is not an account.
 */

export const PersonId = z.string().min(1).max(64)
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: 'expected an email address such as ada@shop.example' }))
export const PersonName = z.string().trim().min(1, 'enter a name').max(100)

/**
 * What a new password must be: long rather than clever (NIST SP 800-63B), and not so long that
 * hashing it becomes the attack.
 */
export const NewPassword = z
  .string()
  .min(10, 'use at least 10 characters')
  .max(200, 'use at most 200 characters')

export const PersonStatus = z.enum(['invited', 'active', 'disabled'])
export type PersonStatus = z.infer<typeof PersonStatus>

export const PersonView = z.object({
  id: PersonId,
  name: z.string(),
  email: z.string(),
  role: Role,
  status: PersonStatus,
  createdAt: z.string(),
  /** Has a console open on the team server right now. */
  online: z.boolean()
})
export type PersonView = z.infer<typeof PersonView>

/** A session's token is shown to its holder once, at sign-in; the server keeps only its hash. */
export const IssuedSession = z.object({
  id: z.string(),
  token: z.string(),
  expiresAt: z.string()
})
export type IssuedSession = z.infer<typeof IssuedSession>

export const SignedIn = z.object({ person: PersonView, session: IssuedSession })
export type SignedIn = z.infer<typeof SignedIn>

/** What a host learns from a session token: who holds it, until when. */
export const SessionHolder = z.object({
  sessionId: z.string(),
  personId: PersonId,
  name: z.string(),
  role: Role,
  expiresAt: z.string()
})
export type SessionHolder = z.infer<typeof SessionHolder>

/** Who the console is working as: a team member, or the desktop's owner (no account, no session). */
export const Me = z.object({
  personId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: Role,
  team: z.boolean(),
  sessionId: z.string().nullable(),
  sessionExpiresAt: z.string().nullable()
})
export type Me = z.infer<typeof Me>

export const Invite = z.object({
  person: PersonView,
  /** Shown once: the link's secret. */
  token: z.string(),
  /** The link to send, when the team server's address is known. */
  url: z.string().nullable(),
  expiresAt: z.string()
})
export type Invite = z.infer<typeof Invite>

export const InviteInfo = z.object({ name: z.string(), email: z.string(), role: Role, expiresAt: z.string() })
export type InviteInfo = z.infer<typeof InviteInfo>

/** Integer cents a role may approve for one action; null: no limit. */
export const MoneyCap = z.number().int().nonnegative().max(100_000_000).nullable()
/**
 * A role's caps by action kind (`return`, `refund`, …); `*` covers kinds not named. A kind with no
 * cap and no `*` falls back to the role's default (see src/main/policy/approval-caps.ts).
 */
export const RoleCaps = z.record(
  z.string().regex(/^(\*|[a-z_]{1,40})$/, 'expected an action kind or *'),
  MoneyCap
)
export type RoleCaps = z.infer<typeof RoleCaps>

/** Admins approve without a cap; agents and leads up to theirs. */
export const ApprovalCaps = z.object({ agent: RoleCaps, lead: RoleCaps })
export type ApprovalCaps = z.infer<typeof ApprovalCaps>

export const TeamSettings = z.object({
  caps: ApprovalCaps,
  /** New tickets go round-robin to the agents who have a console open. */
  autoAssign: z.boolean()
})
export type TeamSettings = z.infer<typeof TeamSettings>

export const TeamSettingsPatch = z
  .object({ caps: ApprovalCaps.optional(), autoAssign: z.boolean().optional() })
  .strict()

/** One console's place: which ticket it shows and whether its person is editing the reply. */
export const PresenceEntry = z.object({
  personId: z.string(),
  name: z.string(),
  ticketId: z.string().nullable(),
  editing: z.boolean()
})
export type PresenceEntry = z.infer<typeof PresenceEntry>

/** A console's random id for itself: a person with two windows is in two places. */
export const ViewId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8–64 letters, digits, - or _')

/** An action as the person asking sees it: with why they may not approve it, if they may not. */
export const ActionForCaller = z.intersection(Action, z.object({ approvalRefusal: z.string().nullable() }))
export type ActionForCaller = z.infer<typeof ActionForCaller>

/** Who proposed an action: a person's id, or one of the proposers that are not people. */
export const NON_PERSON_PROPOSERS = ['ai', 'mcp', 'chat', 'cli'] as const

export const ActionListQuery = z
  .object({
    status: ActionStatus.optional(),
    ticketId: TicketId.optional(),
    proposedBy: ProposedBy.optional(),
    /** The person who decided. */
    decidedBy: PersonId.optional()
  })
  .strict()
export type ActionListQuery = z.input<typeof ActionListQuery>

export const AssignInput = z
  .object({
    ticketIds: z.array(TicketId).min(1, 'choose at least one ticket').max(500),
    /** null: back to the unassigned queue. */
    assigneeId: PersonId.nullable()
  })
  .strict()

/**
 * Where a desktop console works: this computer's own database, or a team server. Only the desktop
 * app can switch (its main process keeps the choice); other hosts say where they are.
 */
export const ConnectionView = z.object({
  mode: z.enum(['local', 'team']),
  /** The team server's address, in team mode. */
  url: z.string().nullable(),
  /** This host can switch (the desktop app). */
  switchable: z.boolean(),
  /** A choice was made (the desktop's first run has not made one yet). */
  chosen: z.boolean()
})
export type ConnectionView = z.infer<typeof ConnectionView>

export const TeamServerUrl = z
  .string()
  .trim()
  .pipe(
    z.url({
      protocol: /^https?$/,
      error: 'enter the team server’s address, e.g. https://support.shop.example'
    })
  )

export const ConnectionChoice = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('local') }).strict(),
  z.object({ mode: z.literal('team'), url: TeamServerUrl }).strict()
])
export type ConnectionChoice = z.infer<typeof ConnectionChoice>
