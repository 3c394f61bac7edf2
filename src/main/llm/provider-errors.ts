import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai'
import type { ChatFailureKind } from '../agent/chat-port'

export interface ClassifiedFailure {
  kind: ChatFailureKind
  /** For people; the caller redacts it before it goes anywhere. */
  message: string
  retryAfterMs?: number
  /** Whether it says the provider is unhealthy (counts towards opening the breaker). */
  unhealthy: boolean
  /** A blip worth one more try (HTTP 5xx or 408, a dropped connection), unlike a refusal or our own deadline. */
  transient?: boolean
}

export interface FailureContext {
  providerName: string
  timeoutMs: number
  /** Our own deadline fired (the SDK only times out the wait for response headers). */
  timedOut: boolean
  /** The caller's signal fired. */
  cancelled: boolean
  nowMs: number
}

const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000
const MAX_MESSAGE = 400

const clampMs = (ms: number) => Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)))

/** `retry-after-ms` (milliseconds), else `Retry-After` as seconds or as an HTTP date. */
export function parseRetryAfter(headers: Headers | undefined, nowMs: number): number | undefined {
  const ms = headers?.get('retry-after-ms')
  if (ms && Number.isFinite(Number(ms))) return clampMs(Number(ms))
  const value = headers?.get('retry-after')?.trim()
  if (!value) return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return clampMs(Number(value) * 1000)
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : clampMs(at - nowMs)
}

/** "30 s", or "0.3 s" for a deadline under a second (rounding it gave "0 s"). */
const seconds = (ms: number): string => `${ms < 1000 ? Math.round(ms / 100) / 10 : Math.round(ms / 1000)} s`

const shorten = (text: string) => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text)

/** The provider's own words about an HTTP error, without the SDK's status prefix. */
const providerWords = (error: APIError): string => {
  const body = error.error as { message?: unknown } | undefined
  if (body && typeof body.message === 'string' && body.message) return body.message
  return error.message.replace(/^\d{3}\s*/, '') || 'no details'
}

/** Turns whatever the SDK threw into an outcome kind and a sentence a support agent can act on. */
export function classifyProviderError(error: unknown, ctx: FailureContext): ClassifiedFailure {
  const who = ctx.providerName
  if (ctx.timedOut || error instanceof APIConnectionTimeoutError) {
    return {
      kind: 'timeout',
      message: `${who} did not finish answering within ${seconds(ctx.timeoutMs)}.`,
      unhealthy: true
    }
  }
  if (ctx.cancelled || error instanceof APIUserAbortError) {
    return { kind: 'cancelled', message: 'The call was cancelled.', unhealthy: false }
  }
  if (error instanceof APIError && error.status !== undefined) {
    const status = error.status
    const words = shorten(providerWords(error))
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(error.headers, ctx.nowMs)
      return {
        kind: 'rate_limited',
        message: `${who} is rate-limiting requests (HTTP 429${retryAfterMs !== undefined ? `, retry in ${Math.ceil(retryAfterMs / 1000)} s` : ''}): ${words}`,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        unhealthy: false
      }
    }
    if (status === 401 || status === 403) {
      return {
        kind: 'error',
        message: `${who} refused the API key (HTTP ${status}): ${words}`,
        unhealthy: true
      }
    }
    // 400/422 concern this one request; 404 (unknown model) and 5xx concern every call.
    return {
      kind: 'error',
      message: `${who} answered HTTP ${status}: ${words}`,
      unhealthy: status >= 500 || status === 404 || status === 408,
      ...(status >= 500 || status === 408 ? { transient: true } : {})
    }
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
    return {
      kind: 'error',
      message: shorten(`Could not reach ${who}${cause}`),
      unhealthy: true,
      transient: true
    }
  }
  if (error instanceof APIError) {
    // An error event inside an otherwise successful stream.
    return {
      kind: 'error',
      message: shorten(`${who} reported an error mid-stream: ${providerWords(error)}`),
      unhealthy: true
    }
  }
  const text = error instanceof Error ? error.message : String(error)
  return { kind: 'error', message: shorten(`Unexpected failure talking to ${who}: ${text}`), unhealthy: true }
}
