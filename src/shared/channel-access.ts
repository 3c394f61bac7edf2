import type { AnonymousChannel, Channel } from './contract'
import { roleAtLeast, type Caller, type Role } from './domain/caller'

/**
 * Who may call each contract channel. The contract is the console's API: people use it (with at
 * least the role named here), and the command line on the machine that holds the database may
 * where `cli` says so. Customers, guests and MCP hosts never reach it; they have their own doors
 * (the chat and email channels, the MCP server), which scope what they see by who they are.
 *
 * The `satisfies` below makes a channel without a rule a compile error (and an `anonymous` rule on
 * any channel but the contract's AnonymousChannel ones), and
 * test/main/channel-access.test.ts walks every channel with every kind of caller.
 */
export interface AccessRule {
  /** The lowest role of a person who may call it. */
  person: Role
  /** Whether the operator's command line may call it. */
  cli: boolean
  /**
   * Open with no caller at all: only the few channels a console needs before anyone has signed in
   * (signing in, reading and accepting an invite, and a host asking who holds a token). Each checks
   * its own secret; test/main/channel-access.test.ts names them, so a new one is a deliberate edit.
   */
  anonymous?: true
}

const agents = { person: 'agent', cli: true } as const satisfies AccessRule
const leads = { person: 'lead', cli: true } as const satisfies AccessRule
const admins = { person: 'admin', cli: true } as const satisfies AccessRule
const beforeSignIn = { person: 'agent', cli: true, anonymous: true } as const satisfies AccessRule
/** What is about one's own session: the command line has none. */
const ownSession = { person: 'agent', cli: false } as const satisfies AccessRule

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
  'drafts.restore': agents,
  'drafts.history': agents,
  'drafts.reviewRewrite': agents,
  'followUps.setDone': agents,
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
  // Which notices the console shows: anyone working tickets may switch them (on a team server, their own).
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

  'auth.signIn': beforeSignIn,
  'auth.inviteInfo': beforeSignIn,
  'auth.acceptInvite': beforeSignIn,
  'auth.session': beforeSignIn,
  'auth.me': agents,
  'auth.signOut': ownSession,
  'auth.signOutEverywhere': ownSession,
  'people.list': agents,
  'people.invite': admins,
  'people.newInviteLink': admins,
  'people.update': admins,
  'people.signOut': admins,
  'team.settings.get': agents,
  'team.settings.update': admins,
  'tickets.assign': agents,
  'presence.set': ownSession,
  'presence.list': agents,
  // The desktop app answers these for its own owner before anything is forwarded (team-client/).
  'connection.get': ownSession,
  'connection.set': { person: 'admin', cli: false },

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
  'shop.import.cancel': admins,

  // A replay spends the shop's AI budget and reads any ticket: leads run the Lab. The shop's prompt
  // is what every draft is told: anyone may read it, only admins change it.
  'replay.candidates': leads,
  'replay.start': leads,
  'replay.cancel': leads,
  'replay.list': leads,
  'replay.get': leads,
  'replay.exportCsv': leads,
  'shopPrompt.get': agents,
  'shopPrompt.history': agents,
  'shopPrompt.save': admins,
  'shopPrompt.restore': admins
} as const satisfies {
  [K in Channel]: K extends AnonymousChannel
    ? AccessRule & { anonymous: true }
    : AccessRule & { anonymous?: never }
}

export type AccessRefusal = { code: 'unauthenticated' | 'not_allowed'; message: string }

/** Whether `caller` may use `channel`; the reason in words when not. Pure, so the console can hide what it would refuse. */
export function refuseCaller(channel: Channel, caller: Caller | null): AccessRefusal | null {
  const rule: AccessRule = channelAccess[channel]
  if (rule.anonymous) return null
  if (!caller) return { code: 'unauthenticated', message: 'Sign in to use Frontline.' }
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
