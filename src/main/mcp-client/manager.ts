import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type { McpServerAddInput, McpServerConfig, McpServerView } from '../../shared/domain/mcp-server'
import { AppFailure } from '../../shared/result'
import type { Clock } from '../core/clock'
import type { CoreEvents } from '../core/events'
import type { Db } from '../db/connection'
import {
  createServerConnection,
  ExternalCallFailure,
  type CallOptions,
  type ExternalTool,
  type ServerConnection
} from './server-connection'
import { allowEntryFor, isStdioAllowed, stdioRefusal } from '../policy/stdio-servers'
import type { KeyStore } from '../llm'
import {
  idFromName,
  moveSecretsToKeyStore,
  pendingSecrets,
  readSecrets,
  readServerConfigs,
  saveSecrets,
  secretNameOf,
  withSecrets,
  writeServerConfigs
} from './server-store'
import { allowStdioCommand, readStdioAllowlist } from './stdio-allowlist'

export interface McpClientOptions {
  /** How long a server may take to start, initialize and list its tools (default 15 s). */
  connectTimeoutMs?: number
  /** How long the agent waits for a read-only tool while drafting (default 10 s). */
  callTimeoutMs?: number
  /** How long an approved call may take (default 30 s). */
  applyTimeoutMs?: number
  /** Connect the configured servers when the core starts (default true). */
  autoStart?: boolean
}

/** What a person is asked before Frontline starts a program not yet on the allowlist. */
export interface StdioConfirmRequest {
  name: string
  command: string
  args: string[]
  envNames: string[]
}

/**
 * Asks the person at this machine, outside the console (the desktop app's native dialog), whether
 * a program may run as an MCP server. Hosts without one (the web host, the CLI) leave it out: the
 * console is then refused, and the CLI's allow command is the way.
 */
export type StdioConfirm = (request: StdioConfirmRequest) => Promise<boolean>

export type ExternalCallOutcome =
  { ok: true; result: CallToolResult } | { ok: false; kind: ExternalCallFailure['kind']; message: string }

export interface McpClientManager {
  readonly callTimeoutMs: number
  readonly applyTimeoutMs: number
  /** Connects every enabled server in the background; never waits for one. */
  start(): void
  /** Resolves once the configured servers are loaded (their secrets read from the key store). */
  ready(): Promise<void>
  list(): McpServerView[]
  view(id: string): McpServerView
  add(input: McpServerAddInput): Promise<McpServerView>
  remove(id: string): Promise<McpServerView[]>
  setEnabled(id: string, enabled: boolean): Promise<McpServerView>
  /** Drops and redials a server in the background; answers at once with its `connecting` view. */
  reconnect(id: string): Promise<McpServerView>
  /** The tools of every connected server, now. */
  tools(): ExternalTool[]
  /** Calls one tool. Never throws: every failure is an outcome. */
  callTool(
    serverId: string,
    toolName: string,
    args: Record<string, unknown>,
    options: CallOptions
  ): Promise<ExternalCallOutcome>
  /** Resolves when the server's current connection attempt has ended, whatever its outcome. */
  settled(id: string): Promise<McpServerView>
  close(): Promise<void>
}

export interface McpClientDeps {
  db: Db
  /** Named in the allow command a refusal suggests. */
  dbPath: string
  clock: Clock
  events: CoreEvents
  version: string
  /** Where header and environment values (tokens) are kept: never the database. */
  secrets: KeyStore
  confirmStdio?: StdioConfirm
  options?: McpClientOptions
}

function toView(connection: ServerConnection): McpServerView {
  const { config } = connection
  return {
    id: config.id,
    name: config.name,
    transport: config.transport,
    enabled: config.enabled,
    command: config.transport === 'stdio' ? config.command : null,
    args: config.transport === 'stdio' ? [...config.args] : [],
    url: config.transport === 'http' ? config.url : null,
    envNames: config.transport === 'stdio' ? Object.keys(config.env ?? {}) : [],
    headerNames: config.transport === 'http' ? Object.keys(config.headers ?? {}) : [],
    state: connection.state,
    lastError: connection.lastError,
    connectedAt: connection.connectedAt,
    tools: connection.tools.map((t) => ({
      name: t.name,
      qualifiedName: t.qualifiedName,
      title: t.title,
      readOnly: t.readOnly
    }))
  }
}

/**
 * The external MCP servers Settings lists: their configuration (the `mcp.servers` setting), one
 * connection each, and the tools they offer the agent. Connecting always happens in the background,
 * so a slow or broken server never holds up the core's start or a draft.
 */
export function createMcpClientManager(deps: McpClientDeps): McpClientManager {
  const { db, clock, events } = deps
  const connectTimeoutMs = deps.options?.connectTimeoutMs ?? 15_000
  const connections = new Map<string, ServerConnection>()
  let closed = false
  let announceQueued = false

  // Many changes arrive together (every server at start); Settings needs the last picture, once.
  const announce = (): void => {
    if (announceQueued || closed) return
    announceQueued = true
    queueMicrotask(() => {
      announceQueued = false
      if (!closed) events.emit('mcpServers.changed', { servers: manager.list() })
    })
  }

  const admit = (config: McpServerConfig) => (): string | null =>
    config.transport === 'stdio' && !isStdioAllowed(readStdioAllowlist(db), config)
      ? stdioRefusal(config, deps.dbPath)
      : null

  const open = (config: McpServerConfig): ServerConnection => {
    const connection = createServerConnection({
      config,
      connectTimeoutMs,
      clientVersion: deps.version,
      now: () => clock.now().toISOString(),
      onChange: announce,
      admit: admit(config)
    })
    connections.set(config.id, connection)
    void connection.connect()
    return connection
  }

  const find = (id: string): ServerConnection => {
    const connection = connections.get(id)
    if (!connection) {
      throw new AppFailure('not_found', `No MCP server "${id}".`, [{ field: 'id', message: 'not found' }])
    }
    return connection
  }

  const persist = (): void =>
    writeServerConfigs(
      db,
      [...connections.values()].map((c) => c.config)
    )

  /**
   * A stdio server runs only from the allowlist; one that is not on it yet is put to the person at
   * this machine where the host can ask (the desktop app's dialog), and refused everywhere else.
   */
  const ensureAllowed = async (config: McpServerConfig): Promise<void> => {
    if (config.transport !== 'stdio' || isStdioAllowed(readStdioAllowlist(db), config)) return
    const request = { name: config.name, ...allowEntryFor(config) }
    if (deps.confirmStdio && (await deps.confirmStdio(request))) {
      allowStdioCommand(db, allowEntryFor(config))
      return
    }
    const message = deps.confirmStdio
      ? `${config.name} was not allowed to run: it was declined in the confirmation dialog.`
      : stdioRefusal(config, deps.dbPath)
    throw new AppFailure('not_allowed', message, [{ field: 'command', message }])
  }

  let loading: Promise<void> | null = null
  const load = async (): Promise<void> => {
    await moveSecretsToKeyStore(db, deps.secrets)
    for (const stored of readServerConfigs(db)) {
      if (closed || connections.has(stored.id)) continue
      let secrets = pendingSecrets(db, stored.id)
      try {
        secrets ??= await readSecrets(deps.secrets, stored.id)
      } catch (error) {
        console.error(`[mcp-client] could not read the secrets of ${stored.id}: ${(error as Error).message}`)
      }
      if (closed || connections.has(stored.id)) continue
      open(withSecrets(stored, secrets))
    }
    announce()
  }
  const ready = (): Promise<void> => loading ?? Promise.resolve()

  const manager: McpClientManager = {
    callTimeoutMs: deps.options?.callTimeoutMs ?? 10_000,
    applyTimeoutMs: deps.options?.applyTimeoutMs ?? 30_000,

    start() {
      loading ??= load().catch((error: unknown) => {
        console.error('[mcp-client] could not load the configured servers', error)
      })
    },

    ready,
    list: () => [...connections.values()].map(toView),
    view: (id) => toView(find(id)),

    async add(input) {
      await ready()
      const taken = new Set(connections.keys())
      const id = input.id ?? idFromName(input.name, taken)
      if (taken.has(id)) {
        throw new AppFailure('conflict', `An MCP server with the id "${id}" already exists.`, [
          { field: 'id', message: 'already in use' }
        ])
      }
      const config: McpServerConfig = { ...input, id }
      await ensureAllowed(config)
      if (connections.has(id)) {
        throw new AppFailure('conflict', `An MCP server with the id "${id}" already exists.`, [
          { field: 'id', message: 'already in use' }
        ])
      }
      await saveSecrets(deps.secrets, config)
      const connection = open(config)
      persist()
      announce()
      return toView(connection)
    },

    async remove(id) {
      await ready()
      const connection = find(id)
      connections.delete(id)
      persist()
      void connection.close()
      await deps.secrets.delete(secretNameOf(id))
      announce()
      return manager.list()
    },

    async setEnabled(id, enabled) {
      await ready()
      const current = find(id)
      if (current.config.enabled === enabled) return toView(current)
      if (enabled) await ensureAllowed(current.config)
      void current.close()
      const next = open({ ...current.config, enabled })
      persist()
      announce()
      return toView(next)
    },

    async reconnect(id) {
      await ready()
      const connection = find(id)
      if (!connection.config.enabled) {
        throw new AppFailure('not_allowed', `${connection.config.name} is disabled; enable it first.`, [
          { field: 'id', message: 'disabled' }
        ])
      }
      await ensureAllowed(connection.config)
      void connection.reconnect()
      return toView(connection)
    },

    tools() {
      const all: ExternalTool[] = []
      for (const connection of connections.values()) {
        if (connection.state === 'connected') all.push(...connection.tools)
      }
      return all
    },

    async callTool(serverId, toolName, args, options) {
      await ready()
      const connection = connections.get(serverId)
      if (!connection) {
        return {
          ok: false,
          kind: 'unavailable',
          message: `The MCP server "${serverId}" is no longer configured.`
        }
      }
      if (!connection.config.enabled) {
        return {
          ok: false,
          kind: 'unavailable',
          message: `${connection.config.name} is disabled in Settings.`
        }
      }
      try {
        return { ok: true, result: await connection.call(toolName, args, options) }
      } catch (error) {
        if (error instanceof ExternalCallFailure)
          return { ok: false, kind: error.kind, message: error.message }
        return { ok: false, kind: 'error', message: error instanceof Error ? error.message : String(error) }
      }
    },

    async settled(id) {
      await ready()
      const connection = find(id)
      await connection.settled()
      return toView(connection)
    },

    async close() {
      closed = true
      await loading
      const all = [...connections.values()]
      connections.clear()
      await Promise.allSettled(all.map((c) => c.close()))
    }
  }
  return manager
}
