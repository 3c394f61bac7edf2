import { languageName } from '../../shared/domain/triage'
import type { Db } from '../db/connection'
import { macrosForIntent } from '../db/repositories/macros'
import { ticketLanguageAndIntent } from '../db/repositories/triage'

/** What triage and the team's macros tell the agent about a ticket before it drafts. */
export interface HelpDeskContext {
  /** The customer's language as triage (or a person) read it; null when unknown. */
  language: string | null
  /** Macros the team wants the AI to prefer for this ticket's intent. */
  preferredWordings: { name: string; body: string }[]
}

export function helpDeskContext(db: Db, ticketId: string): HelpDeskContext {
  const { language, intent } = ticketLanguageAndIntent(db, ticketId)
  return {
    language,
    preferredWordings: intent
      ? macrosForIntent(db, intent)
          .slice(0, 3)
          .map((m) => ({ name: m.name, body: m.body }))
      : []
  }
}

/** The prompt's lines for it; none for an English ticket with no preferred wording (the default). */
export function helpDeskPromptLines(context: HelpDeskContext | undefined): string[] {
  if (!context) return []
  const lines: string[] = []
  if (context.language && context.language !== 'en') {
    const name = languageName(context.language)
    lines.push(
      `The customer writes in ${name}: reply in ${name}. Prefer help-center articles in ${name} when search_help_center finds them.`
    )
  }
  for (const wording of context.preferredWordings) {
    lines.push(
      `The team prefers the wording of its macro "${wording.name}" for tickets like this one; follow it where it fits, with the facts the tools give (leave no {{placeholder}} in the reply):`,
      wording.body
    )
  }
  return lines
}
