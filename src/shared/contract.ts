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

export const channels = {
  'app.info': { input: Empty, output: AppInfo },
  'tickets.list': { input: TicketListQuery, output: TicketListPage },
  'tickets.get': { input: z.object({ ticketId: TicketId }).strict(), output: TicketDetail },
  /** A reply written by hand, with no AI draft: recorded as the person's, counted as hand-written. */
  'tickets.reply': {
    input: z.object({ ticketId: TicketId, body: WrittenText('reply') }).strict(),
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
    input: z.object({ draftId: z.string().min(1), body: z.string().min(1).max(20_000).optional() }).strict(),
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
    input: z
      .object({
        defaultModel: z.object({ providerId: z.string().min(1), model: z.string().min(1) }).optional(),
        dailyBudgetUsd: z.number().nonnegative().max(1_000_000).nullable().optional(),
        provider: z
          .object({
            id: z.string().min(1),
            baseURL: z.string().url().optional(),
            models: z
              .array(
                z.object({
                  id: z.string().min(1),
                  inputPerMTok: z.number().nonnegative(),
                  outputPerMTok: z.number().nonnegative(),
                  cachedInputPerMTok: z.number().nonnegative().optional()
                })
              )
              .min(1)
              .optional(),
            rateLimits: z
              .object({
                requestsPerMinute: z.number().int().positive(),
                tokensPerMinute: z.number().int().positive(),
                maxInFlight: z.number().int().positive()
              })
              .optional()
          })
          .strict()
          .optional()
      })
      .strict(),
    output: SettingsView
  },
  'settings.setApiKey': {
    input: z.object({ providerId: z.string().min(1), apiKey: z.string().trim().min(8).max(500) }).strict(),
    output: z.object({ providerId: z.string(), keySet: z.boolean() })
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
  'mcpServers.reconnect': { input: z.object({ id: McpServerId }).strict(), output: McpServerView }
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
