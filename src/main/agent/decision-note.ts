import type { Action } from '../../shared/domain/action'
import { formatMoney } from '../../shared/domain/money'

// A closing line near the end of a reply: "Best regards,", "Kind regards,", "Thanks,", "Sincerely,"…
const CLOSING =
  /\n\s*\n(?=[ \t]*(?:(?:best|kind|warm|many thanks and)\s+regards|regards|best wishes|best|thanks|thank you|sincerely|cheers)\b[^\n]{0,20}\n)/gi
const CLOSING_WINDOW = 160

/**
 * The sentence an unsent reply gains when a person decides the return it proposed, so the customer
 * hears the outcome in that reply instead of the model's "a teammate will confirm". A rejection's
 * reason is for the record and may be internal: it never reaches the customer's text.
 */
export function decisionNote(
  action: Pick<Action, 'orderId'>,
  decision:
    { kind: 'approved'; returnId: string; refundCents: number; currency: string } | { kind: 'rejected' }
): string {
  const order = action.orderId ? ` for order ${action.orderId}` : ''
  if (decision.kind === 'rejected') {
    return `Update: we have reviewed your return request${order} and are not able to accept it as it stands. Reply to this message if you would like us to take another look.`
  }
  const refund = formatMoney({ amount: decision.refundCents / 100, currency: decision.currency })
  return `Update: your return ${decision.returnId}${order} has been approved, and a refund of ${refund} is on its way to your original payment method.`
}

/** The note goes before the closing line when the reply ends with one, else at the end. */
export function withDecisionNote(body: string, note: string): string {
  const text = body.trimEnd()
  let at = -1
  for (const match of text.matchAll(CLOSING)) {
    if (match.index >= text.length - CLOSING_WINDOW) at = match.index
  }
  if (at < 0) return `${text}\n\n${note}`
  return `${text.slice(0, at)}\n\n${note}${text.slice(at)}`
}
