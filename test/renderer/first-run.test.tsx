import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { App } from '../../src/renderer/src/App'
import { SHOPIFY_ORDER_COLUMNS } from '../../src/main/bench/shopify-orders-csv'
import { csvText, shopifyKettleOrder } from '../support/shop-exports'
import { useLiveCore } from './live-core'

const live = useLiveCore(undefined, { empty: true })

/** A Shopify orders export as a browser hands it over: a File the person picked. */
const ordersExport = (): File => {
  const fulfilled = { 'Fulfillment Status': 'fulfilled', 'Fulfilled at': '2026-11-04 16:00:00 +0100' }
  const rows = [
    shopifyKettleOrder('#1001', fulfilled),
    shopifyKettleOrder('#1002', { ...fulfilled, 'Lineitem quantity': 'lots' }),
    shopifyKettleOrder('#1003', { ...fulfilled, 'Lineitem quantity': '2' })
  ]
  return new File([csvText(SHOPIFY_ORDER_COLUMNS, rows, { bom: true, crlf: true })], 'orders_export.csv', {
    type: 'text/csv'
  })
}

describe('the first run', () => {
  it(
    'offers the demo shop or an import; importing shows progress, what changed and the refused rows',
    { timeout: 30_000 },
    async () => {
      render(<App />)
      const welcome = await screen.findByRole('main', { name: 'Welcome to Frontline' }, { timeout: 10_000 })
      expect(within(welcome).getByRole('button', { name: 'Start with the demo shop' })).toBeDefined()
      fireEvent.click(within(welcome).getByRole('button', { name: 'Import my shop' }))

      const form = await screen.findByRole('form', { name: 'Import my shop' }, { timeout: 10_000 })
      fireEvent.change(within(form).getByLabelText('Exported from'), { target: { value: 'shopify' } })
      fireEvent.change(within(form).getByLabelText('Export files'), { target: { files: [ordersExport()] } })
      fireEvent.click(within(form).getByRole('button', { name: 'Import' }))

      const status = await screen.findByRole('status', {}, { timeout: 10_000 })
      expect(status.textContent).toBe('Imported 3 rows')
      const summary = screen.getByRole('table', { name: 'What the import changed' })
      expect(within(summary).getByRole('row', { name: /Orders/ }).textContent).toBe('Orders200')
      const refused = screen.getByRole('table', { name: /1 row was refused/ })
      expect(within(refused).getAllByRole('row')[1]?.textContent).toBe(
        'orders_export.csv3Lineitem quantity"lots" is not a quantity (a whole number from 1)'
      )
      expect(screen.getByText(/Order ids look like/).textContent).toContain('#NNNN')

      fireEvent.click(await screen.findByRole('button', { name: 'Open the console' }, { timeout: 10_000 }))
      await waitFor(() => expect(screen.queryByRole('main', { name: 'Welcome to Frontline' })).toBeNull())
      const order = await live.core.invoke('tools.run', {
        name: 'get_order_status',
        arguments: { order_id: '1001' }
      })
      expect(order).toMatchObject({
        ok: true,
        value: { ok: true, value: { order_id: '#1001', status: 'shipped' } }
      })
    }
  )

  it('once the shop holds data, does not open on the choice again, and refuses the demo shop over it', async () => {
    render(<App />)
    await screen.findByRole('navigation', { name: 'Views' }, { timeout: 10_000 })
    expect(screen.queryByRole('main', { name: 'Welcome to Frontline' })).toBeNull()
    const demo = await live.core.invoke('shop.startDemo', {})
    expect(demo).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })
})
