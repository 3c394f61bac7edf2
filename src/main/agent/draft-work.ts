import type { Draft } from '../../shared/domain/draft'
import { AppFailure } from '../../shared/result'

/**
 * The one rule for setting a person's work aside: Regenerate, Discard and Restore (the console, the
 * CLI) refuse to replace a draft someone edited, or one telling a decision, unless asked to.
 */

/**
 * Why setting this unsent draft aside would cost a person's work, in words, or null when it would
 * not: replacing or discarding it then needs `confirmEdited`.
 */
export function keptWorkOf(draft: Draft): string | null {
  if (draft.status === 'sent' || draft.status === 'discarded') return null
  if (draft.editedBy !== null)
    return `This draft was edited by ${draft.editedBy}${draft.editedAt ? ` at ${draft.editedAt}` : ''}`
  if (draft.toldDecision) return "This draft tells the customer a teammate's decision"
  return null
}

/** Refuses to set a person's work aside unless asked to, naming the flag that asks. */
export function requireConfirmation(draft: Draft, confirmEdited: boolean | undefined, doing: string): void {
  const kept = keptWorkOf(draft)
  if (!kept || confirmEdited) return
  throw new AppFailure(
    'conflict',
    `${kept}. ${doing} sets that text aside (it stays in the draft history and can be restored): send confirmEdited: true to go ahead.`,
    [{ field: 'confirmEdited', message: 'required to set aside a draft a person edited' }]
  )
}
