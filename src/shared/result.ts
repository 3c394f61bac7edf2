import type { z } from 'zod'

/** Every answer that crosses a process boundary is a result, never a thrown error. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export type ErrorCode =
  | 'invalid_input'
  | 'unknown_channel'
  | 'unauthenticated'
  | 'not_found'
  | 'conflict'
  | 'not_allowed'
  | 'unavailable'
  | 'internal'

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `ticketId` or `items.0.quantity`. */
  field: string
  message: string
}

export interface AppError {
  code: ErrorCode
  message: string
  issues?: FieldIssue[]
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: ErrorCode, message: string, issues?: FieldIssue[]): Result<never> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message }
})

/** Thrown inside the core by handlers; the dispatcher turns it into a failed result. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[]
  ) {
    super(message)
    this.name = 'AppFailure'
  }
}

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
    message: issue.message
  }))
}

/** One line a person can read: `ticketId: Invalid input: expected string, received number`. */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join('; ')
}

export function invalidInput(error: z.ZodError, what = 'input'): Result<never> {
  const issues = issuesFromZod(error)
  return fail('invalid_input', `Invalid ${what}: ${describeIssues(issues)}`, issues)
}

/** Parses `value` or throws an invalid_input failure naming each field under `prefix` (e.g. `provider`). */
export function parseOrFail<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issues = issuesFromZod(parsed.error).map((issue) => ({
    ...issue,
    field: prefix ? (issue.field === '(root)' ? prefix : `${prefix}.${issue.field}`) : issue.field
  }))
  throw new AppFailure('invalid_input', `Not saved: ${describeIssues(issues)}`, issues)
}
