import type { Automatic } from '../db/repositories/email'

/**
 * Mail no person wrote to the shop: auto-replies, bounces, mailing lists, and the shop's own
 * messages coming back. They are filed in the thread, never drafted for and never answered
 * automatically, so two robots cannot answer each other forever (RFC 3834).
 */
export interface HeaderView {
  get(name: string): string | undefined
}

const BOUNCE_SENDER = /^(mailer-daemon|postmaster)@/i

/** Why this email is automatic, or null when a person wrote it. Bounces win: they say most. */
export function classifyAutomatic(
  headers: HeaderView,
  from: string,
  shopAddresses: readonly string[]
): Automatic | null {
  const returnPath = headers.get('return-path')
  const contentType = headers.get('content-type') ?? ''
  if (
    (returnPath !== undefined && /^\s*<?\s*>?\s*$/.test(returnPath)) ||
    /report-type\s*=\s*"?delivery-status/i.test(contentType) ||
    BOUNCE_SENDER.test(from)
  ) {
    return 'bounce'
  }
  if (shopAddresses.some((address) => address && address.toLowerCase() === from.toLowerCase())) return 'own'
  const autoSubmitted = headers.get('auto-submitted')?.trim().toLowerCase()
  const precedence = headers.get('precedence')?.trim().toLowerCase()
  if (
    (autoSubmitted !== undefined && autoSubmitted !== 'no') ||
    precedence === 'auto_reply' ||
    headers.get('x-autoreply') !== undefined ||
    headers.get('x-autorespond') !== undefined
  ) {
    return 'auto_reply'
  }
  if (
    precedence === 'bulk' ||
    precedence === 'list' ||
    precedence === 'junk' ||
    ['list-id', 'list-unsubscribe', 'list-post'].some((name) => headers.get(name) !== undefined)
  ) {
    return 'list'
  }
  return null
}
