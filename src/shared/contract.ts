import { z } from 'zod'
import type { Result } from './result'
import type { Caller } from './domain/caller'
import {
  Message,
  SettableTicketStatus,
  TagText,
  TicketDetail,
  TicketId,
  TicketListPage,
  TicketListQuery,
  TicketPriority,
  TicketSummary,
  TicketTag
} from './domain/ticket'
import { CustomerCard } from './domain/customer'
import { Draft, DraftDetail, DraftHistoryEntry } from './domain/draft'
import { FollowUp, FollowUpId } from './domain/follow-up'
import { Action, DecisionHistoryPage, DecisionHistoryQuery } from './domain/action'
import { CostSummary, TicketCostPage, TicketCostQuery } from './domain/costs'
import { Notice, NotificationSettings } from './domain/notifications'
import { BulkProgress, SettingsView, StatusView } from './domain/settings'
import { MoneyCaps } from './domain/money-caps'
import { ApiKeyText, SettingsUpdate } from './domain/llm-settings'
import {
  ChannelKeyInfo,
  ChannelKeyName,
  ChannelSettings,
  ChannelSettingsPatch,
  ChannelStatus,
  CorsOrigin,
  CreatedChannelKey
} from './domain/channel'
import { McpServerAddInput, McpServerId, McpServerView } from './domain/mcp-server'
import {
  EmailDelivery,
  EmailMessageInfo,
  MailboxSettingsPatch,
  MailboxStatus,
  MailboxTestResult,
  MailboxView
} from './domain/mailbox'
import {
  ActionForCaller,
  ActionListQuery,
  AssignInput,
  Me,
  NewPassword,
  PersonId,
  PersonName,
  PersonView,
  PresenceEntry,
  SessionHolder,
  SignedIn,
  Invite,
  InviteInfo,
  TeamSettings,
  TeamSettingsPatch,
  ViewId,
  Email,
  ConnectionChoice,
  ConnectionView
} from './domain/team'
import { Role } from './domain/caller'
import {
  ImportPlatform,
  ImportProgress,
  MAX_FILES_PER_IMPORT,
  MAX_UPLOAD_BYTES,
  ShopStatus,
  UPLOAD_CHUNK_BYTES,
  UploadReceived,
  UploadStarted
} from './domain/shop'
import { LanguageCode, TicketIntent, TriageSettings } from './domain/triage'
import { SlaPolicy, SupportReport } from './domain/sla'
import { Macro, MacroId, MacroInput, RenderedMacro } from './domain/macro'
import { Article, ArticleId, ArticleInput, ArticleListQuery, ArticleSummary } from './domain/kb'
import {
  ReplayCandidatePage,
  ReplayCandidatesQuery,
  ReplayDetail,
  ReplayDetailQuery,
  ReplayId,
  ReplayRun,
  ReplayStartInput
} from './domain/replay'
import { ShopInstructions, ShopPromptHistory, ShopPromptVersion, ShopPromptView } from './domain/shop-prompt'

/**
 * The one contract between the renderer and the core. Every request channel has a zod input and
 * output schema; every push event has a payload schema. Hosts (Electron preload, web host) and the
 * core derive everything from these two maps, so a channel name is never written anywhere else.
 */
const Empty = z.object({}).strict()

/** What a person writes to the customer or to the team: never empty, at most 20,000 characters. */
const WrittenText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Write the ${what} first.`)
    .max(20_000, `The ${what} is too long: at most 20,000 characters.`)

/**
 * Replacing or discarding a draft a person edited (or one telling the customer a decision) sets
 * their text aside: the core asks for this flag, so no click loses it unawares.
 */
const ConfirmEdited = z
  .boolean()
  .optional()
  .describe('true: replace or discard the draft even though a person edited it')

export const AppInfo = z.object({
  version: z.string(),
  dbPath: z.string(),
  demoMode: z.boolean(),
  host: z.enum(['electron', 'web', 'in-process', 'team'])
})
export type AppInfo = z.infer<typeof AppInfo>

export const ToolInfo = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  readOnly: z.boolean(),
  inputSchema: z.record(z.string(), z.unknown())
})
export type ToolInfo = z.infer<typeof ToolInfo>

export const ToolRunOutput = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      suggestions: z.array(z.string()).optional()
    })
  })
])

/** The email channel: the shop's mailbox in Settings, and the emails of a ticket's thread. */
const emailChannels = {
  'mailbox.get': { input: Empty, output: MailboxView },
  'mailbox.update': { input: MailboxSettingsPatch, output: MailboxView },
  /** The password is written to the key store and never read back: the view says only whether one is set. */
  'mailbox.setPassword': {
    input: z
      .object({
        server: z.enum(['imap', 'smtp']).default('imap'),
        password: z.string().min(1, 'enter the password').max(1000)
      })
      .strict(),
    output: MailboxView
  },
  'mailbox.test': { input: Empty, output: MailboxTestResult },
  'email.thread': { input: z.object({ ticketId: TicketId }).strict(), output: z.array(EmailMessageInfo) },
  /** Sends a failed (or unconfirmed) reply again, with the same Message-ID. */
  'email.retry': {
    input: z.object({ messageId: z.number().int().positive() }).strict(),
    output: EmailDelivery
  },
  /** A person checked the mailbox's Sent folder: the unconfirmed reply did leave. */
  'email.markSent': {
    input: z
      .object({
        messageId: z.number().int().positive(),
        /** Who checked, for the desktop's owner and the CLI; a signed-in person is recorded as themselves. */
        by: z.string().trim().min(1).max(100).optional()
      })
      .strict(),
    output: EmailDelivery
  }
} as const

const emailEvents = {
  'mailbox.status': MailboxStatus
} as const

/**
 * Team mode: signing in, the team's people, its settings (money caps, auto-assignment), assignment
 * and presence. The four `auth.*` channels a console uses before anyone has signed in are the only
 * ones open without a caller (see channel-access.ts).
 */
const SessionToken = z.string().min(16).max(200)
const teamChannels = {
  'auth.signIn': {
    input: z
      .object({
        email: Email,
        password: z.string().min(1, 'enter your password').max(200),
        client: z.string().trim().max(200).default('')
      })
      .strict(),
    output: SignedIn
  },
  'auth.inviteInfo': { input: z.object({ token: SessionToken }).strict(), output: InviteInfo },
  'auth.acceptInvite': {
    input: z
      .object({ token: SessionToken, password: NewPassword, client: z.string().trim().max(200).default('') })
      .strict(),
    output: SignedIn
  },
  /** For hosts: who holds a session token (the team server asks once per connection). */
  'auth.session': { input: z.object({ token: SessionToken }).strict(), output: SessionHolder },
  'auth.me': { input: Empty, output: Me },
  'auth.signOut': { input: Empty, output: z.object({ sessionsEnded: z.number().int() }) },
  'auth.signOutEverywhere': { input: Empty, output: z.object({ sessionsEnded: z.number().int() }) },

  'people.list': { input: Empty, output: z.array(PersonView) },
  'people.invite': {
    input: z.object({ name: PersonName, email: Email, role: Role }).strict(),
    output: Invite
  },
  /** A new link for someone who has not set a password yet, or has forgotten theirs (their sessions end). */
  'people.newInviteLink': { input: z.object({ personId: PersonId }).strict(), output: Invite },
  'people.update': {
    input: z
      .object({
        personId: PersonId,
        name: PersonName.optional(),
        role: Role.optional(),
        disabled: z.boolean().optional()
      })
      .strict(),
    output: PersonView
  },
  'people.signOut': {
    input: z.object({ personId: PersonId }).strict(),
    output: z.object({ sessionsEnded: z.number().int() })
  },

  'team.settings.get': { input: Empty, output: TeamSettings },
  'team.settings.update': { input: TeamSettingsPatch, output: TeamSettings },

  'tickets.assign': { input: AssignInput, output: z.object({ ticketIds: z.array(z.string()) }) },
  /** Where this console is: the ticket it shows (null: none) and whether its person is editing the reply. */
  'presence.set': {
    input: z.object({ viewId: ViewId, ticketId: TicketId.nullable(), editing: z.boolean() }).strict(),
    output: z.object({ entries: z.array(PresenceEntry) })
  },
  'presence.list': { input: Empty, output: z.object({ entries: z.array(PresenceEntry) }) },

  /** Where this console works (the desktop app answers these itself, before any core or server). */
  'connection.get': { input: Empty, output: ConnectionView },
  'connection.set': { input: ConnectionChoice, output: ConnectionView }
} as const

const teamEvents = {
  /** Everyone's place, whole: a console replaces what it had. */
  'presence.changed': z.object({ entries: z.array(PresenceEntry) }),
  /** Sessions that ended (signed out, revoked, expired, the person disabled): their consoles sign in again. */
  'session.ended': z.object({ sessionIds: z.array(z.string()), reason: z.string() }),
  /** People added or changed (a role, a name, disabled): hosts look again at who their connections are. */
  'people.changed': z.object({ personIds: z.array(z.string()) })
} as const

// ── Shop data: the first-run choice (demo shop or import) and imports from the console ──────────
// A file reaches the core in bounded chunks (upload.begin, upload.chunk…), then import.start reads
// the uploads; progress is pushed as `shop.import.progress` events.

const UploadId = z.string().regex(/^UPL-[0-9a-f-]{36}$/, 'expected an upload id from shop.upload.begin')

const shopDataChannels = {
  'shop.status': { input: Empty, output: ShopStatus },
  /** The first-run choice "Start with the demo shop": refused once the shop holds anything. */
  'shop.startDemo': { input: Empty, output: ShopStatus },
  'shop.upload.begin': {
    input: z
      .object({
        name: z.string().trim().min(1).max(200),
        size: z.number().int().min(0).max(MAX_UPLOAD_BYTES, 'the file is too large to import')
      })
      .strict(),
    output: UploadStarted
  },
  'shop.upload.chunk': {
    input: z
      .object({
        uploadId: UploadId,
        offset: z.number().int().min(0),
        data: z
          .base64()
          .max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4, `at most ${UPLOAD_CHUNK_BYTES} bytes a chunk`)
      })
      .strict(),
    output: UploadReceived
  },
  'shop.import.start': {
    input: z
      .object({
        platform: ImportPlatform,
        uploadIds: z.array(UploadId).min(1, 'choose at least one file').max(MAX_FILES_PER_IMPORT),
        currency: z
          .string()
          .trim()
          .regex(/^[A-Za-z]{3}$/, 'expected a three-letter currency code such as USD')
          .optional()
      })
      .strict(),
    output: ImportProgress
  },
  'shop.import.cancel': { input: z.object({ jobId: z.string().min(1) }).strict(), output: ImportProgress }
} as const

const shopDataEvents = {
  /** A running import's progress (a few times a second) and its end. */
  'shop.import.progress': ImportProgress
} as const

// ── Help desk: triage, SLA, macros and the help center ─────────────────────────────────────────

/** Macros inserted in a reply: what they also do (tags, status) is applied with it. */
const MacroIds = z.array(MacroId).max(10, 'At most 10 macros in one reply.').optional()

const helpDeskChannels = {
  /** A person's reading of the ticket wins over triage's, now and when triage runs again. */
  'tickets.setTriage': {
    input: z
      .object({ ticketId: TicketId, intent: TicketIntent.optional(), language: LanguageCode.optional() })
      .strict()
      .refine((patch) => patch.intent !== undefined || patch.language !== undefined, {
        message: 'Say what to change: intent or language.',
        path: ['intent']
      }),
    output: TicketSummary
  },
  /** Triage reads the ticket again (the tags it set go; what people set stays). */
  'tickets.retriage': { input: z.object({ ticketId: TicketId }).strict(), output: TicketSummary },
  'triage.settings': { input: Empty, output: TriageSettings },
  'triage.updateSettings': {
    input: TriageSettings.partial()
      .strict()
      .refine((patch) => Object.keys(patch).length > 0, 'give mode or model'),
    output: TriageSettings
  },

  'sla.policy': { input: Empty, output: SlaPolicy },
  'sla.setPolicy': { input: SlaPolicy, output: SlaPolicy },
  /** Response times, breaches per day, AI-drafted vs hand-written replies and the fallback share. */
  'sla.report': {
    input: z.object({ days: z.number().int().min(1).max(90).default(14) }).strict(),
    output: SupportReport
  },

  'macros.list': { input: Empty, output: z.array(Macro) },
  'macros.create': { input: MacroInput, output: Macro },
  'macros.update': { input: z.object({ id: MacroId, macro: MacroInput }).strict(), output: Macro },
  'macros.delete': { input: z.object({ id: MacroId }).strict(), output: z.array(Macro) },
  /** The macro's text for a ticket, its variables filled from the ticket's data. */
  'macros.render': {
    input: z.object({ macroId: MacroId, ticketId: TicketId }).strict(),
    output: RenderedMacro
  },
  'macros.export': { input: Empty, output: z.object({ filename: z.string(), json: z.string() }) },
  'macros.import': {
    input: z
      .object({ text: z.string().min(1, 'Choose a file.').max(2_000_000, 'The file is too large.') })
      .strict(),
    output: z.object({ created: z.number().int(), updated: z.number().int() })
  },

  'kb.list': { input: ArticleListQuery, output: z.array(ArticleSummary) },
  'kb.get': { input: z.object({ articleId: ArticleId }).strict(), output: Article },
  'kb.create': { input: ArticleInput, output: Article },
  'kb.update': { input: z.object({ articleId: ArticleId, article: ArticleInput }).strict(), output: Article },
  'kb.delete': {
    input: z.object({ articleId: ArticleId }).strict(),
    output: z.object({ articleId: z.string() })
  }
} as const

// ── The Lab: replays of answered tickets in shadow mode, and the shop's prompt with its history ──
// A replay's progress is pushed as `replay.progress` events; see src/main/replay.

const labChannels = {
  /** Tickets a replay can take (answered), newest reply first. */
  'replay.candidates': { input: ReplayCandidatesQuery, output: ReplayCandidatePage },
  'replay.start': { input: ReplayStartInput, output: ReplayRun },
  'replay.cancel': { input: z.object({ replayId: ReplayId }).strict(), output: ReplayRun },
  'replay.list': {
    input: z.object({ limit: z.number().int().min(1).max(100).default(20) }).strict(),
    output: z.array(ReplayRun)
  },
  /** A run, its summary, and a page of its tickets side by side. */
  'replay.get': { input: ReplayDetailQuery, output: ReplayDetail },
  'replay.exportCsv': {
    input: z.object({ replayId: ReplayId }).strict(),
    output: z.object({ filename: z.string(), csv: z.string() })
  },
  'shopPrompt.get': { input: Empty, output: ShopPromptView },
  'shopPrompt.history': {
    input: z
      .object({
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0)
      })
      .strict(),
    output: ShopPromptHistory
  },
  /** Saves instructions as the shop's prompt: written here, or those a replay drafted with (`replayId`). */
  'shopPrompt.save': {
    input: z
      .object({
        instructions: ShopInstructions.optional(),
        replayId: ReplayId.optional(),
        note: z.string().trim().max(500, 'The note is too long: at most 500 characters.').optional()
      })
      .strict()
      .refine((input) => (input.instructions === undefined) !== (input.replayId === undefined), {
        message: 'Give the instructions, or the replay they come from (one of the two).',
        path: ['instructions']
      }),
    output: ShopPromptVersion
  },
  'shopPrompt.restore': {
    input: z.object({ versionId: z.number().int().positive() }).strict(),
    output: ShopPromptVersion
  }
} as const

const labEvents = {
  'replay.progress': ReplayRun
} as const

export const channels = {
  ...emailChannels,
  ...helpDeskChannels,
  ...labChannels,
  ...teamChannels,
  'app.info': { input: Empty, output: AppInfo },
  'tickets.list': { input: TicketListQuery, output: TicketListPage },
  'tickets.get': { input: z.object({ ticketId: TicketId }).strict(), output: TicketDetail },
  /** A reply written by hand, with no AI draft: recorded as the person's, counted as hand-written. */
  'tickets.reply': {
    input: z
      .object({
        ticketId: TicketId,
        body: WrittenText('reply'),
        macroIds: MacroIds,
        /** As for drafts.send: a reply someone else sent after this message is asked about first. */
        seenMessageId: z.number().int().nonnegative().optional(),
        sendAnyway: z.boolean().optional()
      })
      .strict(),
    output: Message
  },
  /** An internal note: the team's only, never sent to the customer. */
  'tickets.addNote': {
    input: z.object({ ticketId: TicketId, body: WrittenText('note') }).strict(),
    output: Message
  },
  'tickets.update': {
    input: z
      .object({
        ticketId: TicketId,
        status: SettableTicketStatus.optional(),
        priority: TicketPriority.optional()
      })
      .strict()
      .refine((patch) => patch.status !== undefined || patch.priority !== undefined, {
        message: 'Say what to change: status or priority.',
        path: ['status']
      }),
    output: TicketSummary
  },
  'tickets.addTag': {
    input: z.object({ ticketId: TicketId, tag: TagText }).strict(),
    output: z.array(TicketTag)
  },
  'tickets.removeTag': {
    input: z.object({ ticketId: TicketId, tag: TagText }).strict(),
    output: z.array(TicketTag)
  },
  'customers.get': { input: z.object({ customerId: z.string().min(1) }).strict(), output: CustomerCard },
  'tools.list': { input: Empty, output: z.array(ToolInfo) },
  'tools.run': {
    input: z
      .object({ name: z.string().min(1), arguments: z.unknown(), ticketId: TicketId.optional() })
      .strict(),
    output: ToolRunOutput
  },

  /** A new draft replaces the ticket's unsent one, which a person edited only with confirmEdited. */
  'drafts.generate': {
    input: z
      .object({
        ticketId: TicketId,
        providerId: z.string().min(1).optional(),
        model: z.string().min(1).optional(),
        confirmEdited: ConfirmEdited
      })
      .strict(),
    output: Draft
  },
  'drafts.forTicket': { input: z.object({ ticketId: TicketId }).strict(), output: DraftDetail.nullable() },
  'drafts.get': { input: z.object({ draftId: z.string().min(1) }).strict(), output: DraftDetail },
  'drafts.edit': {
    input: z.object({ draftId: z.string().min(1), body: z.string().max(20_000) }).strict(),
    output: Draft
  },
  'drafts.send': {
    input: z
      .object({
        draftId: z.string().min(1),
        body: z.string().min(1).max(20_000).optional(),
        macroIds: MacroIds,
        /**
         * The latest message of the thread the sender had seen. When someone else replied after it,
         * the send is refused (conflict on this field) unless `sendAnyway`.
         */
        seenMessageId: z.number().int().nonnegative().optional(),
        sendAnyway: z.boolean().optional()
      })
      .strict(),
    output: Draft
  },
  'drafts.discard': {
    input: z.object({ draftId: z.string().min(1), confirmEdited: ConfirmEdited }).strict(),
    output: Draft
  },
  /** Brings a replaced or discarded draft back as the live one (undo); newer unsent drafts are set aside. */
  'drafts.restore': {
    input: z.object({ draftId: z.string().min(1), confirmEdited: ConfirmEdited }).strict(),
    output: Draft
  },
  /** Every draft of the ticket, newest first, replaced and discarded ones too, with their rewrites. */
  'drafts.history': { input: z.object({ ticketId: TicketId }).strict(), output: z.array(DraftHistoryEntry) },
  /** A person's answer to the reply rewritten after a decision: keep the new text, or restore the old. */
  'drafts.reviewRewrite': {
    input: z.object({ draftId: z.string().min(1), choice: z.enum(['accept', 'restore']) }).strict(),
    output: Draft
  },
  /** A follow-up done (or not done after all), by the person saying so. */
  'followUps.setDone': {
    input: z.object({ followUpId: FollowUpId, done: z.boolean() }).strict(),
    output: FollowUp
  },

  'actions.list': { input: ActionListQuery, output: z.array(ActionForCaller) },
  /** Decided actions, newest first: who decided, when and why. */
  'actions.history': { input: DecisionHistoryQuery, output: DecisionHistoryPage },
  'actions.approve': {
    input: z
      .object({
        actionId: z.string().min(1),
        /** Who decided, for the desktop's owner and the CLI; a signed-in person is recorded as themselves. */
        by: z.string().trim().min(1).max(100).optional()
      })
      .strict(),
    output: Action
  },
  'actions.reject': {
    input: z
      .object({
        actionId: z.string().min(1),
        reason: z.string().trim().min(1, 'say why the action is rejected').max(1000),
        by: z.string().trim().min(1).max(100).optional()
      })
      .strict(),
    output: Action
  },
  /** The most one proposed refund or goodwill credit may be (policy refuses proposals above). */
  'actions.caps': { input: Empty, output: MoneyCaps },
  'actions.setCaps': {
    input: MoneyCaps.partial()
      .strict()
      .refine((caps) => Object.keys(caps).length > 0, 'give refundCents or goodwillCreditCents'),
    output: MoneyCaps
  },

  'drafts.generateAll': {
    input: z
      .object({ providerId: z.string().min(1).optional(), model: z.string().min(1).optional() })
      .strict(),
    output: BulkProgress
  },
  'drafts.cancelAll': { input: z.object({ jobId: z.string().min(1) }).strict(), output: BulkProgress },

  'costs.summary': { input: Empty, output: CostSummary },
  'costs.tickets': { input: TicketCostQuery, output: TicketCostPage },
  'costs.exportCsv': {
    input: z.object({ days: z.number().int().min(1).max(366).default(30) }).strict(),
    output: z.object({ filename: z.string(), csv: z.string() })
  },

  'status.get': { input: Empty, output: StatusView },
  'notifications.get': { input: Empty, output: NotificationSettings },
  'notifications.update': { input: NotificationSettings.partial().strict(), output: NotificationSettings },
  'settings.get': { input: Empty, output: SettingsView },
  'settings.update': {
    input: SettingsUpdate,
    output: SettingsView
  },
  'settings.setApiKey': {
    input: z.object({ providerId: z.string().min(1), apiKey: ApiKeyText }).strict(),
    output: z.object({ providerId: z.string(), keySet: z.boolean(), keyNeeded: z.string().nullable() })
  },

  'channel.status': { input: Empty, output: ChannelStatus },
  'channel.start': {
    input: z
      .object({
        host: z.string().trim().min(1).max(255).optional(),
        port: z.number().int().min(0).max(65_535).optional(),
        corsOrigins: z.array(CorsOrigin).max(50).optional()
      })
      .strict(),
    output: ChannelStatus
  },
  'channel.stop': { input: Empty, output: ChannelStatus },
  'channel.settings.get': { input: Empty, output: ChannelSettings },
  'channel.settings.update': { input: ChannelSettingsPatch, output: ChannelSettings },
  'channel.keys.list': { input: Empty, output: z.array(ChannelKeyInfo) },
  'channel.keys.create': { input: z.object({ name: ChannelKeyName }).strict(), output: CreatedChannelKey },
  'channel.keys.revoke': { input: z.object({ keyId: z.string().min(1) }).strict(), output: ChannelKeyInfo },

  /** External MCP servers whose tools the agent may use (Settings). */
  'mcpServers.list': { input: Empty, output: z.array(McpServerView) },
  'mcpServers.add': { input: McpServerAddInput, output: McpServerView },
  'mcpServers.remove': { input: z.object({ id: McpServerId }).strict(), output: z.array(McpServerView) },
  'mcpServers.setEnabled': {
    input: z.object({ id: McpServerId, enabled: z.boolean() }).strict(),
    output: McpServerView
  },
  'mcpServers.reconnect': { input: z.object({ id: McpServerId }).strict(), output: McpServerView },
  ...shopDataChannels
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>

export const ProviderHealth = z.object({
  providerId: z.string(),
  state: z.enum(['closed', 'open', 'half_open']),
  consecutiveFailures: z.number().int(),
  /** When an open breaker will let a probe through. */
  retryAt: z.string().nullable(),
  lastError: z.string().nullable()
})
export type ProviderHealth = z.infer<typeof ProviderHealth>

export const events = {
  'tickets.changed': z.object({ ticketIds: z.array(z.string()) }),
  /** Streamed draft text, batched: never one event per token. */
  'draft.tokens': z.object({ draftId: z.string(), ticketId: z.string(), text: z.string() }),
  'draft.changed': Draft,
  'actions.changed': z.object({ actionIds: z.array(z.string()), pending: z.number().int() }),
  'costs.changed': z.object({ todayMicroUsd: z.number().int() }),
  'provider.health': ProviderHealth,
  'bulk.progress': BulkProgress,
  'channel.status': ChannelStatus,
  /** Any change of the external MCP servers: configuration, connection state or tools. */
  'mcpServers.changed': z.object({ servers: z.array(McpServerView) }),
  ...emailEvents,
  ...teamEvents,
  ...shopDataEvents,
  ...labEvents,
  /** Something a person should hear about while looking elsewhere (only kinds switched on in Settings). */
  notification: Notice
} as const satisfies Record<string, z.ZodType>

export type Channels = typeof channels
export type Channel = keyof Channels
export type Events = typeof events
export type EventName = keyof Events

export type ChannelInput<K extends Channel> = z.input<Channels[K]['input']>
export type ChannelParsedInput<K extends Channel> = z.output<Channels[K]['input']>
export type ChannelOutput<K extends Channel> = z.output<Channels[K]['output']>
export type EventPayload<E extends EventName> = z.output<Events[E]>

export const channelNames = Object.keys(channels) as Channel[]
export const eventNames = Object.keys(events) as EventName[]
export const isChannel = (name: unknown): name is Channel =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name)
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)

/**
 * What the core implements: one handler per channel, given the validated input and who called
 * (the dispatcher has already checked the caller may use the channel). `satisfies Handlers` makes
 * a missing one a compile error.
 */
export type Handlers = {
  [K in Channel]: (
    input: ChannelParsedInput<K>,
    caller: CallerOf<K>
  ) => Promise<ChannelOutput<K>> | ChannelOutput<K>
}

/** The channels open before sign-in (channel-access.ts marks exactly these `anonymous`): no caller, or any. */
export type AnonymousChannel = 'auth.signIn' | 'auth.inviteInfo' | 'auth.acceptInvite' | 'auth.session'
export type CallerOf<K extends Channel> = K extends AnonymousChannel ? Caller | null : Caller

/**
 * Whether the console reaches its core: 'connecting' before the first answer, 'disconnected' while
 * the host (or server) is gone and the bridge retries by itself.
 */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected'

/** What the renderer sees, whichever host it runs in. */
export interface FrontlineApi {
  invoke<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /** Lets go of the connection (a browser signing in again opens a new one); absent where there is none. */
  close?(): void
  /**
   * Follows the connection to the core: the listener hears the state now and each change. Absent
   * where the core cannot go away on its own (the desktop app's IPC), which counts as connected.
   */
  onConnection?(listener: (state: ConnectionState) => void): () => void
}

/** Names of the Electron IPC channels that carry the contract; one invoke channel, one event channel. */
export const IPC_INVOKE = 'frontline:invoke'
export const IPC_EVENT = 'frontline:event'
