import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js'
import { ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js'
import type { McpConnectionState, McpServerConfig } from '../../shared/domain/mcp-server'
import { qualifyToolNames } from './tool-names'

/** One tool of a connected server, as the agent and Settings see it. */
export interface ExternalTool {
  serverId: string
  serverName: string
  /** The name on its server, used to call it. */
  name: string
  /** `<serverId>__<name>`, what the model sees. */
  qualifiedName: string
  title: string | null
  description: string
  inputSchema: Record<string, unknown>
  readOnly: boolean
  annotations: Tool['annotations'] | null
}

export type CallFailureKind = 'timeout' | 'unavailable' | 'error'

/** A call that got no tool result at all; an `isError` result is an answer, not this. */
export class ExternalCallFailure extends Error {
  constructor(
    readonly kind: CallFailureKind,
    message: string
  ) {
    super(message)
    this.name = 'ExternalCallFailure'
  }
}

export interface ServerConnection {
  readonly config: McpServerConfig
  readonly state: McpConnectionState
  readonly lastError: string | null
  readonly connectedAt: string | null
  readonly tools: readonly ExternalTool[]
  /** Starts connecting unless connected or already trying; resolves when that attempt ends (never rejects). */
  connect(): Promise<void>
  /** Resolves when the attempt under way (if any) ends; starts none. */
  settled(): Promise<void>
  /** Drops the current connection (if any) and connects afresh. */
  reconnect(): Promise<void>
  /** With `dialIfDown`, a server that is down is dialled once first (an approved call should not fail for a restart). */
  call(toolName: string, args: Record<string, unknown>, options: CallOptions): Promise<CallToolResult>
  close(): Promise<void>
}

export interface CallOptions {
  timeoutMs: number
  dialIfDown: boolean
}

export interface ConnectionDeps {
  config: McpServerConfig
  connectTimeoutMs: number
  clientVersion: string
  now(): string
  /** Called after every change of state or tools. */
  onChange(): void
  /** Asked before each attempt: a refusal (e.g. a program not on the allowlist) fails it without starting anything. */
  admit?: () => string | null
}

const MAX_TOOL_PAGES = 20
const STDERR_TAIL = 2_000

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`

function describeError(error: unknown, config: McpServerConfig): string {
  const code = (error as { code?: unknown } | null)?.code
  if (config.transport === 'stdio' && code === 'ENOENT') {
    return `Could not start "${config.command}": no such program (ENOENT). Check the command and that it is installed.`
  }
  if (config.transport === 'stdio' && code === 'EACCES') {
    return `Could not start "${config.command}": permission denied (EACCES).`
  }
  return error instanceof Error ? error.message : String(error)
}

function toExternalTool(config: McpServerConfig, tool: Tool, qualifiedName: string): ExternalTool {
  const { $schema: _ignored, ...inputSchema } = tool.inputSchema as Record<string, unknown>
  return {
    serverId: config.id,
    serverName: config.name,
    name: tool.name,
    qualifiedName,
    title: tool.title ?? tool.annotations?.title ?? null,
    description: tool.description ?? '',
    inputSchema,
    // The protocol's default for readOnlyHint is false: a tool that does not say it only reads may change things.
    readOnly: tool.annotations?.readOnlyHint === true,
    annotations: tool.annotations ?? null
  }
}

/**
 * One external server's connection: spawns or dials it, lists its tools, calls them with a deadline,
 * and notices when it goes away. Every attempt has a generation, so a late answer from an attempt
 * that was replaced (reconnect, close) changes nothing.
 */
export function createServerConnection(deps: ConnectionDeps): ServerConnection {
  const { config } = deps
  let state: McpConnectionState = config.enabled ? 'connecting' : 'disabled'
  let lastError: string | null = null
  let connectedAt: string | null = null
  let tools: ExternalTool[] = []
  let client: Client | null = null
  let attempt: Promise<void> | null = null
  let generation = 0
  let closed = false
  let stderrTail = ''

  const set = (next: McpConnectionState, error: string | null = lastError): void => {
    state = next
    lastError = error
    deps.onChange()
  }

  const withOutput = (message: string): string => {
    const tail = stderrTail.trim().split('\n').slice(-3).join(' | ').slice(-500)
    return tail ? `${message} Its last output: ${tail}` : message
  }

  const setTools = (listed: readonly Tool[]): void => {
    const names = qualifyToolNames(
      config.id,
      listed.map((t) => t.name)
    )
    tools = listed.map((t) => toExternalTool(config, t, names.get(t.name) ?? t.name))
  }

  function createTransport(): Transport {
    if (config.transport === 'stdio') {
      const transport = new StdioClientTransport({
        command: config.command,
        args: config.args,
        env: { ...getDefaultEnvironment(), ...config.env },
        // Piped, not inherited: a chatty server must not write into Frontline's own output.
        stderr: 'pipe'
      })
      transport.stderr?.on('data', (chunk: Buffer) => {
        stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL)
      })
      return transport
    }
    return new StreamableHTTPClientTransport(new URL(config.url), {
      requestInit: { headers: { ...config.headers } }
    })
  }

  async function listAllTools(current: Client): Promise<Tool[]> {
    const listed: Tool[] = []
    let cursor: string | undefined
    for (let page = 0; page < MAX_TOOL_PAGES; page++) {
      const result = await current.listTools(cursor ? { cursor } : {}, { timeout: deps.connectTimeoutMs })
      listed.push(...result.tools)
      cursor = result.nextCursor
      if (!cursor) break
    }
    return listed
  }

  async function drop(): Promise<void> {
    const current = client
    client = null
    tools = []
    connectedAt = null
    if (current) await current.close().catch(() => undefined)
  }

  function startAttempt(): Promise<void> {
    const mine = ++generation
    stderrTail = ''
    const refusal = deps.admit?.() ?? null
    if (refusal) {
      set('failed', refusal)
      return Promise.resolve().then(() => {
        if (mine === generation) attempt = null
      })
    }
    set('connecting', lastError)
    const current = new Client(
      { name: 'frontline', title: 'Frontline', version: deps.clientVersion },
      {
        capabilities: {},
        listChanged: {
          tools: {
            onChanged: (error, listed) => {
              if (mine !== generation || error || !listed) return
              setTools(listed)
              deps.onChange()
            }
          }
        }
      }
    )
    client = current
    let recentError: string | null = null
    current.onerror = (error) => {
      recentError = error.message
    }
    current.onclose = () => {
      if (mine !== generation || closed || state !== 'connected') return
      client = null
      tools = []
      connectedAt = null
      set('failed', withOutput(`The server closed the connection${recentError ? ` (${recentError})` : ''}.`))
    }

    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`The server did not finish connecting within ${seconds(deps.connectTimeoutMs)}.`)),
        deps.connectTimeoutMs
      )
    })
    const work = (async () => {
      await current.connect(createTransport(), { timeout: deps.connectTimeoutMs })
      return listAllTools(current)
    })()
    work.catch(() => undefined)

    return Promise.race([work, deadline])
      .then((listed) => {
        if (mine !== generation || closed) return
        setTools(listed)
        connectedAt = deps.now()
        set('connected', null)
      })
      .catch(async (error: unknown) => {
        if (mine !== generation || closed) return
        const message = withOutput(describeError(error, config))
        await drop()
        if (mine === generation && !closed) set('failed', message)
      })
      .finally(() => {
        clearTimeout(timer)
        if (mine === generation) attempt = null
      })
  }

  const connection: ServerConnection = {
    config,
    get state() {
      return state
    },
    get lastError() {
      return lastError
    },
    get connectedAt() {
      return connectedAt
    },
    get tools() {
      return tools
    },

    connect() {
      if (closed || !config.enabled || state === 'connected') return Promise.resolve()
      attempt ??= startAttempt()
      return attempt
    },

    settled: () => attempt ?? Promise.resolve(),

    reconnect() {
      if (closed || !config.enabled) return Promise.resolve()
      // The old connection is let go at once and closed in the background; its late events carry an old generation.
      const old = client
      client = null
      tools = []
      connectedAt = null
      void old?.close().catch(() => undefined)
      attempt = startAttempt()
      return attempt
    },

    async call(toolName, args, { timeoutMs, dialIfDown }) {
      if (state === 'connecting' || (state === 'failed' && dialIfDown)) await connection.connect()
      const current = client
      if (state !== 'connected' || !current) {
        throw new ExternalCallFailure(
          'unavailable',
          `${config.name} is not connected${lastError ? `: ${lastError}` : ''}.`
        )
      }
      try {
        return (await current.callTool({ name: toolName, arguments: args }, undefined, {
          timeout: timeoutMs
        })) as CallToolResult
      } catch (error) {
        if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
          throw new ExternalCallFailure(
            'timeout',
            `${config.name} did not answer ${toolName} within ${seconds(timeoutMs)}.`
          )
        }
        if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
          throw new ExternalCallFailure(
            'unavailable',
            `${config.name} closed the connection during ${toolName}.`
          )
        }
        throw new ExternalCallFailure(
          'error',
          `${config.name} refused ${toolName}: ${describeError(error, config)}`
        )
      }
    },

    async close() {
      closed = true
      generation++
      await drop()
    }
  }
  return connection
}
