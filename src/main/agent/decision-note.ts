/**
 * Where the line telling the customer a decision goes in an unsent reply (each kind of action
 * words it, see actions/kinds): a reply proposing a return should not still say "a teammate will
 * confirm" with no outcome beside it.
 */

// A closing line near the end of a reply: "Best regards,", "Kind regards,", "Thanks,", "Sincerely,"…
const CLOSING =
  /\n\s*\n(?=[ \t]*(?:(?:best|kind|warm|many thanks and)\s+regards|regards|best wishes|best|thanks|thank you|sincerely|cheers)\b[^\n]{0,20}\n)/gi
const CLOSING_WINDOW = 160

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
