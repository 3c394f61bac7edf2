import type { AnyTool } from './registry'

/** Frontline's own tools, in the order models and MCP hosts see them. */
export const shopTools: readonly AnyTool[] = []
