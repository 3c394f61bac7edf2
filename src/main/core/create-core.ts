import type { AppInfo, Channel, ChannelInput, ChannelOutput, Handlers } from '../../shared/contract'
import type { Result } from '../../shared/result'
import { LOCAL_OWNER, type Caller } from '../../shared/domain/caller'
import type { KeyStorage } from '../../shared/domain/settings'
import { openDb, type Db } from '../db/connection'
import { commitPerTurn } from '../db/turn-commit'
import { startCheckpointer } from '../db/checkpointer'
import { builtWorkerFile } from '../worker-files'
import { shopTools } from '../tools/shop-tools'
import { createToolRegistry, type ToolRegistry } from '../tools/registry'
import { systemClock, type Clock } from './clock'
import { dispatch } from './dispatch'
import { CoreEvents, type CoreListener } from './events'
import { createHandlers } from './handlers'
import { startNotices } from './notices'
import { createLlmRuntime, type LlmOptions, type LlmRuntime } from './llm-setup'
import { createDraftEngine, type DraftEngine } from '../agent/draft-engine'
import { createApprovals, type Approvals } from '../agent/approvals'
import { createDraftRewrites, type DraftRewrites } from '../agent/draft-rewrites'
import { startCorePresence } from './core-presence'
import { createBulkDrafting, type BulkDrafting } from '../agent/bulk-drafting'
import { createFileKeyStore } from '../llm'
import { createToolCatalog } from '../tools/tool-catalog'
import {
  createMcpClientManager,
  type McpClientManager,
  type McpClientOptions,
  type StdioConfirm
} from '../mcp-client/manager'
import { externalCatalogEntries } from '../mcp-client/external-tools'
import { createMailService, type MailService } from '../mail/mail-service'
import { createTeamServices, type TeamOptions, type TeamServices } from '../team/team-services'
import { dirname, join } from 'node:path'
import { createTriageService, type TriageService } from '../triage/triage-service'
import { createSlaService, type SlaService } from '../sla/sla-service'
import { syncPolicyArticle } from '../kb/policy-article'
import { tmpdir } from 'node:os'
import { createReplayLab, type ReplayLab } from '../replay/replay-lab'

export interface CoreOptions {
  dbPath: string
  clock?: Clock
  host?: AppInfo['host']
  version?: string
  llm?: LlmOptions
  /** Where FRONTLINE_* settings are read from; the process environment by default. */
  env?: NodeJS.ProcessEnv
  /** External MCP servers: timeouts, and whether to connect them at start. */
  mcpClient?: McpClientOptions
  /** Where the host keeps keys (the desktop app: the OS keychain, or files and why); files by default. */
  keyStorage?: KeyStorage
  /** The desktop app asks the person in a native dialog before a new stdio MCP server runs. */
  confirmStdio?: StdioConfirm
  /**
   * The built checkpoint worker: WAL checkpoints run there, off the core's thread. Defaults to the
   * one beside the bundle; null, or running from sources, leaves them to SQLite on this connection.
   */
  checkpointWorkerFile?: string | null
  /** Test seam for the approval step (see Approvals). */
  approvalsBeforeCommit?: (action: import('../../shared/domain/action').Action) => void
  /**
   * Who a request without a caller comes from. A single-desktop core (the default) serves its
   * machine's owner; a team server passes null, so every request must name its signed-in person.
   */
  defaultCaller?: Caller | null
  /**
   * Run the triage and SLA workers (default). A one-shot command turns them off: its core lives for
   * one request, often beside a running one in the same process, and the long-lived core does the work.
   */
  helpDeskWorkers?: boolean
  /** Team mode's rules (session and invite lifetimes, lockout, password hashing cost) and timers. */
  team?: TeamOptions
}

/** What every handler module receives. */
export interface CoreContext {
  db: Db
  clock: Clock
  events: CoreEvents
  tools: ToolRegistry
  llm: LlmRuntime
  drafts: DraftEngine
  approvals: Approvals
  /** Replies rewritten after a decision on what they proposed. */
  rewrites: DraftRewrites
  bulk: BulkDrafting
  /** External MCP servers and the tools they offer the agent. */
  mcpClients: McpClientManager
  /** The email channel: the shop's mailbox in, replies out. */
  mail: MailService
  /** Reads each arriving ticket (intent, priority, tags, language, summary) off the write path. */
  triage: TriageService
  /** Keeps every ticket's SLA clocks computed. */
  sla: SlaService
  /** Replays of answered tickets in shadow mode. */
  lab: ReplayLab
  /** Team mode: accounts and sessions, presence, round-robin assignment. */
  team: TeamServices
  options: Required<Pick<CoreOptions, 'dbPath' | 'host' | 'version' | 'keyStorage'>>
  env: NodeJS.ProcessEnv
  /** Runs `hook` when the core closes, before the database does (servers a handler module started). */
  onClose(hook: () => Promise<void> | void): void
}

export interface Core {
  /** Runs one contract request as `caller` (by default the core's default caller, see CoreOptions). */
  invoke<K extends Channel>(
    channel: K,
    input: ChannelInput<K>,
    caller?: Caller | null
  ): Promise<Result<ChannelOutput<K>>>
  /** For hosts: requests arrive untyped off the wire and are validated inside. */
  invokeRaw(channel: unknown, input: unknown, caller?: Caller | null): Promise<Result<unknown>>
  subscribe(listener: CoreListener): () => void
  readonly context: CoreContext
  close(): Promise<void>
}

export function createCore(options: CoreOptions): Core {
  const db = openDb(options.dbPath)
  // The core owns this connection and its event loop: a turn's writes share one commit.
  commitPerTurn(db)
  const checkpointWorker =
    options.checkpointWorkerFile === undefined
      ? builtWorkerFile('checkpoint-worker')
      : (options.checkpointWorkerFile ?? undefined)
  const checkpointer =
    checkpointWorker && options.dbPath !== ':memory:'
      ? startCheckpointer(db, options.dbPath, checkpointWorker)
      : undefined
  const clock = options.clock ?? systemClock
  const events = new CoreEvents()
  const tools = createToolRegistry(shopTools)
  // Drafts a crashed process left half-written are marked before anything new starts, so none stays
  // "generating"; those another live process is writing on this database are left to it.
  const presence = startCorePresence({ db, events, host: options.host ?? 'in-process' })
  const env = options.env ?? process.env
  // Web host and CLI keep keys in files readable only by the user; the desktop shell passes its own store.
  const keys =
    options.llm?.keys ??
    (options.dbPath === ':memory:'
      ? undefined
      : createFileKeyStore({ dir: join(dirname(options.dbPath), 'keys') }))
  const llm = createLlmRuntime({ db, clock, events, options: { ...options.llm, keys }, env })
  const version = options.version ?? '0.1.0'
  const mcpClients = createMcpClientManager({
    db,
    dbPath: options.dbPath,
    clock,
    events,
    version,
    secrets: llm.secrets,
    confirmStdio: options.confirmStdio,
    options: options.mcpClient
  })
  const drafts = createDraftEngine({
    db,
    clock,
    events,
    tools,
    catalog: createToolCatalog(tools, () => externalCatalogEntries(mcpClients)),
    gateway: llm,
    defaultModel: llm.defaultModel,
    owner: presence.id
  })
  const rewrites = createDraftRewrites({
    db,
    clock,
    events,
    gateway: llm,
    model: llm.defaultModel,
    owner: presence.id
  })
  // A rewrite a stopped process began is finished before anyone can review or send the reply.
  rewrites.finishOrphans()
  const approvals = createApprovals({
    db,
    clock,
    events,
    beforeCommit: options.approvalsBeforeCommit,
    services: { mcpClients },
    rewrites
  })
  const bulk = createBulkDrafting({ drafts, events, clock })
  const mail = createMailService({
    db,
    clock,
    events,
    drafts,
    keys: llm.secrets,
    env,
    dbPath: options.dbPath
  })
  const workers = options.helpDeskWorkers !== false
  const triage = createTriageService({ db, clock, events, llm, owner: presence.id, passive: !workers })
  const sla = createSlaService({ db, clock, events, passive: !workers })
  const lab = createReplayLab({
    db,
    clock,
    events,
    tools,
    llm,
    // Copies of the shop hold customers' data: beside the database, in its private folder.
    scratchDir:
      options.dbPath === ':memory:'
        ? join(tmpdir(), `frontline-lab-${process.pid}`)
        : join(dirname(options.dbPath), 'lab-scratch'),
    owner: presence.id
  })
  const closeHooks: (() => Promise<void> | void)[] = []
  const team = createTeamServices({ db, clock, events, options: options.team })
  const context: CoreContext = {
    triage,
    sla,
    lab,
    team,
    env,
    onClose: (hook) => closeHooks.push(hook),
    bulk,
    mcpClients,
    mail,
    db,
    clock,
    events,
    tools,
    llm,
    drafts,
    approvals,
    rewrites,
    options: {
      dbPath: options.dbPath,
      host: options.host ?? 'in-process',
      version,
      keyStorage: options.keyStorage ?? { kind: 'file', notice: null }
    }
  }
  const handlers: Handlers = createHandlers(context)
  // The help center's return-policy article is written from the rules the tools enforce.
  syncPolicyArticle(db, clock.now().toISOString())
  const stopNotices = startNotices({ db, events, clock, perPerson: options.host === 'team' })
  if (options.mcpClient?.autoStart !== false) mcpClients.start()
  mail.start()
  const defaultCaller = options.defaultCaller === undefined ? LOCAL_OWNER : options.defaultCaller
  let closed = false

  return {
    context,
    invoke: (channel, input, caller) =>
      dispatch(handlers, channel, input, caller === undefined ? defaultCaller : caller) as never,
    invokeRaw: (channel, input, caller) =>
      dispatch(handlers, channel, input, caller === undefined ? defaultCaller : caller),
    subscribe: (listener) => context.events.subscribe(listener),
    async close() {
      if (closed) return
      closed = true
      stopNotices()
      for (const hook of closeHooks) await hook()
      team.close()
      await mail.close()
      await triage.close()
      sla.close()
      await lab.close()
      await drafts.cancelAll('Frontline is closing')
      await rewrites.idle()
      await llm.close()
      await mcpClients.close()
      presence.close()
      await checkpointer?.close()
      db.close()
    }
  }
}
