import type { ReactNode } from 'react'
import { centsToMoney, formatMoney } from '../../../../../shared/domain/money'
import { StateBadge } from '../../../components/Badge'
import { formatDateTime } from '../../../format'

/** Formats cents of one currency: `centsIn('USD')(1250)` → "$12.50". */
export const centsIn =
  (currency: string) =>
  (cents: number): string =>
    formatMoney(centsToMoney(cents, currency))

/** An action's facts as a compact definition list. */
export function FactList({
  rows,
  label = 'Eligibility facts',
  className = 'facts facts--compact'
}: {
  rows: readonly (readonly [string, string])[]
  label?: string
  className?: string
}) {
  return (
    <dl className={className} aria-label={label}>
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/**
 * A card's "Eligibility" block: the order's status, the kind's own facts (`children`, as `<div><dt/>
 * <dd/></div>` rows), and when the policy checked them; `badge` beside the title, `after` below.
 */
export function EligibilityBlock({
  orderStatus,
  checkedAt,
  badge,
  after,
  children
}: {
  orderStatus: string
  checkedAt: string
  badge?: ReactNode
  after?: ReactNode
  children?: ReactNode
}) {
  return (
    <div className="action-card__block">
      <h4 className="action-card__block-title">
        Eligibility
        {badge}
      </h4>
      <dl className="facts facts--compact action-card__facts">
        <div>
          <dt>Order status</dt>
          <dd>
            <StateBadge value={orderStatus} label="Order status" />
          </dd>
        </div>
        {children}
        <div>
          <dt>Checked</dt>
          <dd>
            <time dateTime={checkedAt}>{formatDateTime(checkedAt)}</time>
          </dd>
        </div>
      </dl>
      {after}
    </div>
  )
}
