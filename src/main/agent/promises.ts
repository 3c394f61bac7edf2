/**
 * The one home of what counts as a promise in a reply: autopilot holds an unbacked one, the demo
 * model and the fallback drafter create a follow-up before they make one.
 */

/**
 * Words that promise the team will do something ("I've asked a teammate to check", "a teammate will
 * open a trace", "we'll get back to you"). Said unprompted, they are true only when a follow-up makes
 * them a task; "reply here and we'll open a trace" asks the customer first and is not one.
 */
const PROMISE =
  /\b(?:(?:teammate|colleague|specialist|manager|someone from (?:the|our) team)s?,? (?:will|who will|is going to|are going to|(?:is|are) (?:reviewing|looking into|checking|handling))|will follow up|(?:I|we)(?:['’]ve| have) (?:flagged|asked|passed|escalated|forwarded|raised|handed)|(?:I|we)(?:['’]ll| will) (?:get back|follow up|be in touch|look into|investigate|reach out|contact you|update you|keep you (?:updated|posted))|get back to you|follow up (?:with you|on (?:this|it|your))|someone will)\b/i

/** Whether a reply promises the team will do something. */
export const promisesFollowUp = (text: string): boolean => PROMISE.test(text)

/** The sentences of a text that make a promise, as written. */
export const promiseSentences = (text: string): string[] =>
  (text.match(/(?:[^.!?]|[.!?](?!["')\]]*(?:\s|$)))+(?:[.!?]+["')\]]*|$)/g) ?? [])
    .map((s) => s.trim())
    .filter((s) => PROMISE.test(s))

/** The task a follow-up gets for the promises of a reply, in the reply's own words. */
export const followUpTaskFor = (text: string): string =>
  `Do what the reply to the customer promised: ${promiseSentences(text).join(' ')}`.slice(0, 500)
