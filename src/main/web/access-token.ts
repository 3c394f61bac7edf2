import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A fresh secret per launch; base64url so it is a valid WebSocket subprotocol token and URL fragment. */
export const createAccessToken = (): string => randomBytes(32).toString('base64url')

/** Constant-time: hashing first gives equal lengths, so neither the content nor the length leaks. */
export function tokenMatches(expected: string, candidate: string | null | undefined): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0) return false
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(expected), digest(candidate))
}
