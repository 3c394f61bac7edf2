import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type {
  ExternalToolAction,
  ExternalToolPayload,
  ExternalToolResult
} from '../../shared/domain/actions/external-tool'
import type { CallOutcome } from '../actions/define-action-kind'
import type { CatalogEntry } from '../tools/tool-catalog'
import type { ToolContext, ToolOutcome } from '../tools/define-tool'
import { proposeAction } from '../tools/propose-action'
import type { McpClientManager } from './manager'
import type { ExternalTool } from './server-connection'

const MAX_DESCRIPTION = 1_500
/** A tool's answer is cut here before the model reads it: one chatty server must not fill the context. */
const MAX_RESULT_TEXT = 16_000

export const AWAITS_PERSON =
  'Not run yet: a person must approve this call in Frontline before it runs. Tell the customer a teammate will confirm it.'

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The minimal check Frontline makes itself: an object with the schema's required members. The
 * server validates the rest and its `isError` answer goes back to the model.
 */
export function checkArguments(tool: ExternalTool, args: unknown): ToolOutcome<Record<string, unknown>> {
  if (!isPlainObject(args)) {
    return {
      ok: false,
      error: {
        code: 'invalid_arguments',
        message: `${tool.qualifiedName} takes a JSON object of arguments.`,
        field: 'arguments'
      }
    }
  }
  const required = Array.isArray(tool.inputSchema.required) ? tool.inputSchema.required : []
  const missing = required.filter((key): key is string => typeof key === 'string' && !(key in args))
  if (missing.length > 0) {
    return {
      ok: false,
      error: {
        code: 'invalid_arguments',
        message: `Invalid arguments for ${tool.qualifiedName}: ${missing.map((k) => `${k}: required`).join('; ')}`,
        field: missing[0]
      }
    }
  }
  return { ok: true, value: args }
}

/** The text of a result, images and other binary parts named instead of inlined. */
export function resultText(result: CallToolResult): string {
  const parts = (result.content ?? []).map((part) => {
    if (part.type === 'text') return part.text
    if (part.type === 'resource')
      return 'text' in part.resource ? part.resource.text : `[resource ${part.resource.uri}]`
    if (part.type === 'resource_link') return `[resource ${part.uri}]`
    return `[${part.type} omitted]`
  })
  const text = parts.join('\n')
  return text.length > MAX_RESULT_TEXT ? `${text.slice(0, MAX_RESULT_TEXT)}… [cut]` : text
}

/** A tool result as the agent's trace and model read it, in the shape of Frontline's own tools. */
export function toToolOutcome(tool: ExternalTool, result: CallToolResult): ToolOutcome {
  if (result.isError) {
    return {
      ok: false,
      error: {
        code: 'external_tool_error',
        message: resultText(result) || `${tool.qualifiedName} reported an error.`
      }
    }
  }
  return {
    ok: true,
    value: isPlainObject(result.structuredContent) ? result.structuredContent : { text: resultText(result) }
  }
}

function describeForModel(tool: ExternalTool): string {
  const from = `[${tool.serverName}, an external tool]`
  const body = (tool.description || tool.title || tool.name).slice(0, MAX_DESCRIPTION)
  const approval = tool.readOnly
    ? ''
    : ' Calling it only proposes the call: it runs after a person approves it.'
  return `${from} ${body}${approval}`
}

function propose(ctx: ToolContext, tool: ExternalTool, args: Record<string, unknown>): ToolOutcome {
  const payload: ExternalToolPayload = {
    server: tool.serverId,
    serverName: tool.serverName,
    tool: tool.name,
    qualifiedName: tool.qualifiedName,
    arguments: args
  }
  const actionId = proposeAction(ctx, {
    kind: 'external_tool',
    orderId: null,
    payload,
    amountCents: null,
    currency: null,
    // What the person deciding should know about the tool, as its server describes it.
    eligibility: { title: tool.title ?? null, annotations: tool.annotations ?? {} }
  })
  return {
    ok: true,
    value: {
      action_id: actionId,
      status: 'pending_approval',
      server: tool.serverName,
      tool: tool.name,
      message: AWAITS_PERSON
    }
  }
}

/**
 * The connected servers' tools as the agent's catalog entries. A read-only tool is called at once,
 * with the drafting deadline; any other only becomes a proposed action.
 */
export function externalCatalogEntries(manager: McpClientManager): CatalogEntry[] {
  return manager.tools().map((tool) => ({
    definition: {
      type: 'function',
      function: {
        name: tool.qualifiedName,
        description: describeForModel(tool),
        parameters: tool.inputSchema
      }
    },
    readOnly: tool.readOnly,
    async run(ctx, args) {
      const checked = checkArguments(tool, args)
      if (!checked.ok) return checked
      if (!tool.readOnly) return propose(ctx, tool, checked.value)
      const outcome = await manager.callTool(tool.serverId, tool.name, checked.value, {
        timeoutMs: manager.callTimeoutMs,
        dialIfDown: false
      })
      if (!outcome.ok) {
        return {
          ok: false,
          error: {
            code: `external_tool_${outcome.kind}`,
            message: `${outcome.message} Go on without this tool.`
          }
        }
      }
      return toToolOutcome(tool, outcome.result)
    }
  }))
}

/**
 * Makes the call an approved `external_tool` action stores, once. The caller owns the
 * once-only part (the claim on the action); this only calls and reads the answer.
 */
export async function applyExternalToolAction(
  manager: Pick<McpClientManager, 'callTool' | 'applyTimeoutMs'>,
  action: ExternalToolAction
): Promise<CallOutcome<ExternalToolResult>> {
  const { server, serverName, tool, arguments: args } = action.payload
  const outcome = await manager.callTool(server, tool, args, {
    timeoutMs: manager.applyTimeoutMs,
    dialIfDown: true
  })
  if (!outcome.ok) {
    const maybeRan =
      outcome.kind === 'timeout'
        ? ` The call may still have run on ${serverName}: check there before trying again.`
        : ''
    return { ok: false, reason: `${outcome.message}${maybeRan}`, result: { error: outcome.kind } }
  }
  const result = {
    isError: outcome.result.isError === true,
    text: resultText(outcome.result),
    ...(outcome.result.structuredContent ? { structuredContent: outcome.result.structuredContent } : {})
  }
  if (result.isError)
    return {
      ok: false,
      reason: `${serverName} refused ${tool}: ${result.text || 'no details given'}`,
      result
    }
  return { ok: true, result }
}
