import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { Clock } from '../core/clock'
import type { Db } from '../db/connection'
import type { ToolRegistry } from '../tools/registry'
import { registerPrompts } from './register-prompts'
import { registerResources } from './register-resources'
import { registerTools } from './register-tools'

export interface McpServerDeps {
  db: Db
  clock: Clock
  tools: ToolRegistry
  /** Announced to hosts in the handshake. */
  version?: string
}

/** Bounds one call's arguments (array elements plus object members); no real call comes near it. */
const MAX_TOOL_INPUT_ELEMENTS = 10_000

const INSTRUCTIONS = [
  'Frontline is the support console of an online shop. Its tools look up orders, customers, products and',
  'the return policy in the shop’s own database. Returns and refunds are never applied from here:',
  'process_return only proposes one, and a person approves or rejects it in the Frontline console.'
].join(' ')

/**
 * Frontline's tools, resources and prompt as an MCP server. No I/O: the caller connects a transport
 * (stdio, Streamable HTTP, or an in-memory pair in tests) and owns the database.
 */
export function buildServer(deps: McpServerDeps): McpServer {
  const server = new McpServer(
    { name: 'frontline', title: 'Frontline', version: deps.version ?? '0.1.0' },
    { instructions: INSTRUCTIONS, maxToolInputElements: MAX_TOOL_INPUT_ELEMENTS }
  )
  registerTools(server, deps)
  registerResources(server, deps)
  registerPrompts(server, deps)
  return server
}
