import type { AppError } from '../../../../shared/result'
import type { SaveState } from '../../store/settings-slice'

export interface FieldErrors {
  /** The core's message for a field, by its path under the part's prefix (`baseURL`, `models.0.inputPerMTok`). */
  byField: Record<string, string>
  /** What no field on the form explains: shown above its Save button. */
  general: string | null
}

const none: FieldErrors = { byField: {}, general: null }

/**
 * Sorts a refused save's issues to the fields they name. `prefix` is where the form's values sit in
 * the request (`provider.` for a provider form); issues about other fields go to `general`.
 */
export function fieldErrors(
  save: SaveState | undefined,
  prefix = '',
  known: readonly string[] = []
): FieldErrors {
  if (save?.state !== 'failed') return none
  return sortIssues(save.error, prefix, known)
}

export function sortIssues(error: AppError, prefix: string, known: readonly string[]): FieldErrors {
  const byField: Record<string, string> = {}
  const unplaced: string[] = []
  for (const issue of error.issues ?? []) {
    const field = issue.field.startsWith(prefix) ? issue.field.slice(prefix.length) : null
    if (field !== null && (known.length === 0 || known.includes(field)))
      byField[field] ??= friendly(issue.message)
    else unplaced.push(`${issue.field}: ${friendly(issue.message)}`)
  }
  const placed = Object.keys(byField).length > 0
  return {
    byField,
    general:
      placed && unplaced.length === 0 ? null : unplaced.length > 0 ? unplaced.join('; ') : error.message
  }
}

/** zod's words are for developers; a support lead reads "enter a number", not "received null". */
function friendly(message: string): string {
  if (/expected number, received (null|NaN|string)/i.test(message)) return 'Enter a number.'
  if (/too small: expected number to be >0/i.test(message)) return 'Must be more than 0.'
  if (/too small: expected number to be >=0/i.test(message)) return 'Must be 0 or more.'
  if (/expected int/i.test(message)) return 'Enter a whole number.'
  const bound = /too (small|big): expected number to be ([<>]=?)(-?\d+(?:\.\d+)?)/i.exec(message)
  if (bound) {
    const [, , sign, n] = bound
    if (sign === '>=') return `Must be ${Number(n).toLocaleString('en-US')} or more.`
    if (sign === '<=') return `Must be ${Number(n).toLocaleString('en-US')} or less.`
  }
  if (/invalid url/i.test(message)) return 'Enter a full address, e.g. https://api.example.com/v1'
  const length = /too big: expected (?:string|array) to have <=(\d+) (characters|items)/i.exec(message)
  if (length) return `At most ${Number(length[1]).toLocaleString('en-US')} ${length[2]}.`
  if (/too small: expected string to have >=8 characters/i.test(message))
    return 'That is too short to be an API key.'
  return message.charAt(0).toUpperCase() + message.slice(1)
}
