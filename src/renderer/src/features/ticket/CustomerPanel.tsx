import type { CustomerCard } from '../../../../shared/domain/customer'
import { formatMoney } from '../../../../shared/domain/money'
import { formatDate } from '../../format'

export function CustomerPanel({ customer, guest }: { customer: CustomerCard | null; guest: boolean }) {
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
      ) : guest ? (
        <>
          <p className="customer__name">Guest</p>
          <p className="muted">
            No customer account is linked. The AI shows them an order only once they give its order id and the
            email address it was placed with.
          </p>
        </>
      ) : (
        <p className="muted">This ticket is not linked to a customer.</p>
      )}
    </section>
  )
}
