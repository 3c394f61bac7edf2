import OpenAI from 'openai'
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming
} from 'openai/resources/chat/completions'
import { classifyProviderError, type ClassifiedFailure } from './provider-errors'
import type { TokenUsage } from './pricing'
import type { Fetch } from './node-http-fetch'
import { createToolCallAssembler, type AssembledToolCall } from './tool-call-assembler'

/** Where and how to reach one provider; enough to build its SDK client in any thread. */
export interface ProviderEndpoint {
  /** For people, in failure messages. */
  name: string
  baseURL: string
  apiKey: string
  timeoutMs: number
}

export type ReportedUsage = Omit<TokenUsage, 'estimated'>

/** How a completion ended, streamed or whole: what came, and the failure if it did not complete. */
export interface StreamEnd {
  /** At least one chunk arrived (a refused request is not billed; a stream cut short is). */
  received: boolean
  content: string
  toolCalls: AssembledToolCall[]
  /** The provider's own usage figures, when it sent them. */
  reported?: ReportedUsage
  /** A finish_reason arrived: the answer is complete. */
  finished: boolean
  failure?: ClassifiedFailure
}

export interface StreamCall {
  endpoint: ProviderEndpoint
  /** `stream: false` asks for the whole answer in one response; no text deltas come then. */
  body: ChatCompletionCreateParamsStreaming | ChatCompletionCreateParamsNonStreaming
  /** Aborts the request; a stream then ends with whatever came. */
  signal: AbortSignal
  /** Text deltas as they arrive. */
  onText(text: string): void
}

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined

/** Usage as the provider reported it; the cached count has three spellings across vendors. */
function readProviderUsage(raw: unknown): ReportedUsage | undefined {
  if (!raw || typeof raw !== 'object') return undefined
  const u = raw as Record<string, unknown>
  const input = num(u.prompt_tokens) ?? num(u.input_tokens)
  const output = num(u.completion_tokens) ?? num(u.output_tokens)
  if (input === undefined && output === undefined) return undefined
  const details = (u.prompt_tokens_details ?? u.input_tokens_details) as
    Record<string, unknown> | null | undefined
  const cached =
    num(details?.cached_tokens) ?? num(u.prompt_cache_hit_tokens) ?? num(u.cache_read_input_tokens) ?? 0
  return { input: input ?? 0, output: output ?? 0, cached: Math.min(cached, input ?? 0) }
}

/** One SDK client per endpoint and key, reused: building one per call would redo its setup every time. */
export function createSdkClients(fetch: Fetch | undefined): (endpoint: ProviderEndpoint) => OpenAI {
  const clients = new Map<string, OpenAI>()
  return (endpoint) => {
    const id = `${endpoint.baseURL}\n${endpoint.timeoutMs}\n${endpoint.apiKey}`
    let sdk = clients.get(id)
    if (!sdk) {
      sdk = new OpenAI({
        baseURL: endpoint.baseURL,
        apiKey: endpoint.apiKey,
        timeout: endpoint.timeoutMs,
        // Retries are the gateway's to decide (after the limiter, within the budget), never hidden in the SDK.
        maxRetries: 0,
        // The SDK logs raw response chunks when it cannot parse them; nothing of it reaches our logs.
        logLevel: 'off',
        ...(fetch ? { fetch } : {})
      })
      clients.set(id, sdk)
    }
    return sdk
  }
}

/**
 * One chat completion through the SDK, streamed or whole as the body asks. It never throws: a
 * failure is classified here, where the SDK's error object still is, so the same function can run
 * on the gateway's thread or in the stream worker and answer the same way.
 */
export function runCompletion(sdk: OpenAI, call: StreamCall): Promise<StreamEnd> {
  return call.body.stream ? streamCompletion(sdk, call, call.body) : wholeCompletion(sdk, call, call.body)
}

const classifyFailure = (error: unknown, call: StreamCall): ClassifiedFailure =>
  classifyProviderError(error, {
    providerName: call.endpoint.name,
    timeoutMs: call.endpoint.timeoutMs,
    timedOut: false,
    cancelled: false,
    nowMs: Date.now()
  })

/** The deltas put together as they come. */
async function streamCompletion(
  sdk: OpenAI,
  call: StreamCall,
  body: ChatCompletionCreateParamsStreaming
): Promise<StreamEnd> {
  const tools = createToolCallAssembler()
  let content = ''
  let reported: ReportedUsage | undefined
  let finished = false
  let received = false
  const end = (failure?: ClassifiedFailure): StreamEnd => ({
    received,
    content,
    toolCalls: tools.finish(),
    ...(reported ? { reported } : {}),
    finished,
    ...(failure ? { failure } : {})
  })
  try {
    const stream = await sdk.chat.completions.create(body, {
      signal: call.signal,
      timeout: call.endpoint.timeoutMs,
      maxRetries: 0
    })
    for await (const chunk of stream) {
      received = true
      reported = readProviderUsage(chunk.usage) ?? reported
      for (const choice of chunk.choices ?? []) {
        if ((choice.index ?? 0) !== 0) continue
        const delta = choice.delta
        if (typeof delta?.content === 'string' && delta.content.length > 0) {
          content += delta.content
          call.onText(delta.content)
        }
        for (const fragment of delta?.tool_calls ?? []) tools.add(fragment)
        if (choice.finish_reason) finished = true
      }
    }
    return end()
  } catch (error) {
    return end(classifyFailure(error, call))
  }
}

/**
 * The whole answer in one response: for callers no one is reading tokens for, where parsing an
 * event stream (a chunk per token) is CPU spent for nothing. Its tool calls pass through the same
 * assembler as streamed ones, so a missing id or an object for arguments is mended alike.
 */
async function wholeCompletion(
  sdk: OpenAI,
  call: StreamCall,
  body: ChatCompletionCreateParamsNonStreaming
): Promise<StreamEnd> {
  try {
    const completion = await sdk.chat.completions.create(body, {
      signal: call.signal,
      timeout: call.endpoint.timeoutMs,
      maxRetries: 0
    })
    const choice = completion.choices?.find((c) => (c.index ?? 0) === 0)
    const tools = createToolCallAssembler()
    ;(choice?.message?.tool_calls ?? []).forEach((toolCall, index) => {
      if (toolCall.type === 'function') tools.add({ index, id: toolCall.id, function: toolCall.function })
    })
    const reported = readProviderUsage(completion.usage)
    return {
      received: true,
      content: typeof choice?.message?.content === 'string' ? choice.message.content : '',
      toolCalls: tools.finish(),
      ...(reported ? { reported } : {}),
      finished: Boolean(choice?.finish_reason)
    }
  } catch (error) {
    return {
      received: false,
      content: '',
      toolCalls: [],
      finished: false,
      failure: classifyFailure(error, call)
    }
  }
}
