import type { ActionOf } from '../../../../../shared/domain/action'
import { Badge } from '../../../components/Badge'
import { formatDate } from '../../../format'
import { reasonWords } from '../action-words'
import { defineActionView } from './action-view'
import { centsIn, EligibilityBlock, FactList } from './facts'

type ReturnAction = ActionOf<'return'>

const DAY_MS = 86_400_000

const lineMoney = (action: ReturnAction) => centsIn(action.payload.refund.currency)

function ReturnItems({ action }: { action: ReturnAction }) {
  const { items, refund } = action.payload
  const money = lineMoney(action)
  return (
    <div className="action-card__block">
      <h4 className="action-card__block-title">Items to return</h4>
      {items.length === 0 ? (
        <p className="muted">The proposal lists no items.</p>
      ) : (
        <table className="action-items">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Unit price
              </th>
              <th scope="col" className="num">
                Refund
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((line) => (
              <tr key={line.item_id}>
                <td>
                  <span className="action-items__name">{line.name}</span>
                  <span className="action-items__sku mono">{line.product_id}</span>
                </td>
                <td className="num">{line.quantity}</td>
                <td className="num">{money(line.unit_price_cents)}</td>
                <td className="num">{money(line.line_cents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {refund.shipping_cents > 0 ? (
              <tr>
                <th scope="row" colSpan={3}>
                  Shipping
                </th>
                <td className="num">{money(refund.shipping_cents)}</td>
              </tr>
            ) : null}
            <tr className="action-items__total">
              <th scope="row" colSpan={3}>
                Refund total
              </th>
              <td className="num">{money(refund.total_cents)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      {refund.notes.length > 0 ? (
        <ul className="action-card__notes">
          {refund.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

function windowState(
  closesAt: string,
  now: number
): { tone: 'success' | 'warning' | 'danger'; words: string } | null {
  const closes = Date.parse(closesAt)
  if (Number.isNaN(closes)) return null
  const daysLeft = Math.floor((closes - now) / DAY_MS)
  if (closes < now) return { tone: 'danger', words: 'Window closed since proposed' }
  if (daysLeft < 1) return { tone: 'warning', words: 'Window closes today' }
  if (daysLeft <= 3)
    return { tone: 'warning', words: `Window closes in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}` }
  return { tone: 'success', words: `${daysLeft} days left in window` }
}

function EligibilityFacts({ action, now }: { action: ReturnAction; now: number }) {
  const facts = action.eligibility
  const window = windowState(facts.window_closes_at, now)
  return (
    <EligibilityBlock
      orderStatus={facts.order_status}
      checkedAt={facts.checked_at}
      badge={window ? <Badge tone={window.tone}>{window.words}</Badge> : null}
      after={
        facts.items.length > 0 ? (
          <ul className="action-card__claims" aria-label="Items on the order">
            {facts.items.map((item) => (
              <li key={item.item_id}>
                <span className="action-card__claim-name">{item.name}</span>
                <span className="muted">
                  {item.requested} of {item.ordered} requested
                  {item.already_returned ? ` · ${item.already_returned} already returned` : ''}
                  {item.pending_in_other_actions
                    ? ` · ${item.pending_in_other_actions} in other proposals`
                    : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : null
      }
    >
      <div>
        <dt>Delivered</dt>
        <dd>
          <time dateTime={facts.delivered_at}>{formatDate(facts.delivered_at)}</time>
          <span className="muted">
            {' '}
            · {facts.days_since_delivery} {facts.days_since_delivery === 1 ? 'day' : 'days'} before the
            request
          </span>
        </dd>
      </div>
      <div>
        <dt>Return window</dt>
        <dd>
          {facts.window_days} days
          <span className="muted">
            {' '}
            · closes <time dateTime={facts.window_closes_at}>{formatDate(facts.window_closes_at)}</time>
          </span>
        </dd>
      </div>
    </EligibilityBlock>
  )
}

function ReturnSummary({ action }: { action: ReturnAction }) {
  const { items, refund } = action.payload
  const facts = action.eligibility
  const money = lineMoney(action)
  const rows: [string, string][] = [
    ['Order status', facts.order_status],
    ['Delivered', formatDate(facts.delivered_at)],
    [
      'Return window',
      `${facts.days_since_delivery} of ${facts.window_days} days used · closes ${formatDate(facts.window_closes_at)}`
    ],
    ...facts.items.map((item): [string, string] => [
      item.name,
      [
        `${item.requested} requested of ${item.ordered} ordered`,
        item.already_returned ? `${item.already_returned} already returned` : null,
        item.pending_in_other_actions ? `${item.pending_in_other_actions} in other pending returns` : null
      ]
        .filter(Boolean)
        .join(' · ')
    ])
  ]
  return (
    <>
      {items.length > 0 ? (
        <ul className="proposal__items">
          {items.map((line) => (
            <li key={line.item_id}>
              {line.quantity} × {line.name}
              <span className="muted"> · {money(line.line_cents)}</span>
            </li>
          ))}
          {refund.shipping_cents > 0 ? (
            <li className="muted">Shipping refunded · {money(refund.shipping_cents)}</li>
          ) : null}
        </ul>
      ) : null}
      <FactList rows={rows} />
    </>
  )
}

export const returnView = defineActionView({
  label: 'Return',
  tone: 'info',
  heading: (action) => ({ lead: 'Return for order', target: action.orderId ?? action.payload.order_id }),
  amountLabel: 'Refund',
  reason: (action) => reasonWords(action.payload.reason),
  note: (action) => action.payload.note,
  Details: ({ action, now }) => (
    <>
      <ReturnItems action={action} />
      <EligibilityFacts action={action} now={now} />
    </>
  ),
  Summary: ReturnSummary,
  records: (result) => [
    { name: 'Return', id: result.returnId, verb: 'recorded' },
    ...(result.refundId ? [{ name: 'refund', id: result.refundId, verb: 'issued' }] : [])
  ]
})
