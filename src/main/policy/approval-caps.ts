import type { Action } from '../../shared/domain/action'
import { accountIdOf, type Caller, type Role } from '../../shared/domain/caller'
import { centsToMoney, formatMoney, moneyToCents } from '../../shared/domain/money'
import type { ApprovalCaps } from '../../shared/domain/team'

/**
 * Who may approve how much: "may this person approve this action" has its one home here, beside
 * the return and refund eligibility rules. Caps are per role and per action kind, in cents of the
 * shop's currency; admins (and the desktop's owner, and the operator's command line) have none.
 *
 * Four eyes: above the agents' cap for its kind, an action is never approved by the person who
 * proposed it by hand, whatever their role.
 */

/** Agents may approve returns up to $100, refunds up to $50 and goodwill credits up to $20; leads any amount. */
export const DEFAULT_CAPS: ApprovalCaps = {
  agent: { return: 10_000, refund: 5_000, goodwill_credit: 2_000, '*': 0 },
  lead: { '*': null }
}

/** What a role with no cap for a kind (and no `*`) may approve: agents nothing, leads anything. */
const ROLE_FALLBACK: Record<Exclude<Role, 'admin'>, number | null> = { agent: 0, lead: null }

/** The most `role` may approve for one action of `kind`, in cents; null: no limit. */
export function capFor(caps: ApprovalCaps, role: Role, kind: string): number | null {
  if (role === 'admin') return null
  const byKind = caps[role]
  const cap = Object.prototype.hasOwnProperty.call(byKind, kind) ? byKind[kind] : byKind['*']
  return cap === undefined ? ROLE_FALLBACK[role] : cap
}

/** The money an action moves, in cents; an action without an amount (an external call) moves none. */
export const actionCents = (action: Pick<Action, 'amount'>): number =>
  action.amount ? moneyToCents(action.amount.amount) : 0

const LABELS: Record<string, string> = {
  return: 'returns',
  refund: 'refunds',
  goodwill_credit: 'goodwill credits',
  external_tool: 'external calls'
}
const kindLabel = (kind: string): string => LABELS[kind] ?? `${kind.replace(/_/g, ' ')} actions`
const NEXT_ROLE: Record<Exclude<Role, 'admin'>, string> = { agent: 'a lead', lead: 'an admin' }

type Decidable = Pick<Action, 'kind' | 'amount' | 'proposedById'>

/**
 * Why `caller` may not approve `action`, in words they can act on, or null when they may.
 * Only people have caps: the CLI is the operator of the database, and customers, guests and MCP
 * hosts never reach an approval (channel-access refuses them first).
 */
export function approvalRefusal(caller: Caller, action: Decidable, caps: ApprovalCaps): string | null {
  if (caller.kind !== 'person') return null
  const cents = actionCents(action)
  const currency = action.amount?.currency ?? 'USD'
  const money = (value: number): string => formatMoney(centsToMoney(value, currency))
  const agentCap = capFor(caps, 'agent', action.kind)
  const aboveAgents = agentCap !== null && cents > agentCap
  const accountId = accountIdOf(caller)
  if (aboveAgents && accountId !== null && action.proposedById === accountId) {
    return (
      `You proposed this ${money(cents)} ${action.kind.replace(/_/g, ' ')}; above the agents' cap of ` +
      `${money(agentCap)} another person must approve it (four eyes).`
    )
  }
  if (caller.role === 'admin') return null
  const cap = capFor(caps, caller.role, action.kind)
  if (cap === null || cents <= cap) return null
  return (
    `Approving this ${money(cents)} ${action.kind.replace(/_/g, ' ')} needs ${NEXT_ROLE[caller.role]}: ` +
    `${caller.role}s may approve ${kindLabel(action.kind)} up to ${money(cap)}.`
  )
}
