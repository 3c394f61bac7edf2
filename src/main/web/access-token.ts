import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A fresh secret per launch; base64url so it is a valid WebSocket subprotocol token and URL fragment. */
export const createAccessToken = (): string => randomBytes(32).toString('base64url')

/**
 * Whether a token given by the operator (to keep it across restarts) may guard the console: long
 * enough not to be guessed, and readable from the page's address (see tokenFromHash).
 */
export const isUsableAccessToken = (token: string): boolean => /^[A-Za-z0-9_-]{32,128}$/.test(token)

/** Constant-time: hashing first gives equal lengths, so neither the content nor the length leaks. */
export function tokenMatches(expected: string, candidate: string | null | undefined): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0) return false
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(expected), digest(candidate))
}
