import { z } from 'zod'
import { actionSchema } from './base'

/** A call to a mutating tool of an external MCP server, made once a person approves it. */

/** Enough to make the very call the model asked for. */
export const ExternalToolPayload = z.object({
  server: z.string().min(1),
  serverName: z.string(),
  tool: z.string().min(1),
  qualifiedName: z.string(),
  arguments: z.record(z.string(), z.unknown())
})
export type ExternalToolPayload = z.infer<typeof ExternalToolPayload>

/** What the person deciding should know about the tool, as its server describes it. */
export const ExternalToolEligibility = z.object({
  title: z.string().nullable().default(null),
  annotations: z.record(z.string(), z.unknown()).default({})
})
export type ExternalToolEligibility = z.infer<typeof ExternalToolEligibility>

/** The server's answer, or why no answer came (`error`: timeout, unreachable…). */
export const ExternalToolResult = z.union([
  z.object({ isError: z.boolean(), text: z.string(), structuredContent: z.unknown().optional() }),
  z.object({ error: z.string() })
])
export type ExternalToolResult = z.infer<typeof ExternalToolResult>

export const ExternalToolAction = actionSchema('external_tool', {
  payload: ExternalToolPayload,
  eligibility: ExternalToolEligibility,
  result: ExternalToolResult
})
export type ExternalToolAction = z.infer<typeof ExternalToolAction>
