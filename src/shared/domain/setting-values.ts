import { z } from 'zod'

/**
 * The kinds of value Settings stores, each with the words a person reads when one is refused. The
 * contract's inputs and the stored settings use these same schemas, so whatever is accepted
 * reads back after a restart.
 */

/** Whether `value` has at most `places` decimals (within float noise: 0.1 + 0.2 counts as 0.3). */
const hasAtMostDecimals = (value: number, places: number): boolean => {
  const scaled = value * 10 ** places
  return Math.abs(scaled - Math.round(scaled)) < 1e-6
}

interface DecimalRule {
  /** What the value is, as a person would say it: "the daily budget", "a price". */
  what: string
  example: string
  max: number
  places: number
  placesHint: string
  maxHint: string
}

/** A finite, non-negative decimal with a fixed precision. Infinity, NaN and `1e999` are refused by name. */
const decimal = (rule: DecimalRule) =>
  z
    .number({ error: `Enter ${rule.what}, e.g. ${rule.example}.` })
    .min(0, 'Must be 0 or more.')
    .max(rule.max, rule.maxHint)
    .refine((value) => hasAtMostDecimals(value, rule.places), rule.placesHint)

/** US dollars with whole cents, e.g. a daily budget. */
export const UsdAmount = decimal({
  what: 'an amount in dollars',
  example: '25 or 12.50',
  max: 1_000_000,
  places: 2,
  placesHint: 'Use whole cents, e.g. 12.50.',
  maxHint: 'Must be $1,000,000 or less.'
})

/** USD per million tokens: at most 6 decimals, so it is a whole number of micro-dollars. */
export const UsdPerMTok = decimal({
  what: 'the price in dollars per million tokens',
  example: '0.28',
  max: 10_000,
  places: 6,
  placesHint: 'Use at most 6 decimals, e.g. 0.000125.',
  maxHint: 'Must be $10,000 or less per million tokens.'
})

/** A whole count of 1 or more, e.g. requests per minute. */
export const PositiveCount = (max: number) =>
  z
    .number({ error: 'Enter a whole number.' })
    .int('Enter a whole number.')
    .min(1, 'Must be more than 0.')
    .max(max, `Must be ${max.toLocaleString('en-US')} or less.`)

/**
 * Turns what a person typed into a number only when it is a plain decimal ("12", "12.50", ".5"):
 * `Number()` would also take "0x10", "1e999" (Infinity) or "" (0). Anything else is NaN, for the
 * form to refuse before it is sent (NaN and Infinity cross a JSON bridge as null).
 */
export function parseDecimalText(text: string): number {
  const trimmed = text.trim()
  const value = /^-?(\d+(\.\d*)?|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN
  return Number.isFinite(value) ? value : Number.NaN
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain http may reach, because nothing leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  return v4 !== null && v4.slice(1).every((n) => Number(n) <= 255) && v4[1] === '127'
}

/** Why a base URL may not carry an API key, or null when it may. */
export function baseUrlProblem(text: string): string | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'Enter a full address, e.g. https://api.example.com/v1'
  }
  if (url.username || url.password) return 'Leave the user name and password out of the address.'
  if (url.protocol === 'https:') return null
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname)
      ? null
      : 'Use https:// (plain http:// is allowed only for this machine: localhost, 127.0.0.1 or ::1).'
  }
  return 'Use an https:// address (or http:// to this machine).'
}

/** An endpoint an API key or a token may be sent to: https, or plain http to this machine only. */
export const SecureUrl = z
  .string({ error: 'Enter a full address, e.g. https://api.example.com/v1' })
  .trim()
  .max(2_000, 'That address is too long.')
  .superRefine((text, ctx) => {
    const problem = baseUrlProblem(text)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/** The scheme, host and port of a URL: where a key was entered for. */
export const originOf = (url: string): string => new URL(url).origin
