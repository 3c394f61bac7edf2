import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { App } from '../../src/renderer/src/App'
import { useLiveCore } from './live-core'

const live = useLiveCore(undefined, { empty: true })

describe('the first run, choosing the demo shop', () => {
  it('creates the demo shop and opens the console on its inbox', async () => {
    render(<App />)
    fireEvent.click(
      await screen.findByRole('button', { name: 'Start with the demo shop' }, { timeout: 10_000 })
    )
    await waitFor(() => expect(screen.queryByRole('main', { name: 'Welcome to Frontline' })).toBeNull(), {
      timeout: 15_000
    })
    await screen.findByRole('navigation', { name: 'Views' }, { timeout: 10_000 })
    const status = await live.core.invoke('shop.status', {})
    expect(status).toMatchObject({
      ok: true,
      value: { empty: false, counts: { orders: 1000, tickets: 200 } }
    })
  }, 30_000)
})
