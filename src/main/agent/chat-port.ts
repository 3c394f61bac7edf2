import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions'

/** What the draft loop needs from the LLM gateway; the gateway in src/main/llm implements it. */
export interface ChatRequest {
  providerId: string
  model: string
  messages: ChatCompletionMessageParam[]
  tools?: ChatCompletionTool[]
  ticketId?: string
  draftId?: string
  /** A lab replay's call: its ledger row is marked as lab spend (see src/main/replay). */
  replayId?: string
  signal?: AbortSignal
  /**
   * Ask for the answer as a stream (the default) or whole. Whole answers cost far less to parse;
   * `onTokens` hears only streamed ones.
   */
  stream?: boolean
  onTokens?: (text: string) => void
  /**
   * Structured output: the answer must be JSON matching this schema (OpenAI's `response_format`
   * of type json_schema). Providers that ignore it still answer; the caller validates what comes.
   */
  responseFormat?: { name: string; schema: Record<string, unknown> }
  /** Sent as `max_tokens`; also what the budget and the limiter reserve for the answer. */
  maxOutputTokens?: number
}

export type ChatFailureKind =
  'rate_limited' | 'timeout' | 'error' | 'breaker_open' | 'over_budget' | 'cancelled'

export type ChatOutcome =
  | {
      ok: true
      content: string
      toolCalls: { id: string; name: string; arguments: string }[]
      usage: { input: number; output: number; cached: number; estimated: boolean }
      costMicroUsd: number
      latencyMs: number
      model: string
      providerId: string
    }
  | { ok: false; kind: ChatFailureKind; message: string; retryAfterMs?: number; latencyMs: number }

export interface ChatPort {
  chat(request: ChatRequest): Promise<ChatOutcome>
}

export interface ModelChoice {
  providerId: string
  model: string
}
