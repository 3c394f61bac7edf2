import { z } from 'zod'
import { issuesFromZod } from '../../shared/result'
import { ToolFailure, type ToolContext, type ToolDefinition, type ToolOutcome } from './define-tool'

export type AnyTool = ToolDefinition<z.ZodType, unknown>

export interface ToolRegistry {
  readonly tools: readonly AnyTool[]
  get(name: string): AnyTool | undefined
  /** Validates the arguments and runs the tool; never throws. */
  run(ctx: ToolContext, name: string, args: unknown): ToolOutcome
}

/** The JSON Schema that models and MCP hosts see, generated from the zod input schema. */
export function toolJsonSchema(tool: AnyTool): Record<string, unknown> {
  const schema = z.toJSONSchema(tool.input, { target: 'draft-7', io: 'input' }) as Record<string, unknown>
  delete schema.$schema
  return schema
}

export function toOpenAiTools(tools: readonly AnyTool[]) {
  return tools.map((tool) => ({
    type: 'function' as const,
    function: { name: tool.name, description: tool.description, parameters: toolJsonSchema(tool) }
  }))
}

export function createToolRegistry(tools: readonly AnyTool[]): ToolRegistry {
  const byName = new Map(tools.map((t) => [t.name, t]))
  if (byName.size !== tools.length) throw new Error('two tools share a name')
  return {
    tools,
    get: (name) => byName.get(name),
    run(ctx, name, args) {
      const tool = byName.get(name)
      if (!tool) {
        return {
          ok: false,
          error: {
            code: 'unknown_tool',
            message: `Unknown tool "${name}". Available: ${[...byName.keys()].join(', ')}`,
            field: 'name'
          }
        }
      }
      const parsed = tool.input.safeParse(args ?? {})
      if (!parsed.success) {
        const issues = issuesFromZod(parsed.error)
        return {
          ok: false,
          error: {
            code: 'invalid_arguments',
            message: `Invalid arguments for ${name}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
            field: issues[0]?.field
          }
        }
      }
      try {
        return { ok: true, value: tool.execute(ctx, parsed.data) }
      } catch (error) {
        if (error instanceof ToolFailure) return { ok: false, error: error.toolError }
        console.error(`[tools] ${name} failed`, error)
        return {
          ok: false,
          error: { code: 'tool_failed', message: `${name} failed unexpectedly; try again.` }
        }
      }
    }
  }
}
