import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { ListToolsRequestSchema, type Tool, type ToolAnnotations } from '@modelcontextprotocol/sdk/types.js'
import { z } from 'zod'
import { toolJsonSchema, type AnyTool } from '../tools/registry'
import { createToolCatalog } from '../tools/tool-catalog'
import { runTool } from '../tools/tool-runner'
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
  const ownTools = createToolCatalog(deps.tools)()
  for (const tool of deps.tools.tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: rawArguments,
        annotations: toolAnnotations(tool)
      },
      async (args, extra) => {
        const client = describeClient(server)
        const outcome = await runTool(
          ownTools,
          {
            db: deps.db,
            clock: deps.clock,
            caller: { kind: 'mcp', client },
            origin: 'mcp',
            originDetail: client
          },
          tool.name,
          args,
          { callId: String(extra.requestId) }
        )
        return toCallToolResult(tool, outcome)
      }
    )
  }
  // Replaces the SDK's listing, which would describe `rawArguments` instead of the tool's schema.
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }))
}
