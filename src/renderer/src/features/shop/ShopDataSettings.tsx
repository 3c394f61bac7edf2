import { formatCount } from '../../format'
import { useFrontlineStore } from '../../store'
import { ShopImport } from './ShopImport'

/** Settings → Shop data: what the shop holds, how its order ids look, and importing its exports. */
export function ShopDataSettings() {
  const shop = useFrontlineStore((s) => s.shop.data)
  return (
    <section className="card settings-card" aria-labelledby="shop-data-heading">
      <header className="card__header">
        <div>
          <h2 id="shop-data-heading" className="card__title">
            Shop data
          </h2>
          <p className="card__subtitle">
            The customers, products and orders the agent looks up. Bring yours in from your shop&apos;s
            exports; to start again from the demo shop or from nothing, run{' '}
            <code>frontline shop reset --demo</code> or <code>--empty</code>.
          </p>
        </div>
      </header>
      <div className="card__body settings-stack">
        {shop ? (
          <dl className="shop-data__facts">
            <div>
              <dt>Holds</dt>
              <dd>
                {formatCount(shop.counts.customers)} customers, {formatCount(shop.counts.products)} products,{' '}
                {formatCount(shop.counts.orders)} orders, {formatCount(shop.counts.tickets)} tickets
              </dd>
            </div>
            <div>
              <dt>Order ids</dt>
              <dd>
                <code>{shop.orderIdFormat.pattern}</code>
                {shop.orderIdFormat.examples.length > 0
                  ? ` (e.g. ${shop.orderIdFormat.examples.join(', ')})`
                  : ''}
              </dd>
            </div>
            <div>
              <dt>Currency</dt>
              <dd>{shop.currency ?? 'Each order keeps its own'}</dd>
            </div>
          </dl>
        ) : null}
        <ShopImport />
      </div>
    </section>
  )
}
