import {
  agreementOf,
  type Agreement,
  type OriginalReply,
  type ReplayAction,
  type ShadowDraft
} from '../../shared/domain/replay'

/**
 * The agreement measure: does the new draft do what the sent reply did? Three sets are compared,
 * each as a set (order and repeats do not count):
 *
 * - tools: the names of the tools called (refused calls too: they show what the model set out to
 *   do). Not compared when the sent reply recorded none (written by hand);
 * - orders: the orders it is about, canonical ids (looked up by a tool, or named in the text);
 * - actions: what it proposed for a person to approve, as kind and order (a return of order A,
 *   a refund of order B); none on both sides agrees.
 *
 * The draft agrees when every compared set is the same; the score is the share of compared sets
 * that are. docs/replay-lab.md says the same for people.
 */

type Work = Pick<OriginalReply | ShadowDraft, 'tools' | 'orders' | 'actions'>

const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const left = new Set(a)
  const right = new Set(b)
  return left.size === right.size && [...left].every((value) => right.has(value))
}

export const actionKey = (action: ReplayAction): string => `${action.kind}:${action.orderId ?? '-'}`

export function compareReplies(original: Work, shadow: Work): Agreement {
  return agreementOf({
    tools:
      original.tools === null
        ? null
        : sameSet(
            original.tools.map((call) => call.tool),
            (shadow.tools ?? []).map((call) => call.tool)
          ),
    orders: sameSet(original.orders, shadow.orders),
    actions: sameSet(original.actions.map(actionKey), shadow.actions.map(actionKey))
  })
}
