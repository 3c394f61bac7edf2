import { Console } from 'node:console'
import type { Readable, Writable } from 'node:stream'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { systemClock, type Clock } from '../core/clock'
import { openDb } from '../db/connection'
import { createToolRegistry } from '../tools/registry'
import { shopTools } from '../tools/shop-tools'
import { buildServer } from './build-server'
import { watchOrderList } from './order-list-watch'

export interface McpStdioOptions {
  dbPath: string
  clock?: Clock
  version?: string
  /** How often to look for order changes made by other processes. */
  orderWatchIntervalMs?: number
  /** Default: this process's stdin and stdout. */
  stdin?: Readable
  stdout?: Writable
  /** Stops serving. Without it, SIGINT or SIGTERM does. */
  signal?: AbortSignal
}

const STDOUT_CONSOLE_METHODS = [
  'log',
  'info',
  'debug',
  'dir',
  'dirxml',
  'table',
  'group',
  'groupCollapsed'
] as const

/**
 * In a stdio server, stdout carries the protocol and one stray line corrupts it for the host; so
 * every console method that would print there prints to stderr instead, for the whole process.
 */
export function routeConsoleToStderr(): void {
  const toStderr = new Console({ stdout: process.stderr, stderr: process.stderr })
  const target = console as unknown as Record<string, unknown>
  const source = toStderr as unknown as Record<string, (...args: unknown[]) => void>
  for (const method of STDOUT_CONSOLE_METHODS) target[method] = source[method]?.bind(toStderr)
}

/**
 * Serves MCP on stdin/stdout until the host closes stdin or the process is asked to stop; then
 * closes the database (checkpointing the WAL the desktop app shares).
 */
export async function runMcpStdio(options: McpStdioOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin
  const stdout = options.stdout ?? process.stdout
  if (stdout === process.stdout) routeConsoleToStderr()

  const db = openDb(options.dbPath)
  const server = buildServer({
    db,
    clock: options.clock ?? systemClock,
    tools: createToolRegistry(shopTools),
    version: options.version
  })
  const watch = watchOrderList(db, () => server.sendResourceListChanged(), options.orderWatchIntervalMs)
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve
  })
  server.server.onerror = (error) => console.error('[mcp] stdio:', error.message)

  const stop = (): void => void server.close()
  stdin.once('end', stop)
  stdin.once('close', stop)
  const { signal } = options
  if (signal) signal.addEventListener('abort', stop, { once: true })
  else {
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
  try {
    await server.connect(new StdioServerTransport(stdin, stdout))
    if (signal?.aborted) stop()
    console.error(`[mcp] Frontline MCP server on stdio, database ${options.dbPath}`)
    await closed
  } finally {
    watch.stop()
    stdin.off('end', stop)
    stdin.off('close', stop)
    signal?.removeEventListener('abort', stop)
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    db.close()
  }
}
