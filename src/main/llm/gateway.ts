import type { ProviderHealth } from '../../shared/contract'
import type { ChatOutcome, ChatPort, ChatRequest } from '../agent/chat-port'
import { systemClock, type Clock } from '../core/clock'
import type { LlmCallOutcome, LlmCallRecord } from '../db/repositories/llm-calls'
import type { DailyBudget, Reservation } from './budget'
import {
  createCircuitBreaker,
  type BreakerChange,
  type BreakerTicket,
  type CircuitBreaker,
  type CircuitBreakerOptions
} from './circuit-breaker'
import { redact, type KeyStore } from './keys'
import { costMicroUsd, isFree, type ModelPrice, type TokenUsage } from './pricing'
import { classifyProviderError, type ClassifiedFailure } from './provider-errors'
import type { StreamEnd } from './completion-stream'
import { inThreadStreams, type StreamTransport } from './stream-transport'
import { findModel, type ProviderProfile } from './providers'
import { createRateLimiter, type RateLimiter } from './rate-limiter'
import { systemTimers, type Timers } from './timers'
import { createNodeHttpFetch } from './node-http-fetch'
import { createTokenBatcher } from './token-batcher'

export type { ChatOutcome, ChatRequest } from '../agent/chat-port'

/** The lead's request plus knobs the draft loop may set per call. */
export interface GatewayChatRequest extends ChatRequest {
  /** Overrides the provider profile's timeout for this call. */
  timeoutMs?: number
}

export interface ProviderConnection {
  profile: ProviderProfile
  /** Replaces the network: the offline demo model plugs into the SDK here. */
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>
  /** A key that needs no KeyStore (the demo model accepts any). */
  apiKey?: string
}

export interface LlmGatewayOptions {
  providers: readonly ProviderConnection[]
  /** The key each provider may use now (the core decides which key may go to which host). */
  keys?: Pick<KeyStore, 'get'>
  /** Every call, answered or refused, is reported here; the core writes it to `llm_calls`. */
  recordCall?: (record: LlmCallRecord) => void
  /** Paid calls are checked against it; free models (the demo) never are. */
  budget?: DailyBudget
  /** Told whenever a provider's breaker changes state; `health` is the `provider.health` event payload. */
  onHealthChange?: (health: ProviderHealth, change: BreakerChange) => void
  breaker?: Omit<CircuitBreakerOptions, 'timers' | 'onStateChange'>
  /** Longest wait for the rate limiter before the call fails as rate_limited. */
  maxQueueWaitMs?: number
  /**
   * Attempts per chat(): another follows a 429 whose Retry-After fits the queue wait, or a transient
   * failure (HTTP 5xx or 408, a dropped connection) before anything streamed.
   */
  maxAttempts?: number
  /** The pause before trying again after a transient failure. */
  retryBackoffMs?: number
  tokenBatch?: { intervalMs?: number; maxChars?: number }
  clock?: Clock
  timers?: Timers
  /** Runs the streamed calls of providers reached over HTTP (the stream worker in the apps); on this thread by default. */
  streams?: StreamTransport
  /** Where the gateway's own warnings go; every line is redacted first. */
  log?: (line: string) => void
}

/** The contract's `provider.health` payload plus the limiter's view, for diagnostics. */
export interface ProviderStatus extends ProviderHealth {
  name: string
  inFlight: number
  queued: number
  pausedForMs: number
}

export interface LlmGateway extends ChatPort {
  chat(request: GatewayChatRequest): Promise<ChatOutcome>
  health(): ProviderStatus[]
  profiles(): ProviderProfile[]
}

/** What the budget and the limiter hold back for an answer when the caller sets no max_tokens. */
export const DEFAULT_OUTPUT_RESERVE = 1024
/** A 429 without Retry-After still pauses the provider this long. */
const DEFAULT_RATE_LIMIT_PAUSE_MS = 5_000

type Failure = Extract<ChatOutcome, { ok: false }>
type Success = Extract<ChatOutcome, { ok: true }>

// The estimate is the length of the prompt as JSON. The draft loop sends the same tool list on
// every call and the same message objects again each round, plus the new ones; serializing all of
// it again only to count characters was a visible share of a call's CPU under load, so each
// object's length is counted once. (An object changed in place after a call would keep its old
// count; nothing does that, and it is only an estimate.)
const jsonLengths = new WeakMap<object, number>()
const jsonLength = (value: object): number => {
  let chars = jsonLengths.get(value)
  if (chars === undefined) {
    chars = JSON.stringify(value).length
    jsonLengths.set(value, chars)
  }
  return chars
}
/** `JSON.stringify(items).length`, counted item by item: the draft loop sends each call a new array of the same items. */
const arrayJsonLength = (items: readonly object[]): number => {
  let chars = 2 + Math.max(0, items.length - 1)
  for (const item of items) chars += jsonLength(item)
  return chars
}
/** Exactly `JSON.stringify(request.messages).length + JSON.stringify(request.tools).length`. */
const promptJsonLength = (request: GatewayChatRequest): number =>
  arrayJsonLength(request.messages) + (request.tools ? arrayJsonLength(request.tools) : 0)

/** Tokens as OpenAI-style tokenizers average them for English: about four characters each. */
export const estimateTokens = (chars: number): number => Math.ceil(chars / 4)

interface ProviderRuntime {
  connection: ProviderConnection
  limiter: RateLimiter
  breaker: CircuitBreaker
  /** The provider's own fetch (the demo model) streams on this thread; every other goes to `options.streams`. */
  streams: StreamTransport
  /** Redacted; cleared by the next success. */
  lastError: string | null
}

type AttemptResult =
  | { ok: true; content: string; toolCalls: Success['toolCalls']; usage: TokenUsage }
  | { ok: false; failure: ClassifiedFailure; usage?: TokenUsage }

/**
 * The one way the app talks to a model: the openai SDK over an OpenAI-compatible endpoint, with a
 * per-provider rate limiter and circuit breaker, a daily budget, an explicit deadline, streamed
 * tokens in batches, and a ledger row for every call. `chat` never throws: every failure is an
 * outcome the draft loop can fall back on, and no outcome, row or log line carries an API key.
 */
export function createLlmGateway(options: LlmGatewayOptions): LlmGateway {
  const clock = options.clock ?? systemClock
  const timers = options.timers ?? systemTimers
  const maxQueueWaitMs = options.maxQueueWaitMs ?? 15_000
  const maxAttempts = Math.max(1, options.maxAttempts ?? 2)
  const retryBackoffMs = options.retryBackoffMs ?? 300
  const pause = (ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms))
  const log = options.log ?? ((line: string) => console.warn(line))
  const knownKeys = new Set<string>()
  const safe = (text: string) => redact(text, [...knownKeys])

  const runtimes = new Map<string, ProviderRuntime>()
  const httpStreams = options.streams ?? inThreadStreams(createNodeHttpFetch())
  const healthOf = (runtime: ProviderRuntime): ProviderHealth => {
    const retryInMs = runtime.breaker.retryInMs()
    return {
      providerId: runtime.connection.profile.id,
      state: runtime.breaker.state(),
      consecutiveFailures: runtime.breaker.failures(),
      retryAt: retryInMs === null ? null : new Date(clock.now().getTime() + retryInMs).toISOString(),
      lastError: runtime.lastError
    }
  }
  for (const connection of options.providers) {
    const { profile } = connection
    if (runtimes.has(profile.id)) throw new Error(`provider "${profile.id}" is configured twice`)
    if (connection.apiKey) knownKeys.add(connection.apiKey)
    const runtime: ProviderRuntime = {
      connection,
      limiter: createRateLimiter({ ...profile.rateLimits, maxQueueWaitMs, timers }),
      breaker: createCircuitBreaker({
        ...options.breaker,
        timers,
        onStateChange: (change) =>
          options.onHealthChange?.(healthOf(runtime), { ...change, reason: safe(change.reason) })
      }),
      streams: connection.fetch ? inThreadStreams(connection.fetch) : httpStreams,
      lastError: null
    }
    runtimes.set(profile.id, runtime)
  }

  const record = (row: LlmCallRecord) => {
    if (!options.recordCall) return
    try {
      options.recordCall({ ...row, error: row.error === null ? null : safe(row.error) })
    } catch (error) {
      log(
        safe(
          `[llm] could not record a ${row.provider} call: ${error instanceof Error ? error.message : String(error)}`
        )
      )
    }
  }

  async function attempt(
    runtime: ProviderRuntime,
    apiKey: string,
    request: GatewayChatRequest,
    estimatedInput: number
  ): Promise<AttemptResult> {
    const { profile } = runtime.connection
    const timeoutMs = request.timeoutMs ?? profile.timeoutMs
    const controller = new AbortController()
    let timedOut = false
    const deadline = timers.setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const onCallerAbort = () => controller.abort()
    request.signal?.addEventListener('abort', onCallerAbort, { once: true })
    const batcher = createTokenBatcher((text) => request.onTokens?.(text), {
      ...options.tokenBatch,
      timers,
      onError: (error) => log(safe(`[llm] onTokens listener failed: ${String(error)}`))
    })
    const usageOf = (end: StreamEnd): TokenUsage => {
      if (end.reported) return { ...end.reported, estimated: false }
      const outChars =
        end.content.length + end.toolCalls.reduce((n, c) => n + c.name.length + c.arguments.length, 0)
      return { input: estimatedInput, output: estimateTokens(outChars), cached: 0, estimated: true }
    }
    const failed = (end: StreamEnd, failure: ClassifiedFailure): AttemptResult => ({
      ok: false,
      failure,
      // A refused request (HTTP error before any chunk) is not billed; a stream cut short is, for what
      // came. A whole answer our deadline cut off was most likely being written: its prompt is billed.
      ...(end.received || (request.stream === false && timedOut) ? { usage: usageOf(end) } : {})
    })
    const classify = (why: string) =>
      classifyProviderError(new Error(why), {
        providerName: profile.name,
        timeoutMs,
        timedOut,
        cancelled: request.signal?.aborted ?? false,
        nowMs: Date.now()
      })

    try {
      const end = await runtime.streams.stream({
        endpoint: { name: profile.name, baseURL: profile.baseURL, apiKey, timeoutMs },
        body: {
          model: request.model,
          messages: request.messages,
          ...(request.stream === false
            ? { stream: false as const }
            : { stream: true as const, stream_options: { include_usage: true } }),
          ...(request.tools && request.tools.length > 0 ? { tools: request.tools } : {}),
          ...(request.maxOutputTokens ? { max_tokens: request.maxOutputTokens } : {}),
          ...(request.responseFormat
            ? {
                response_format: {
                  type: 'json_schema' as const,
                  json_schema: {
                    name: request.responseFormat.name,
                    schema: request.responseFormat.schema,
                    strict: true
                  }
                }
              }
            : {})
        },
        signal: controller.signal,
        onText: (text) => batcher.push(text)
      })
      // An aborted stream may end quietly, so our own flags decide first.
      if (timedOut || controller.signal.aborted) return failed(end, classify('aborted'))
      if (end.failure) return failed(end, end.failure)
      if (!end.finished) {
        return failed(
          end,
          classify(
            request.stream === false
              ? 'the answer came back incomplete (no finish_reason)'
              : 'the stream ended before the answer was complete (no finish_reason)'
          )
        )
      }
      return { ok: true, content: end.content, toolCalls: end.toolCalls, usage: usageOf(end) }
    } finally {
      batcher.flush()
      timers.clearTimeout(deadline)
      request.signal?.removeEventListener('abort', onCallerAbort)
    }
  }

  async function chat(request: GatewayChatRequest): Promise<ChatOutcome> {
    const started = performance.now()
    const elapsed = () => Math.round(performance.now() - started)
    const row = (
      outcome: LlmCallOutcome,
      fields: Partial<LlmCallRecord> & { latencyMs: number }
    ): LlmCallRecord => ({
      provider: request.providerId,
      model: request.model,
      ticketId: request.ticketId ?? null,
      draftId: request.draftId ?? null,
      replayId: request.replayId ?? null,
      tokensIn: 0,
      tokensOut: 0,
      tokensCached: 0,
      usageEstimated: false,
      costMicroUsd: 0,
      error: null,
      createdAt: clock.now().toISOString(),
      outcome,
      ...fields
    })
    const refuse = (kind: Failure['kind'], message: string, retryAfterMs?: number): Failure => {
      const clean = safe(message)
      record(row(kind, { latencyMs: elapsed(), error: clean }))
      return {
        ok: false,
        kind,
        message: clean,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        latencyMs: elapsed()
      }
    }

    const runtime = runtimes.get(request.providerId)
    if (!runtime) {
      return refuse(
        'error',
        `Unknown AI provider "${request.providerId}" (configured: ${[...runtimes.keys()].join(', ')}).`
      )
    }
    const { profile } = runtime.connection
    const price: ModelPrice | undefined = findModel(profile, request.model)
    if (!price) {
      return refuse(
        'error',
        `${profile.name} has no model "${request.model}" (known: ${profile.models.map((m) => m.id).join(', ')}).`
      )
    }
    if (request.signal?.aborted) return refuse('cancelled', 'The call was cancelled before it started.')

    let key: string | undefined
    try {
      key = runtime.connection.apiKey ?? (await options.keys?.get(profile.id))
    } catch (error) {
      return refuse('error', `Could not read the API key for ${profile.name}: ${String(error)}`)
    }
    if (!key) return refuse('error', `No API key is set for ${profile.name}.`)
    knownKeys.add(key)

    const promptChars = promptJsonLength(request)
    const estimatedInput = estimateTokens(promptChars)
    const outputReserve = request.maxOutputTokens ?? DEFAULT_OUTPUT_RESERVE

    let reservation: Reservation | undefined
    if (options.budget && !isFree(price)) {
      const reserved = options.budget.reserve(
        costMicroUsd(price, { input: estimatedInput, output: outputReserve, cached: 0 })
      )
      if (!reserved.ok) return refuse('over_budget', reserved.message)
      reservation = reserved.reservation
    }

    try {
      for (let attemptNo = 1; ; attemptNo++) {
        const admission = runtime.breaker.admit()
        if (!admission.ok) {
          return refuse(
            'breaker_open',
            runtime.breaker.state() === 'half_open'
              ? `${profile.name} has been failing; one test call is checking whether it is back.`
              : `${profile.name} has been failing, so calls to it are paused; the next try is in about ${Math.ceil(admission.retryAfterMs / 1000)} s.`,
            admission.retryAfterMs
          )
        }
        const ticket: BreakerTicket = admission.ticket
        const acquired = await runtime.limiter.acquire(estimatedInput + outputReserve, request.signal)
        if (!acquired.ok) {
          ticket.abandon()
          if (acquired.reason === 'cancelled')
            return refuse('cancelled', 'The call was cancelled while it waited its turn.')
          return refuse(
            'rate_limited',
            acquired.reason === 'paused'
              ? `${profile.name} asked Frontline to wait ${Math.ceil((acquired.retryAfterMs ?? 0) / 1000)} s before calling again.`
              : `${profile.name} is at its rate limit; the call waited ${Math.round(acquired.waitedMs / 1000)} s for its turn and gave up.`,
            acquired.retryAfterMs
          )
        }

        const attemptStarted = performance.now()
        const result = await attempt(runtime, key, request, estimatedInput)
        const latencyMs = Math.round(performance.now() - attemptStarted)
        const usage = result.usage ?? { input: 0, output: 0, cached: 0, estimated: false }
        acquired.permit.release(usage.input + usage.output)
        const cost = costMicroUsd(price, usage)
        const usageFields = {
          latencyMs,
          tokensIn: usage.input,
          tokensOut: usage.output,
          tokensCached: usage.cached,
          usageEstimated: usage.estimated,
          costMicroUsd: cost
        }

        if (result.ok) {
          runtime.lastError = null
          ticket.succeed()
          record(row('ok', usageFields))
          return {
            ok: true,
            content: result.content,
            toolCalls: result.toolCalls,
            usage,
            costMicroUsd: cost,
            latencyMs: elapsed(),
            model: request.model,
            providerId: profile.id
          }
        }

        const { failure } = result
        const message = safe(failure.message)
        runtime.lastError = message
        if (failure.unhealthy) ticket.fail(message)
        else ticket.abandon()
        record(row(failure.kind, { ...usageFields, error: message }))

        if (failure.kind === 'rate_limited') {
          const pauseMs = failure.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS
          runtime.limiter.pause(pauseMs)
          // Wait it out only when the pause fits in the queue wait; otherwise let the draft fall back now.
          if (attemptNo < maxAttempts && pauseMs <= maxQueueWaitMs && !request.signal?.aborted) continue
        }
        // A streamed answer already reached its listeners: trying again would repeat it.
        if (failure.transient && !result.usage && attemptNo < maxAttempts && !request.signal?.aborted) {
          await pause(retryBackoffMs * attemptNo)
          if (!request.signal?.aborted) continue
        }
        return {
          ok: false,
          kind: failure.kind,
          message,
          ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
          latencyMs: elapsed()
        }
      }
    } finally {
      reservation?.release()
    }
  }

  return {
    chat: async (request) => {
      try {
        return await chat(request)
      } catch (error) {
        // A bug of ours must still end as an outcome the draft can fall back on.
        const message = safe(
          `Internal error in the AI gateway: ${error instanceof Error ? error.message : String(error)}`
        )
        log(`[llm] ${message}`)
        return { ok: false, kind: 'error', message, latencyMs: 0 }
      }
    },
    health: () =>
      [...runtimes.values()].map((runtime) => ({
        ...healthOf(runtime),
        name: runtime.connection.profile.name,
        ...runtime.limiter.state()
      })),
    profiles: () => [...runtimes.values()].map((r) => r.connection.profile)
  }
}
