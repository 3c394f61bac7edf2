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
import { Draft, DraftDetail } from './domain/draft'
import { Action, ActionStatus, DecisionHistoryPage, DecisionHistoryQuery } from './domain/action'
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

export const AppInfo = z.object({
  version: z.string(),
  dbPath: z.string(),
  demoMode: z.boolean(),
  host: z.enum(['electron', 'web', 'in-process'])
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
        by: z.string().min(1).max(100).default('support agent')
      })
      .strict(),
    output: EmailDelivery
  }
} as const

const emailEvents = {
  'mailbox.status': MailboxStatus
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

export const channels = {
  ...emailChannels,
  ...helpDeskChannels,
  'app.info': { input: Empty, output: AppInfo },
  'tickets.list': { input: TicketListQuery, output: TicketListPage },
  'tickets.get': { input: z.object({ ticketId: TicketId }).strict(), output: TicketDetail },
  /** A reply written by hand, with no AI draft: recorded as the person's, counted as hand-written. */
  'tickets.reply': {
    input: z.object({ ticketId: TicketId, body: WrittenText('reply'), macroIds: MacroIds }).strict(),
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

  'drafts.generate': {
    input: z
      .object({
        ticketId: TicketId,
        providerId: z.string().min(1).optional(),
        model: z.string().min(1).optional()
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
        macroIds: MacroIds
      })
      .strict(),
    output: Draft
  },
  'drafts.discard': { input: z.object({ draftId: z.string().min(1) }).strict(), output: Draft },

  'actions.list': {
    input: z.object({ status: ActionStatus.optional(), ticketId: TicketId.optional() }).strict(),
    output: z.array(Action)
  },
  /** Decided actions, newest first: who decided, when and why. */
  'actions.history': { input: DecisionHistoryQuery, output: DecisionHistoryPage },
  'actions.approve': {
    input: z
      .object({ actionId: z.string().min(1), by: z.string().trim().min(1).max(100).optional() })
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
  ...shopDataEvents,
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
    caller: Caller
  ) => Promise<ChannelOutput<K>> | ChannelOutput<K>
}

/**
 * Whether the console reaches its core: 'connecting' before the first answer, 'disconnected' while
 * the host (or server) is gone and the bridge retries by itself.
 */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected'

/** What the renderer sees, whichever host it runs in. */
export interface FrontlineApi {
  invoke<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<Result<ChannelOutput<K>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /**
   * Follows the connection to the core: the listener hears the state now and each change. Absent
   * where the core cannot go away on its own (the desktop app's IPC), which counts as connected.
   */
  onConnection?(listener: (state: ConnectionState) => void): () => void
}

/** Names of the Electron IPC channels that carry the contract; one invoke channel, one event channel. */
export const IPC_INVOKE = 'frontline:invoke'
export const IPC_EVENT = 'frontline:event'
