import type { CustomerCard } from '../../../../shared/domain/customer'
import { formatMoney } from '../../../../shared/domain/money'
import { formatDate } from '../../format'

export function CustomerPanel({ customer }: { customer: CustomerCard | null }) {
  return (
    <section className="panel" aria-labelledby="customer-heading">
      <h3 id="customer-heading" className="section-title">
        Customer
      </h3>
      {customer ? (
        <>
          <p className="customer__name">{customer.name}</p>
          <p className="customer__email">{customer.email}</p>
          <dl className="facts">
            <div>
              <dt>Customer since</dt>
              <dd>{formatDate(customer.createdAt)}</dd>
            </div>
            <div>
              <dt>Lifetime value</dt>
              <dd>{formatMoney(customer.lifetimeValue)}</dd>
            </div>
            <div>
              <dt>Orders</dt>
              <dd>{customer.orderCount}</dd>
            </div>
            <div>
              <dt>Open tickets</dt>
              <dd>{customer.openTickets}</dd>
            </div>
          </dl>
        </>
      ) : (
        <p className="muted">This ticket is not linked to a customer.</p>
      )}
    </section>
  )
}
