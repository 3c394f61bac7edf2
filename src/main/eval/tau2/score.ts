import type { Action } from '../../../shared/domain/action'
import type { StateDifference } from './shop-state'

/** How a trial is scored, as τ²-bench scores its retail tasks: the final state, and what the customer was told. */

/** Why a trial failed, each reason in words a person can act on. */
export type FailureReason =
  | { kind: 'row_differs'; row: string; actual: string | null; expected: string | null }
  | { kind: 'missing_action'; action: string }
  | { kind: 'extra_action'; action: string }
  | { kind: 'not_approved'; action: string; status: string }
  | { kind: 'info_not_given'; info: string }
  | { kind: 'error'; message: string }

/** An action as compared: its kind and what it acts on ("cancel_order #W123", "change_customer_address ava_1"). */
export function labelOfAction(action: Action): string {
  const payload = action.payload as { customer_id?: unknown }
  const target = action.orderId ?? (typeof payload.customer_id === 'string' ? payload.customer_id : '')
  return `${action.kind} ${target}`.trim()
}

/** What is in `a` and not in `b`, counting repeats. */
function multisetMinus(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b]
  return a.filter((item) => {
    const index = left.indexOf(item)
    if (index < 0) return true
    left.splice(index, 1)
    return false
  })
}

export function actionReasons(applied: readonly string[], expected: readonly string[]): FailureReason[] {
  return [
    ...multisetMinus(expected, applied).map((action): FailureReason => ({ kind: 'missing_action', action })),
    ...multisetMinus(applied, expected).map((action): FailureReason => ({ kind: 'extra_action', action }))
  ]
}

export const rowReasons = (differences: readonly StateDifference[]): FailureReason[] =>
  differences.map((d) => ({ kind: 'row_differs', row: d.row, actual: d.actual, expected: d.expected }))

/** τ²-bench's check: each piece of information appears in what the agent said (case and commas aside). */
export function missingInfo(info: readonly string[], agentMessages: readonly string[]): FailureReason[] {
  const said = agentMessages.join('\n').toLowerCase().replace(/,/g, '')
  return info
    .filter((piece) => !said.includes(piece.toLowerCase().replace(/,/g, '')))
    .map((piece) => ({ kind: 'info_not_given', info: piece }))
}

type ReasonOf<K extends FailureReason['kind']> = Extract<FailureReason, { kind: K }>

const REASON_WORDS: { [K in FailureReason['kind']]: (reason: ReasonOf<K>) => string } = {
  row_differs: (r) =>
    `${r.row}: ${r.actual ?? '(no row)'} where the expected actions leave ${r.expected ?? '(no row)'}`,
  missing_action: (r) => `missing action: ${r.action}`,
  extra_action: (r) => `extra action: ${r.action}`,
  not_approved: (r) => `proposed but ${r.status}: ${r.action}`,
  info_not_given: (r) => `the customer was not told "${r.info}"`,
  error: (r) => `error: ${r.message}`
}

export const describeReason = (reason: FailureReason): string =>
  (REASON_WORDS[reason.kind] as (r: FailureReason) => string)(reason)

/** C(n, k), exactly for the small numbers trials come in. */
export function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0
  let result = 1
  for (let i = 1; i <= k; i += 1) result = (result * (n - k + i)) / i
  return result
}

/**
 * pass^k of one task: the chance that k trials drawn from its n all pass, C(c, k) / C(n, k) with c
 * successes (τ²-bench's estimator). Averaged over tasks for the score.
 */
export const passHatK = (successes: number, trials: number, k: number): number =>
  trials < k ? Number.NaN : choose(successes, k) / choose(trials, k)

export function averagePassHatK(tasks: readonly { successes: number; trials: number }[], k: number): number {
  const values = tasks.map((t) => passHatK(t.successes, t.trials, k)).filter((v) => !Number.isNaN(v))
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length
}
