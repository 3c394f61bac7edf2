import { useState } from 'react'
import { useFrontlineStore } from '../../store'
import { ShopImport } from './ShopImport'
import '../settings/settings.css'
import './shop.css'

/** The first screen on an empty shop: try Frontline on the demo shop, or bring in your own. */
export function FirstRun() {
  const [importing, setImporting] = useState(false)
  const startDemo = useFrontlineStore((s) => s.startDemoShop)
  const demo = useFrontlineStore((s) => s.demoStart)
  const finish = useFrontlineStore((s) => s.finishFirstRun)
  const shopEmpty = useFrontlineStore((s) => s.shop.data?.empty ?? true)
  const phase = useFrontlineStore((s) => s.shopImport.phase)

  return (
    <main className="first-run" aria-labelledby="first-run-heading">
      <h1 id="first-run-heading" className="first-run__title">
        Welcome to Frontline
      </h1>
      <p className="first-run__lead">
        This shop has no customers, orders or tickets yet. Try Frontline on a demo shop, or bring in your own
        shop&apos;s orders, products and customers from its exports.
      </p>
      <div className="first-run__choices">
        <button
          type="button"
          className="button"
          disabled={demo.busy || phase === 'uploading' || phase === 'importing'}
          onClick={() => void startDemo()}
        >
          {demo.busy ? 'Creating the demo shop…' : 'Start with the demo shop'}
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={importing}
          onClick={() => setImporting(true)}
          disabled={demo.busy}
        >
          Import my shop
        </button>
      </div>
      {demo.error ? (
        <p className="field__error" role="alert">
          {demo.error.message}
        </p>
      ) : null}
      {importing ? (
        <section className="card first-run__import" aria-label="Import my shop">
          <div className="card__body">
            <ShopImport />
          </div>
        </section>
      ) : null}
      {phase === 'finished' && !shopEmpty ? (
        <button type="button" className="button" onClick={finish}>
          Open the console
        </button>
      ) : null}
    </main>
  )
}
