import { readFile } from 'node:fs/promises'
import {
  type ChannelSettings,
  type ChannelKeyInfo,
  type ChannelSettingsPatch,
  type ChannelStatus,
  type CreatedChannelKey
} from '../../shared/domain/channel'
import { AppFailure } from '../../shared/result'
import { deliverActionOutcomes, readAutopilotSettings, updateAutopilotSettings } from '../agent/autopilot'
import type { CoreContext } from '../core/create-core'
import { getChannelKey, listChannelKeys, revokeChannelKey } from '../db/repositories/channel-keys'
import { exposureRefusal } from '../policy/network-exposure'
import { externalCatalogEntries } from '../mcp-client/external-tools'
import { toolJsonSchema } from '../tools/registry'
import { createToolCatalog } from '../tools/tool-catalog'
import { createChannelKey, createKeyVerifier, type KeyVerifier } from './access-keys'
import { checkChannelModels } from './channel-models'
import {
  readStoredChannelSettings,
  saveChannelSettings,
  StoredChannelSettings
} from './channel-settings-store'
import { startChannelServer, type ChannelServer, type ChannelServerTimeouts } from './channel-server'
import { createChatService, type ChatService } from './chat-service'
import { createCorsPolicy, type CorsPolicy } from './cors'
import { createKeyedRateLimiter, type KeyedRateLimiter } from './rate-limit'
import { createSessionHub, type SessionHub } from './session-hub'
import { seedChatTools } from './seed-tools'

export interface ChannelStartOptions {
  host?: string
  port?: number
  corsOrigins?: string[]
  rateLimits?: Partial<ChannelSettings['rateLimits']>
  bodyLimitBytes?: number
  /** Test seams: the HTTP server's timeouts, and the rate limiters' monotonic clock (ms). */
  timeouts?: ChannelServerTimeouts
  rateClock?: () => number
}

export interface ChannelRuntime {
  service: ChatService
  hub: SessionHub
  /** Starts the API; options given here win over the saved settings for this run only. */
  start(options?: ChannelStartOptions): Promise<ChannelStatus>
  stop(): Promise<ChannelStatus>
  status(): ChannelStatus
  settings(): ChannelSettings
  updateSettings(patch: ChannelSettingsPatch): ChannelSettings
  listKeys(): ChannelKeyInfo[]
  createKey(name: string): CreatedChannelKey
  revokeKey(keyId: string): ChannelKeyInfo
  /** Tells waiting chat customers the outcome of actions decided since (also run on a timer while serving). */
  deliverOutcomes(): number
  close(): Promise<void>
}

export interface ChannelRuntimeOptions {
  /** FRONTLINE_CHANNEL_KEY is read from here; the process environment by default. */
  env?: NodeJS.ProcessEnv
  /** While serving, how often decisions made by another process over the same database are looked for. */
  pollMs?: number
}

/**
 * The chat channel inside a core: the conversation service, the live session hub and the outcome
 * notices always exist (a teammate approving in the console must reach a waiting customer even when
 * this process is not serving); the HTTP + WebSocket server runs between start() and stop().
 */
export function createChannelRuntime(ctx: CoreContext, options: ChannelRuntimeOptions = {}): ChannelRuntime {
  const { db, clock, events } = ctx
  const env = options.env ?? process.env
  const service = createChatService(ctx)
  const hub = createSessionHub({ events, service })
  service.setTokenSink(hub)
  const keys: KeyVerifier = createKeyVerifier({ db, clock, environmentKey: env.FRONTLINE_CHANNEL_KEY })

  let server: ChannelServer | null = null
  let startedAt: string | null = null
  let lastError: string | null = null
  let poll: NodeJS.Timeout | null = null
  let effective: StoredChannelSettings | null = null
  let limiters: {
    perCustomer: KeyedRateLimiter
    perIp: KeyedRateLimiter
    perKey: KeyedRateLimiter
    cors: CorsPolicy
  } | null = null
  let rateClock: (() => number) | undefined

  const stored = (): StoredChannelSettings => readStoredChannelSettings(db).value
  const settings = (): ChannelSettings => ({ ...stored(), autopilot: readAutopilotSettings(db) })

  const buildPolicies = (s: StoredChannelSettings) => ({
    perCustomer: createKeyedRateLimiter({ perMinute: s.rateLimits.perCustomerPerMinute, now: rateClock }),
    perIp: createKeyedRateLimiter({ perMinute: s.rateLimits.perIpPerMinute, now: rateClock }),
    perKey: createKeyedRateLimiter({ perMinute: s.rateLimits.perKeyPerMinute, now: rateClock }),
    cors: createCorsPolicy(s.corsOrigins)
  })

  function deliverOutcomes(): number {
    const notices = deliverActionOutcomes(db, clock)
    if (notices.length === 0) return 0
    for (const notice of notices) {
      hub.broadcast(notice.sessionId, {
        type: 'action_outcome',
        action_id: notice.actionId,
        status: notice.status
      })
    }
    events.emit('tickets.changed', { ticketIds: [...new Set(notices.map((n) => n.ticketId))] })
    return notices.length
  }

  const unsubscribe = events.subscribe((event) => {
    if (event === 'actions.changed') deliverOutcomes()
  })
  // Decisions taken while no channel ran (or before a crash) are told now.
  deliverOutcomes()

  const status = (): ChannelStatus => ({
    running: server !== null,
    url: server?.url ?? null,
    startedAt,
    activeKeys: keys.activeCount(),
    environmentKey: keys.environmentKey,
    connectedSessions: hub.connectedSessions(),
    chatsInFlight: service.inFlight(),
    lastError
  })
  const announce = (): ChannelStatus => {
    const now = status()
    events.emit('channel.status', now)
    return now
  }

  const databaseAnswers = (): boolean => {
    try {
      db.prepare('SELECT 1').get()
      return true
    } catch {
      return false
    }
  }

  const health = () => {
    const choice = ctx.llm.defaultModel()
    const provider = ctx.llm.health().find((p) => p.providerId === choice.providerId)
    const breaker = provider?.state ?? 'closed'
    return {
      // The seed's words. A tripped breaker still answers (the fallback drafter writes from the
      // shop's data): degraded, not down; only a database that cannot be read is down (503).
      status: !databaseAnswers() ? 'down' : breaker === 'closed' ? 'healthy' : 'degraded',
      provider: {
        id: choice.providerId,
        model: choice.model,
        breaker,
        consecutive_failures: provider?.consecutiveFailures ?? 0,
        retry_at: provider?.retryAt ?? null,
        in_flight: provider?.inFlight ?? 0,
        queued: provider?.queued ?? 0
      },
      queue_depth: service.inFlight(),
      drafts_in_flight: ctx.drafts.inFlight(),
      connected_sessions: hub.connectedSessions(),
      version: ctx.options.version
    }
  }

  const tools = () =>
    seedChatTools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      read_only: tool.readOnly,
      input_schema: toolJsonSchema(tool)
    }))

  /** Every tool the agent answering a chat may use: Frontline's own and the connected servers'. */
  const allTools = () => {
    const external = externalCatalogEntries(ctx.mcpClients)
    const set = createToolCatalog(ctx.tools, () => external)()
    const readOnly = (name: string): boolean =>
      ctx.tools.get(name)?.readOnly ??
      external.find((e) => e.definition.function.name === name)?.readOnly ??
      true
    return set.openAiTools.map((tool) => ({
      name: tool.function.name,
      description: tool.function.description,
      read_only: readOnly(tool.function.name),
      input_schema: tool.function.parameters
    }))
  }

  async function start(startOptions: ChannelStartOptions = {}): Promise<ChannelStatus> {
    if (server) return status()
    const saved = stored()
    effective = StoredChannelSettings.parse({
      ...saved,
      ...(startOptions.host !== undefined ? { host: startOptions.host } : {}),
      ...(startOptions.port !== undefined ? { port: startOptions.port } : {}),
      ...(startOptions.corsOrigins !== undefined ? { corsOrigins: startOptions.corsOrigins } : {}),
      rateLimits: { ...saved.rateLimits, ...startOptions.rateLimits }
    })
    rateClock = startOptions.rateClock
    const refusal = exposureRefusal({
      host: effective.host,
      tls: effective.tls !== null,
      behindProxy: effective.behindProxy
    })
    if (refusal) throw new AppFailure('not_allowed', refusal, [{ field: 'host', message: refusal }])
    const tls = effective.tls ? await readTls(effective.tls) : undefined
    limiters = buildPolicies(effective)
    try {
      server = await startChannelServer(
        {
          service,
          hub,
          keys,
          cors: () => limiters!.cors,
          perCustomer: () => limiters!.perCustomer,
          perIp: () => limiters!.perIp,
          perKey: () => limiters!.perKey,
          tools,
          allTools,
          health,
          bodyLimitBytes: startOptions.bodyLimitBytes,
          timeouts: startOptions.timeouts
        },
        { host: effective.host, port: effective.port, tls }
      )
    } catch (error) {
      lastError = (error as Error).message
      announce()
      throw new AppFailure('unavailable', lastError, [{ field: 'port', message: lastError }])
    }
    startedAt = clock.now().toISOString()
    lastError = null
    poll = setInterval(() => {
      try {
        deliverOutcomes()
        // Replies a teammate sent from another process reach the open sockets too.
        hub.syncAll()
      } catch (error) {
        console.error('[channel] background sync failed', error)
      }
    }, options.pollMs ?? 2_000)
    poll.unref()
    service.resumeInterrupted()
    return announce()
  }

  async function stop(): Promise<ChannelStatus> {
    if (poll) clearInterval(poll)
    poll = null
    const running = server
    server = null
    startedAt = null
    if (running) await running.close()
    return announce()
  }

  return {
    service,
    hub,
    start,
    stop,
    status,
    settings,
    updateSettings(patch) {
      if (patch.models) checkChannelModels(patch.models, ctx.llm)
      const next = saveChannelSettings(db, patch)
      if (patch.autopilot) updateAutopilotSettings(db, patch.autopilot)
      // CORS and rate limits apply at once; host and port at the next start.
      if (limiters && effective) {
        effective = { ...effective, corsOrigins: next.corsOrigins, rateLimits: next.rateLimits }
        limiters = buildPolicies(effective)
      }
      return settings()
    },
    listKeys: () => listChannelKeys(db),
    createKey(name) {
      const created = createChannelKey(db, clock, name)
      keys.invalidate()
      announce()
      return created
    },
    revokeKey(keyId) {
      const known = getChannelKey(db, keyId)
      if (!known) {
        throw new AppFailure('not_found', `No channel key ${keyId}.`, [
          { field: 'keyId', message: 'not found' }
        ])
      }
      revokeChannelKey(db, keyId, clock.now().toISOString())
      keys.invalidate()
      announce()
      return getChannelKey(db, keyId) as ChannelKeyInfo
    },
    deliverOutcomes,
    async close() {
      await stop()
      unsubscribe()
      hub.close()
      service.close()
    }
  }
}

/** Reads the PEM files the API serves HTTPS with; a missing one is refused naming its field. */
async function readTls(
  tls: NonNullable<StoredChannelSettings['tls']>
): Promise<{ cert: Buffer; key: Buffer }> {
  const read = async (path: string, field: string): Promise<Buffer> => {
    try {
      return await readFile(path)
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read'
      throw new AppFailure('invalid_input', `The TLS ${field} file ${path} ${reason}.`, [
        { field: `tls.${field}File`, message: reason }
      ])
    }
  }
  return { cert: await read(tls.certFile, 'cert'), key: await read(tls.keyFile, 'key') }
}
