import { z } from 'zod'

/**
 * Who is calling the core. Every request carries one, and every tool call the core makes on a
 * conversation's behalf carries the conversation's: a person at a console, a shop customer (or a
 * visitor without an account) in the chat or email channel, an MCP host, or the command line.
 */

/** What a person may do in a team: agents work tickets, leads approve above the agents' caps, admins manage. */
export const Role = z.enum(['agent', 'lead', 'admin'])
export type Role = z.infer<typeof Role>

const ROLE_RANK: Record<Role, number> = { agent: 1, lead: 2, admin: 3 }
export const roleAtLeast = (role: Role, minimum: Role): boolean => ROLE_RANK[role] >= ROLE_RANK[minimum]

/** The customer-facing channels a conversation arrives by. */
export const ConversationChannel = z.enum(['chat', 'email', 'web'])
export type ConversationChannel = z.infer<typeof ConversationChannel>

export const PersonCaller = z.object({
  kind: z.literal('person'),
  personId: z.string().min(1),
  name: z.string().min(1),
  role: Role,
  /** The team server's sign-in session the request came with; none for the desktop's owner. */
  sessionId: z.string().optional()
})
export type PersonCaller = z.infer<typeof PersonCaller>

export const CustomerCaller = z.object({
  kind: z.literal('customer'),
  customerId: z.string().min(1),
  via: ConversationChannel
})
export type CustomerCaller = z.infer<typeof CustomerCaller>

export const GuestCaller = z.object({
  kind: z.literal('guest'),
  via: ConversationChannel,
  /** The conversation (ticket) the guest speaks in: what they proved in it stays with it. */
  ticketId: z.string().nullable()
})
export type GuestCaller = z.infer<typeof GuestCaller>

export const Caller = z.discriminatedUnion('kind', [
  PersonCaller,
  CustomerCaller,
  GuestCaller,
  z.object({ kind: z.literal('mcp'), client: z.string() }),
  z.object({ kind: z.literal('cli') })
])
export type Caller = z.infer<typeof Caller>
export type CallerKind = Caller['kind']

/**
 * The person at a single-desktop console: the machine's owner, with every permission. Team mode
 * has no such default; each request names its signed-in person.
 */
export const LOCAL_OWNER: PersonCaller = {
  kind: 'person',
  personId: 'local',
  name: 'support agent',
  role: 'admin'
}

export const CLI_CALLER: Caller = { kind: 'cli' }

/** The team account behind a caller: a signed-in person's id; null for the desktop's owner and everyone else. */
export const accountIdOf = (caller: Caller): string | null => accountOf(caller)?.id ?? null

export function accountOf(caller: Caller): { id: string; name: string } | null {
  return caller.kind === 'person' && caller.personId !== LOCAL_OWNER.personId
    ? { id: caller.personId, name: caller.name }
    : null
}

/** A caller on the customer's side of the counter: they may see only their own data. */
export const isCustomerSide = (caller: Caller): caller is CustomerCaller | GuestCaller =>
  caller.kind === 'customer' || caller.kind === 'guest'

const DESCRIPTIONS: { [K in CallerKind]: (caller: Extract<Caller, { kind: K }>) => string } = {
  person: (c) => `${c.name} (${c.role})`,
  customer: (c) => `customer ${c.customerId} via ${c.via}`,
  guest: (c) => `guest via ${c.via}${c.ticketId ? ` on ${c.ticketId}` : ''}`,
  mcp: (c) => `MCP host ${c.client}`,
  cli: () => 'command line'
}

/** For audit rows and traces: short, and never anything secret. */
export const describeCaller = (caller: Caller): string =>
  (DESCRIPTIONS[caller.kind] as (c: Caller) => string)(caller)

/**
 * The name a decision or a sent reply is recorded under. A signed-in person is who they signed in
 * as, whatever a request claims; the desktop's owner and the command line have no account, so the
 * name they give (a CLI's --by, a single desktop's own name) stands.
 */
export function actorName(caller: Caller, claimed?: string): string {
  if (caller.kind === 'person' && caller.personId !== LOCAL_OWNER.personId) return caller.name
  return claimed ?? (caller.kind === 'person' ? caller.name : describeCaller(caller))
}

/**
 * Whom a ticket's conversation speaks for: its customer, or a guest when no account is linked.
 * The agent drafting a reply acts for them, so its tools see only what they may see.
 */
export function requesterOf(ticket: {
  id: string
  customerId: string | null
  channel: ConversationChannel
}): CustomerCaller | GuestCaller {
  return ticket.customerId
    ? { kind: 'customer', customerId: ticket.customerId, via: ticket.channel }
    : { kind: 'guest', via: ticket.channel, ticketId: ticket.id }
}
