import { performance } from 'node:perf_hooks'
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { ListToolsRequestSchema, type Tool, type ToolAnnotations } from '@modelcontextprotocol/sdk/types.js'
import { z } from 'zod'
import { nowIso } from '../core/clock'
import { insertToolCall } from '../db/repositories/tool-calls'
import type { ToolOutcome } from '../tools/define-tool'
import { toolJsonSchema, type AnyTool } from '../tools/registry'
import type { McpServerDeps } from './build-server'
import { describeClient } from './client-identity'
import { toCallToolResult } from './tool-result'

/**
 * Accepts any arguments object unchanged. The SDK parses arguments with the registered schema before
 * our callback runs and would answer a bad one in its own words; handing the raw arguments to the
 * registry instead gives hosts the same field-naming error the agent gets, from one validator.
 */
const rawArguments = z.looseObject({})

export function toolAnnotations(tool: AnyTool): ToolAnnotations {
  return {
    title: tool.title,
    readOnlyHint: tool.readOnly,
    destructiveHint: tool.destructive,
    idempotentHint: tool.idempotent,
    // Every tool reads or proposes changes to this shop's own database, nothing beyond it.
    openWorldHint: false
  }
}

/** What `tools/list` shows for a tool: the JSON Schema the agent's model sees, byte for byte. */
export function describeTool(tool: AnyTool): Tool {
  const inputSchema = toolJsonSchema(tool)
  if (inputSchema.type !== 'object') {
    throw new Error(`MCP needs an object input schema; ${tool.name} has type ${String(inputSchema.type)}`)
  }
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: inputSchema as Tool['inputSchema'],
    annotations: toolAnnotations(tool)
  }
}

export function registerTools(server: McpServer, deps: McpServerDeps): void {
  const listed = deps.tools.tools.map(describeTool)
  for (const tool of deps.tools.tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: rawArguments,
        annotations: toolAnnotations(tool)
      },
      (args, extra) => {
        const started = performance.now()
        const outcome = deps.tools.run(
          { db: deps.db, clock: deps.clock, origin: 'mcp', originDetail: describeClient(server) },
          tool.name,
          args
        )
        recordCall(deps, tool, args, outcome, String(extra.requestId), performance.now() - started)
        return toCallToolResult(tool, outcome)
      }
    )
  }
  // Replaces the SDK's listing, which would describe `rawArguments` instead of the tool's schema.
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }))
}

/** The trace of what a host called, beside the agent's; a failure to record never fails the call. */
function recordCall(
  deps: McpServerDeps,
  tool: AnyTool,
  args: unknown,
  outcome: ToolOutcome,
  callId: string,
  durationMs: number
): void {
  try {
    insertToolCall(deps.db, {
      draftId: null,
      ticketId: null,
      origin: 'mcp',
      callId,
      round: 0,
      tool: tool.name,
      arguments: args,
      result: outcome.ok ? outcome.value : { error: outcome.error },
      status: !outcome.ok ? 'error' : tool.readOnly ? 'ok' : 'proposed',
      durationMs,
      createdAt: nowIso(deps.clock)
    })
  } catch (error) {
    console.error(`[mcp] could not record the ${tool.name} call`, error)
  }
}
