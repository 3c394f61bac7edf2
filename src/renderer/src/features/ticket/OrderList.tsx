import type { OrderSummary } from '../../../../shared/domain/order'
import { formatMoney } from '../../../../shared/domain/money'
import { StateBadge } from '../../components/Badge'
import { formatDate } from '../../format'

function Shipping({ order }: { order: OrderSummary }) {
  if (!order.trackingNumber && !order.carrier) return <dd className="muted">Not shipped yet</dd>
  return (
    <dd>
      {order.carrier ?? 'Carrier unknown'}
      {order.trackingNumber ? (
        <>
          {' · '}
          <span className="mono" aria-label={`Tracking number ${order.trackingNumber}`}>
            {order.trackingNumber}
          </span>
        </>
      ) : null}
    </dd>
  )
}

function OrderCard({ order }: { order: OrderSummary }) {
  return (
    <article className="order" aria-label={`Order ${order.id}`}>
      <header className="order__header">
        <span className="order__id mono">{order.id}</span>
        <StateBadge value={order.status} label="Order status" />
      </header>
      <dl className="facts facts--compact">
        <div>
          <dt>Placed</dt>
          <dd>{formatDate(order.placedAt)}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd>
            {formatMoney(order.total)} · {order.itemCount} {order.itemCount === 1 ? 'item' : 'items'}
          </dd>
        </div>
        <div>
          <dt>Shipping</dt>
          <Shipping order={order} />
        </div>
        {order.deliveredAt ? (
          <div>
            <dt>Delivered</dt>
            <dd>{formatDate(order.deliveredAt)}</dd>
          </div>
        ) : order.estimatedDelivery ? (
          <div>
            <dt>Expected</dt>
            <dd>{formatDate(order.estimatedDelivery)}</dd>
          </div>
        ) : null}
      </dl>
    </article>
  )
}

export function OrderList({ orders }: { orders: readonly OrderSummary[] }) {
  return (
    <section className="panel" aria-labelledby="orders-heading">
      <h3 id="orders-heading" className="section-title">
        Orders <span className="section-title__count">{orders.length}</span>
      </h3>
      {orders.length === 0 ? (
        <p className="muted">No orders on record.</p>
      ) : (
        <div className="order-list">
          {orders.map((order) => (
            <OrderCard key={order.id} order={order} />
          ))}
        </div>
      )}
    </section>
  )
}
