import { proposesAction, type ToolContext, type ToolOutcome } from './define-tool'
import { toOpenAiTools, type ToolRegistry } from './registry'

export interface OpenAiTool {
  type: 'function'
  function: { name: string; description: string; parameters: Record<string, unknown> }
}

/** A tool from outside the registry (an external MCP server's), as the agent offers and runs it. */
export interface CatalogEntry {
  definition: OpenAiTool
  /** False: running it only proposes an action for a person, so the trace marks it `proposed`. */
  readOnly: boolean
  run(ctx: ToolContext, args: unknown): Promise<ToolOutcome>
}

/** The tools of one draft: fixed when it starts, so every round offers and runs the same set. */
export interface ToolSet {
  readonly openAiTools: readonly OpenAiTool[]
  /** Running it only proposes an action for a person (its trace row says 'proposed'). */
  proposes(name: string): boolean
  /** Never throws: an unknown tool or a failing one is an error outcome the model can read. */
  run(ctx: ToolContext, name: string, args: unknown): Promise<ToolOutcome>
}

/** Called once per draft. */
export type ToolCatalog = () => ToolSet

/**
 * Frontline's own tools plus whatever `extra` offers right now (the connected external servers'
 * tools). The registry's definitions are computed once; the extras are asked for on every draft.
 */
export function createToolCatalog(
  registry: ToolRegistry,
  extra: () => readonly CatalogEntry[] = () => []
): ToolCatalog {
  const own = toOpenAiTools(registry.tools) as OpenAiTool[]
  return () => {
    const entries = new Map<string, CatalogEntry>()
    for (const entry of extra()) {
      if (!registry.get(entry.definition.function.name)) entries.set(entry.definition.function.name, entry)
    }
    const names = (): string => [...registry.tools.map((t) => t.name), ...entries.keys()].join(', ')
    return {
      openAiTools: [...own, ...[...entries.values()].map((e) => e.definition)],
      proposes: (name) => {
        const own = registry.get(name)
        if (own) return proposesAction(own)
        return entries.get(name)?.readOnly === false
      },
      async run(ctx, name, args) {
        if (registry.get(name)) return registry.run(ctx, name, args)
        const entry = entries.get(name)
        if (!entry) {
          return {
            ok: false,
            error: {
              code: 'unknown_tool',
              message: `Unknown tool "${name}". Available: ${names()}`,
              field: 'name'
            }
          }
        }
        try {
          return await entry.run(ctx, args)
        } catch (error) {
          console.error(`[agent] tool ${name} failed`, error)
          return {
            ok: false,
            error: { code: 'tool_failed', message: `${name} failed unexpectedly; go on without it.` }
          }
        }
      }
    }
  }
}
