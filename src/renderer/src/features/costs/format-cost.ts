/**
 * LLM costs are integer micro-dollars, and one draft often costs a fraction of a cent. Shown with
 * as many decimals as it takes to see two significant digits (never more than six): $0.0042,
 * $0.000038, $1.234, $12.40; trailing zeros past the cents are dropped ($0.02). Zero is $0.00.
 */
export function formatMicroUsd(micro: number): string {
  const usd = micro / 1_000_000
  const size = Math.abs(usd)
  const decimals =
    size === 0 || size >= 10
      ? 2
      : size >= 1
        ? 3
        : size >= 0.01
          ? 4
          : Math.min(6, Math.ceil(-Math.log10(size)) + 1)
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: decimals
  }).format(usd)
}

/** To the micro-dollar, as the ledger and the CSV export keep it: $0.041236. */
export const exactUsd = (micro: number): string => `$${(micro / 1_000_000).toFixed(6)}`

/** A short amount for a chart axis: $0, $0.005, $0.25, $12. */
export function formatAxisUsd(micro: number): string {
  const usd = micro / 1_000_000
  if (usd === 0) return '$0'
  const decimals = usd >= 10 ? 0 : usd >= 1 ? 1 : Math.min(6, Math.ceil(-Math.log10(usd)) + 1)
  return `$${usd
    .toFixed(decimals)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '')}`
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })
const whole = new Intl.NumberFormat('en-US')

/** Token counts: 950, 12.3K, 4.1M. */
export const formatTokens = (tokens: number): string =>
  tokens < 10_000 ? whole.format(tokens) : compact.format(tokens)

export const formatCount = (n: number): string => whole.format(n)
