/**
 * How an unsent reply tells the customer a person's decision (each kind of action words it, see
 * actions/kinds): rewritten into one text, not appended to one that still says "awaiting approval".
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

/**
 * Words that only hold while a decision is awaited: "awaiting approval", "once it is approved",
 * "will be confirmed", "a teammate will confirm". After the decision, a sentence with them is false.
 */
const AWAITING_DECISION =
  /\b(?:awaiting (?:approval|review|a decision|a teammate|confirmation)|pending (?:approval|review)|once (?:it is|it's|they are|they're|this is|that is) (?:approved|confirmed|reviewed)|(?:will|would) be confirmed|(?:teammate|colleague|person|someone) (?:will|who will|to) (?:confirm|review|approve)|(?:will|to) confirm (?:it|this|the (?:return|refund|credit)))\b/i

/** Whether a text still speaks as if the decision were awaited. */
export const awaitsDecision = (text: string): boolean => AWAITING_DECISION.test(text)

/** Sentences of a paragraph, each with its closing punctuation and the space after it. */
// A stop ends a sentence only before a space or the end: "$12.50" and "ORD-1.2" stay whole.
const sentencesOf = (paragraph: string): string[] =>
  paragraph
    .match(/(?:[^.!?]|[.!?](?!["')\]]*(?:\s|$)))+(?:[.!?]+["')\]]*|$)\s*/g)
    ?.filter((s) => s.trim() !== '') ?? [paragraph]

/**
 * The template's rewrite: every sentence that still awaits the decision goes, and the decision's
 * words take the place of the first of them (before the closing when none did). What else the reply
 * says, a person's words among it, stays as written.
 */
export function rewriteWithDecision(body: string, decision: string): string {
  const paragraphs = body.trimEnd().split(/\n[ \t]*\n/)
  let placed = false
  const kept: string[] = []
  for (const paragraph of paragraphs) {
    const sentences = sentencesOf(paragraph)
    const staying = sentences.filter((s) => !awaitsDecision(s))
    if (staying.length === sentences.length) {
      kept.push(paragraph)
      continue
    }
    const rest = staying.join('').trim()
    if (rest) kept.push(rest)
    if (!placed) kept.push(decision)
    placed = true
  }
  const text = kept.join('\n\n')
  return placed ? text : withDecisionNote(text, decision)
}
