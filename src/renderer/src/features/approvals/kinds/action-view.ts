import type { ComponentType } from 'react'
import type { ActionKind, ActionOf, ResultOf } from '../../../../../shared/domain/action'
import type { Tone } from '../../../components/Badge'

/** A record approving wrote, named for a person: "Return RET-… recorded". */
export interface AppliedRecord {
  name: string
  id: string
  verb: string
}

/**
 * How the console shows one kind of action: in the approvals queue (a card), in a ticket's
 * proposed actions (a summary) and in the decisions. One file per kind in this folder, gathered in
 * ./index.ts, found by kind; the shapes they read are the contract's (src/shared/domain/actions).
 */
export interface ActionView<K extends ActionKind> {
  /** The kind in words: "Return". */
  label: string
  tone: Tone
  /** The heading: a lead read by screen readers ("Return for order") and what it acts on. */
  heading(action: ActionOf<K>): { lead: string; target: string }
  /** What the money at stake is, when there is some: "Refund", "Credit". */
  amountLabel: string | null
  /** Why it was proposed, in words, and what the customer said. */
  reason(action: ActionOf<K>): string | null
  note(action: ActionOf<K>): string | null
  /** The card's body in the approvals queue. */
  Details: ComponentType<{ action: ActionOf<K>; now: number }>
  /** The compact body in a ticket's proposed actions. */
  Summary: ComponentType<{ action: ActionOf<K> }>
  /** What approving wrote. */
  records(result: ResultOf<K>): AppliedRecord[]
}

export const defineActionView = <K extends ActionKind>(view: ActionView<K>): ActionView<K> => view
