import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { proposesAction, type ToolError, type ToolOutcome } from '../tools/define-tool'
import type { AnyTool } from '../tools/registry'

export const AWAITS_APPROVAL_NOTE =
  'Proposed only, nothing has changed yet: this action awaits approval by a person in the Frontline console.'

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** One readable paragraph: the message, the field at fault, and real alternatives when the tool found some. */
export function describeToolError(error: ToolError): string {
  const lines = [error.message]
  if (error.field && !error.message.includes(error.field)) lines.push(`Field: ${error.field}`)
  const [first] = error.suggestions ?? []
  if (first && !error.message.includes(first)) lines.push(`Did you mean: ${error.suggestions?.join(', ')}`)
  return lines.join('\n')
}

/**
 * A tool's outcome as MCP sees it. Failures are `isError` results (the host's model can read them
 * and correct itself), never protocol errors; structured content carries the same data for hosts
 * that parse it.
 */
export function toCallToolResult(tool: AnyTool, outcome: ToolOutcome): CallToolResult {
  if (!outcome.ok) {
    return {
      isError: true,
      content: [{ type: 'text', text: describeToolError(outcome.error) }],
      structuredContent: { error: { ...outcome.error } }
    }
  }
  const content: CallToolResult['content'] = [{ type: 'text', text: JSON.stringify(outcome.value, null, 2) }]
  if (proposesAction(tool)) content.unshift({ type: 'text', text: AWAITS_APPROVAL_NOTE })
  return isPlainObject(outcome.value) ? { content, structuredContent: outcome.value } : { content }
}
