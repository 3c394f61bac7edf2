import type { ComponentType } from 'react'
import type { ActionKind, ActionOf } from '../../../../../shared/domain/action'
import type { VariantSwap } from '../../../../../shared/domain/actions/variant-lines'
import { centsIn, EligibilityBlock, FactList } from './facts'

/**
 * What the views of order and account changes share (a cancellation, a new address, other variants,
 * another payment method): a titled block of rows, then the eligibility facts when there is an order.
 */
export function changeDetails<K extends ActionKind>(
  title: string,
  rows: (action: ActionOf<K>) => [string, string][],
  orderStatus?: (action: ActionOf<K>) => { status: string; checkedAt: string }
): ComponentType<{ action: ActionOf<K>; now: number }> {
  return function ChangeDetails({ action }) {
    const facts = orderStatus?.(action)
    return (
      <>
        <div className="action-card__block">
          <h4 className="action-card__block-title">{title}</h4>
          <FactList rows={rows(action)} label={title} className="facts facts--compact action-card__facts" />
        </div>
        {facts && <EligibilityBlock orderStatus={facts.status} checkedAt={facts.checkedAt} />}
      </>
    )
  }
}

const optionsText = (options: Record<string, string>): string => Object.values(options).join(', ') || '—'

/** One row per line moving to another variant, and the price difference. */
export function swapRows(action: {
  payload: {
    lines: VariantSwap[]
    price_difference_cents: number
    currency: string
    payment_method: { label: string }
  }
}): [string, string][] {
  const money = centsIn(action.payload.currency)
  const difference = action.payload.price_difference_cents
  return [
    ...action.payload.lines.map((line): [string, string] => [
      `${line.name} ×${line.quantity}`,
      `${optionsText(line.from_options)} → ${optionsText(line.to_options)}`
    ]),
    [
      difference >= 0 ? 'Charged' : 'Refunded',
      `${money(Math.abs(difference))} (${action.payload.payment_method.label})`
    ]
  ]
}
