import { performance } from 'node:perf_hooks'
import type { z } from 'zod'
import type { ToolCallStatus } from '../../shared/domain/draft'
import { JsonTooDeepError, parseBoundedJson } from '../bounded-json'
import { insertToolCall } from '../db/repositories/tool-calls'
import type { ToolContext, ToolDefinition, ToolError, ToolOutcome } from './define-tool'
import type { ToolSet } from './tool-catalog'

/** Where in a conversation a call was made, for its trace row. */
export interface ToolCallSite {
  /** The model's tool_call id, or the MCP request's id. */
  callId?: string | null
  round?: number
  /** The call was refused before it could run (e.g. its arguments were not JSON): recorded, not run. */
  refusal?: ToolError
}

/** The one status rule of the trace: a failure is an error; a tool that proposes an action, proposed. */
export const toolCallStatus = (outcome: ToolOutcome, proposes: boolean): ToolCallStatus =>
  !outcome.ok ? 'error' : proposes ? 'proposed' : 'ok'

/**
 * Validates, runs, times and records one tool call: the path every user of a tool takes (the draft
 * engine, the fallback drafter, the MCP server, the console and the CLI), so each call carries its
 * caller into the tool and onto its trace row. Never throws; a failure to record never fails the call.
 */
export async function runTool(
  tools: ToolSet,
  ctx: ToolContext,
  name: string,
  args: unknown,
  site: ToolCallSite = {}
): Promise<ToolOutcome> {
  const started = performance.now()
  const outcome: ToolOutcome = site.refusal
    ? { ok: false, error: site.refusal }
    : await tools.run(ctx, name, args)
  try {
    insertToolCall(ctx.db, {
      draftId: ctx.draftId ?? null,
      ticketId: ctx.ticketId ?? null,
      origin: ctx.origin,
      caller: ctx.caller,
      callId: site.callId ?? null,
      round: site.round ?? 0,
      tool: name,
      arguments: args,
      result: outcome,
      status: toolCallStatus(outcome, tools.proposes(name)),
      durationMs: performance.now() - started,
      createdAt: ctx.clock.now().toISOString()
    })
  } catch (error) {
    console.error(`[tools] could not record the ${name} call`, error)
  }
  return outcome
}

/** What a tool returns, read off its definition: typed handles for code that calls tools itself. */
export type ToolResultOf<T> = T extends ToolDefinition<z.ZodType, infer R> ? R : never

/**
 * Calls tools by their definitions rather than by name strings, with typed arguments and results
 * (the fallback drafter's way in). Each call goes through `runTool`, one round after another.
 */
export function toolHandles(tools: ToolSet, ctx: ToolContext) {
  let round = 0
  return <S extends z.ZodType, R>(tool: ToolDefinition<S, R>, input: z.input<S>): Promise<ToolOutcome<R>> =>
    runTool(tools, ctx, tool.name, input, { round: round++ }) as Promise<ToolOutcome<R>>
}

/** The model's arguments text as a value, or the error the model is told when it is not JSON. */
export function parseModelArguments(
  text: string
): { ok: true; value: unknown } | { ok: false; error: ToolError } {
  if (text.trim() === '') return { ok: true, value: {} }
  try {
    return { ok: true, value: parseBoundedJson(text) }
  } catch (error) {
    if (error instanceof JsonTooDeepError) {
      return {
        ok: false,
        error: {
          code: 'invalid_arguments',
          message: `The tool arguments are ${error.message}.`,
          field: 'arguments'
        }
      }
    }
    return {
      ok: false,
      error: {
        code: 'invalid_json',
        message: 'The tool arguments were not valid JSON; send a JSON object.',
        field: 'arguments'
      }
    }
  }
}
