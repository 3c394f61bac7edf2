import { z } from 'zod'
import type { Db } from '../db/connection'
import type { Clock } from '../core/clock'
import type { Caller } from '../../shared/domain/caller'

/** What ran the tool (the drafting model, the fallback drafter, an MCP host, a person or the CLI): on every trace row and proposed action. */
export type ToolOrigin = 'agent' | 'fallback' | 'mcp' | 'cli' | 'chat'

export interface ToolContext {
  db: Db
  clock: Clock
  /**
   * On whose behalf the tool runs, which decides what it may show and act on: the conversation's
   * customer (or guest) when the agent drafts a reply, the MCP host, the person or the CLI.
   */
  caller: Caller
  origin: ToolOrigin
  /** e.g. the MCP client's name and version. */
  originDetail?: string
  ticketId?: string
  draftId?: string
  /** The ticket's customer, when known: suggestions list their orders first. */
  customerId?: string
}

export interface ToolError {
  code: string
  message: string
  /** The input field at fault, when one is. */
  field?: string
  /** Real alternatives from the database (e.g. order ids of that date). */
  suggestions?: string[]
}

export type ToolOutcome<T = unknown> = { ok: true; value: T } | { ok: false; error: ToolError }

/** Thrown by executors for an expected refusal; the registry turns it into a structured error. */
export class ToolFailure extends Error {
  constructor(readonly toolError: ToolError) {
    super(toolError.message)
    this.name = 'ToolFailure'
  }
}

export interface ToolDefinition<S extends z.ZodType = z.ZodType, R = unknown> {
  name: string
  title: string
  /** Written for a model: when to use the tool and what it returns. */
  description: string
  input: S
  /**
   * Read-only tools run at once; the others only ever propose an action for a person to approve,
   * unless they run at once too (runsAtOnce).
   */
  readOnly: boolean
  /**
   * A tool that changes only the team's own records (a follow-up task) and nothing of the customer's
   * or the shop's money: it runs at once and its trace row says 'ok', like a look-up's.
   */
  runsAtOnce?: boolean
  /** MCP annotations. */
  destructive: boolean
  idempotent: boolean
  execute(ctx: ToolContext, input: z.output<S>): R
}

/** Whether running the tool only proposes an action for a person to approve. */
export const proposesAction = (tool: Pick<ToolDefinition, 'readOnly' | 'runsAtOnce'>): boolean =>
  !tool.readOnly && tool.runsAtOnce !== true

export function defineTool<S extends z.ZodType, R>(definition: ToolDefinition<S, R>): ToolDefinition<S, R> {
  return definition
}
