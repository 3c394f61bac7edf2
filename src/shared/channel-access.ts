import type { Channel } from './contract'
import { roleAtLeast, type Caller, type Role } from './domain/caller'

/**
 * Who may call each contract channel. The contract is the console's API: people use it (with at
 * least the role named here), and the command line on the machine that holds the database may
 * where `cli` says so. Customers, guests and MCP hosts never reach it; they have their own doors
 * (the chat and email channels, the MCP server), which scope what they see by who they are.
 *
 * `satisfies Record<Channel, AccessRule>` makes a channel without a rule a compile error, and
 * test/main/channel-access.test.ts walks every channel with every kind of caller.
 */
export interface AccessRule {
  /** The lowest role of a person who may call it. */
  person: Role
  /** Whether the operator's command line may call it. */
  cli: boolean
}

const agents: AccessRule = { person: 'agent', cli: true }
const leads: AccessRule = { person: 'lead', cli: true }
const admins: AccessRule = { person: 'admin', cli: true }

export const channelAccess = {
  'app.info': agents,
  'tickets.list': agents,
  'tickets.get': agents,
  'tickets.reply': agents,
  'tickets.addNote': agents,
  'tickets.update': agents,
  'tickets.addTag': agents,
  'tickets.removeTag': agents,
  'customers.get': agents,
  'tools.list': agents,
  'tools.run': agents,

  'drafts.generate': agents,
  'drafts.forTicket': agents,
  'drafts.get': agents,
  'drafts.edit': agents,
  'drafts.send': agents,
  'drafts.discard': agents,
  'drafts.generateAll': agents,
  'drafts.cancelAll': agents,

  // Money caps by role and kind are policy's (src/main/policy), checked on the action itself.
  'actions.list': agents,
  'actions.history': agents,
  'actions.approve': agents,
  'actions.reject': agents,
  'actions.caps': agents,
  'actions.setCaps': admins,

  'costs.summary': agents,
  'costs.tickets': agents,
  'costs.exportCsv': leads,

  'status.get': agents,
  // Which notices the console shows: anyone working tickets may switch them.
  'notifications.get': agents,
  'notifications.update': agents,
  'settings.get': agents,
  'settings.update': admins,
  'settings.setApiKey': admins,

  'channel.status': agents,
  'channel.start': admins,
  'channel.stop': admins,
  'channel.settings.get': agents,
  'channel.settings.update': admins,
  'channel.keys.list': admins,
  'channel.keys.create': admins,
  'channel.keys.revoke': admins,

  'mcpServers.list': agents,
  'mcpServers.add': admins,
  'mcpServers.remove': admins,
  'mcpServers.setEnabled': admins,
  'mcpServers.reconnect': admins,

  'mailbox.get': agents,
  'mailbox.update': admins,
  'mailbox.setPassword': admins,
  'mailbox.test': admins,
  'email.thread': agents,
  'email.retry': agents,
  'email.markSent': agents,

  // Triage and SLA: everyone working tickets reads and corrects them; how they run is an admin's.
  'tickets.setTriage': agents,
  'tickets.retriage': agents,
  'triage.settings': agents,
  'triage.updateSettings': admins,
  'sla.policy': agents,
  'sla.setPolicy': admins,
  'sla.report': agents,

  // Macros are the team's shared words: agents use them, leads write them.
  'macros.list': agents,
  'macros.render': agents,
  'macros.export': agents,
  'macros.create': leads,
  'macros.update': leads,
  'macros.delete': leads,
  'macros.import': leads,

  // The help center speaks for the shop to customers (and the agent quotes it): leads write it.
  'kb.list': agents,
  'kb.get': agents,
  'kb.create': leads,
  'kb.update': leads,
  'kb.delete': leads,

  // The shop's own data replaces what the agents work on: an admin's decision.
  'shop.status': agents,
  'shop.startDemo': admins,
  'shop.upload.begin': admins,
  'shop.upload.chunk': admins,
  'shop.import.start': admins,
  'shop.import.cancel': admins
} as const satisfies Record<Channel, AccessRule>

export type AccessRefusal = { code: 'unauthenticated' | 'not_allowed'; message: string }

/** Whether `caller` may use `channel`; the reason in words when not. Pure, so the console can hide what it would refuse. */
export function refuseCaller(channel: Channel, caller: Caller | null): AccessRefusal | null {
  if (!caller) return { code: 'unauthenticated', message: 'Sign in to use Frontline.' }
  const rule: AccessRule = channelAccess[channel]
  if (caller.kind === 'person') {
    return roleAtLeast(caller.role, rule.person)
      ? null
      : {
          code: 'not_allowed',
          message: `"${channel}" needs the ${rule.person} role; you are ${caller.role}.`
        }
  }
  if (caller.kind === 'cli' && rule.cli) return null
  return { code: 'not_allowed', message: `"${channel}" is not open to ${caller.kind} callers.` }
}

export const mayCall = (channel: Channel, caller: Caller | null): boolean =>
  refuseCaller(channel, caller) === null
