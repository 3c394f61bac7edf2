import { ModelPrice } from '../../shared/domain/llm-settings'

export { ModelPrice }

/**
 * Tokens of one call. `input` counts every prompt token, cached ones included (as OpenAI's
 * `prompt_tokens` does); `cached` is the part of `input` the provider served from its cache.
 */
export interface TokenUsage {
  input: number
  output: number
  cached: number
  /** True when the provider reported no usage and the numbers are a chars/4 guess. */
  estimated: boolean
}

const TOKENS_PER_MTOK = 1_000_000n

const microUsdPerMTok = (usdPerMTok: number): bigint => BigInt(Math.round(usdPerMTok * 1_000_000))

const wholeTokens = (n: number): bigint => BigInt(Math.max(0, Math.floor(Number.isFinite(n) ? n : 0)))

/**
 * The cost of a call in integer micro-dollars. Cached input is billed at the cached price.
 * Prices are turned into integer micro-dollars per million tokens and multiplied in BigInt, so
 * the only rounding is the final one (half up, to the whole micro-dollar, once per call).
 */
export function costMicroUsd(
  price: ModelPrice,
  usage: Pick<TokenUsage, 'input' | 'output' | 'cached'>
): number {
  const input = wholeTokens(usage.input)
  const cached = wholeTokens(usage.cached) > input ? input : wholeTokens(usage.cached)
  const fresh = input - cached
  const inputRate = microUsdPerMTok(price.inputPerMTok)
  const cachedRate = microUsdPerMTok(price.cachedInputPerMTok ?? price.inputPerMTok)
  const outputRate = microUsdPerMTok(price.outputPerMTok)
  const scaled = fresh * inputRate + cached * cachedRate + wholeTokens(usage.output) * outputRate
  return Number((scaled + TOKENS_PER_MTOK / 2n) / TOKENS_PER_MTOK)
}

/** A free model (the offline demo) is never held back by the budget. */
export const isFree = (price: ModelPrice): boolean =>
  price.inputPerMTok === 0 && price.outputPerMTok === 0 && (price.cachedInputPerMTok ?? 0) === 0
