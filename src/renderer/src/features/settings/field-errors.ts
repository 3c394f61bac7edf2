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
      byField[field] ??= plainMessage(issue.message)
    else unplaced.push(`${fieldWords(issue.field)}: ${plainMessage(issue.message)}`)
  }
  const placed = Object.keys(byField).length > 0
  return {
    byField,
    general:
      placed && unplaced.length === 0
        ? null
        : unplaced.length > 0
          ? unplaced.join('; ')
          : plainMessage(error.message)
  }
}

/** A field's path as words: `models.0.inputPerMTok` is "Input per M tok", `(root)` is "The form". */
export function fieldWords(path: string): string {
  const last = path
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .at(-1)
  if (!last || last === '(root)') return 'The form'
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const count = (n: string): string => Number(n).toLocaleString()

type Sentence = (match: RegExpExecArray) => string

/**
 * zod's and the MCP SDK's words are for developers; a support lead reads "At most 500 characters.",
 * not "Too big: expected string to have <=500 characters", and "The server stopped before it
 * answered", not "MCP error -32000: Connection closed". Each known shape of message has its
 * sentence here; a message written for people already (the core's own) passes through as it is.
 */
const plainSentences: [RegExp, Sentence][] = [
  [/expected number, received (null|NaN|string|undefined)/i, () => 'Enter a number.'],
  [/expected (string|array|object), received undefined/i, () => 'Fill this in.'],
  [/^invalid input: expected boolean/i, () => 'Choose yes or no.'],
  [/expected int/i, () => 'Enter a whole number.'],
  [/too small: expected number to be >0\b/i, () => 'Must be more than 0.'],
  [/too small: expected number to be >=(-?[\d.]+)/i, (m) => `Must be ${count(m[1]!)} or more.`],
  [/too big: expected number to be <=(-?[\d.]+)/i, (m) => `Must be ${count(m[1]!)} or less.`],
  [/too small: expected number to be >(-?[\d.]+)/i, (m) => `Must be more than ${count(m[1]!)}.`],
  [/too big: expected number to be <(-?[\d.]+)/i, (m) => `Must be less than ${count(m[1]!)}.`],
  [/too small: expected string to have >=8 characters/i, () => 'That is too short to be an API key.'],
  [/too small: expected string to have >=1 characters/i, () => 'Fill this in.'],
  [/too small: expected string to have >=(\d+) characters/i, (m) => `At least ${count(m[1]!)} characters.`],
  [/too big: expected string to have <=(\d+) characters/i, (m) => `At most ${count(m[1]!)} characters.`],
  [/too small: expected array to have >=1 items/i, () => 'Add at least one.'],
  [/too small: expected array to have >=(\d+) items/i, (m) => `Add at least ${count(m[1]!)}.`],
  [/too big: expected array to have <=(\d+) items/i, (m) => `At most ${count(m[1]!)} entries.`],
  [/invalid url/i, () => 'Enter a full address, e.g. https://api.example.com/v1'],
  [/invalid email/i, () => 'Enter an email address, e.g. name@example.com.'],
  [/invalid string: must match pattern/i, () => 'Use only the characters this field allows.'],
  [
    /invalid option: expected one of (.+)$/i,
    (m) => `Choose one of: ${m[1]!.replace(/"/g, '').split('|').join(', ')}.`
  ],
  [
    /unrecognized keys?: (.+)$/i,
    (m) =>
      `This form sent something Frontline does not know (${m[1]!.replace(/"/g, '')}): reload the page and try again.`
  ],
  [
    /MCP error -32000: connection closed/i,
    () =>
      'The server stopped before it answered. Check its command and arguments: it must run on its own and speak MCP on its standard input and output.'
  ],
  [/MCP error -32001: request timed out/i, () => 'The server did not answer in time.'],
  [/MCP error -32601/i, () => 'The server does not offer what Frontline asked for.'],
  [/MCP error -32602/i, () => 'The server refused the request as malformed.'],
  [/MCP error -?\d+: (.+)$/i, (m) => `The MCP server answered with an error: ${m[1]}`],
  [/\bENOENT\b/, () => 'That command was not found on this machine.'],
  [/\bECONNREFUSED\b/, () => 'Nothing answers at that address: is the server running?']
]

/** A message as a person reads it (see plainSentences); the first known shape wins. */
export function plainMessage(message: string): string {
  for (const [pattern, sentence] of plainSentences) {
    const match = pattern.exec(message)
    if (match) return sentence(match)
  }
  if (/invalid url/i.test(message)) return 'Enter a full address, e.g. https://api.example.com/v1'
  const length = /too big: expected (?:string|array) to have <=(\d+) (characters|items)/i.exec(message)
  if (length) return `At most ${Number(length[1]).toLocaleString('en-US')} ${length[2]}.`
  if (/too small: expected string to have >=8 characters/i.test(message))
    return 'That is too short to be an API key.'
  return message.charAt(0).toUpperCase() + message.slice(1)
}
