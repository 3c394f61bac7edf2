/**
 * The ticket's token in an email subject, "[TKT-000123]": a customer's mail app keeps it in a
 * reply's subject even when it drops the threading headers.
 */
const TOKEN = /\[(TKT-\d{6,})\]/

export const ticketToken = (ticketId: string): string => `[${ticketId}]`

export function ticketIdInSubject(subject: string): string | undefined {
  return TOKEN.exec(subject)?.[1]
}

/** "Re: <subject> [TKT-…]", once each, whatever the customer's subject already carried. */
export function replySubject(subject: string, ticketId: string): string {
  const bare = subject.replace(TOKEN, '').replace(/\s+/g, ' ').trim() || '(no subject)'
  const re = /^(re|aw|sv|antw)\s*:/i.test(bare) ? bare : `Re: ${bare}`
  return `${re} ${ticketToken(ticketId)}`
}
