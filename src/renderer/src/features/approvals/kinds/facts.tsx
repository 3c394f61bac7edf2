import { centsToMoney, formatMoney } from '../../../../../shared/domain/money'

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
