import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { SettingsView } from '../../src/renderer/src/features/settings'
import { useFrontlineStore } from '../../src/renderer/src/store'
import type { ImportProgress } from '../../src/shared/domain/shop'
import { useLiveCore } from './live-core'

const live = useLiveCore()

const running: ImportProgress = {
  jobId: 'IMP-elsewhere',
  state: 'running',
  platform: 'shopify',
  dryRun: false,
  file: 'orders_export.csv',
  bytesDone: 420,
  bytesTotal: 1000,
  rows: 1_234_567,
  rowsPerSecond: 52_341,
  elapsedMs: 23_000,
  etaMs: 35_000,
  batches: 493,
  customers: { created: 61_000, updated: 0, unchanged: 0 },
  products: { created: 2000, updated: 0, unchanged: 0 },
  orders: { created: 493_000, updated: 0, unchanged: 0 },
  refused: 2,
  refusedSample: [
    { file: 'orders_export.csv', line: 17, column: 'Email', message: 'required' },
    { file: 'orders_export.csv', line: 90, column: 'Lineitem price', message: '"x" is not an amount' }
  ],
  orderIdFormat: null,
  error: null
}

describe('Settings → Shop data', { timeout: 30_000 }, () => {
  it('says what the shop holds and how its order ids look', async () => {
    render(<SettingsView />)
    const card = await screen.findByRole('region', { name: 'Shop data' }, { timeout: 10_000 })
    const holds = await within(card).findByText('Holds', {}, { timeout: 10_000 })
    expect(holds.nextElementSibling?.textContent).toBe(
      `${live.shop.customers} customers, ${live.shop.products} products, 1,000 orders, ${live.shop.tickets} tickets`
    )
    expect(within(card).getByText('ORD-YYYYMMDD-XXXX')).toBeDefined()
    expect(within(card).getByRole('form', { name: 'Import my shop' })).toBeDefined()
  })

  it('shows a running import with rows/s, time left and the refused rows, and cancels it through the core', async () => {
    render(<SettingsView />)
    await screen.findByRole('region', { name: 'Shop data' }, { timeout: 10_000 })
    act(() => useFrontlineStore.getState().applyImportProgress(running))
    const progress = screen.getByRole('region', { name: 'Import progress' })
    const bar = within(progress).getByRole('progressbar', { name: 'Importing the shop' })
    expect(bar.getAttribute('aria-valuenow')).toBe('42')
    expect(progress.textContent).toContain('1,234,567 rows · 52,341 rows/s · about 35 s left · 2 refused')
    const refused = within(progress).getByRole('table', { name: /2 rows were refused/ })
    expect(within(refused).getAllByRole('row')).toHaveLength(3)
    expect(screen.getByRole('button', { name: 'Import' }).closest('fieldset')?.disabled).toBe(true)

    fireEvent.click(within(progress).getByRole('button', { name: 'Cancel' }))
    // The job belongs to no import this core knows: the core says so, and the console shows it.
    expect((await screen.findByRole('alert')).textContent).toBe('No import IMP-elsewhere')
    expect(live.calls).toContain('shop.import.cancel')
  })
})
