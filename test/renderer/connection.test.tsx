import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/create-core'
import { ensureShopOnFirstRun } from '../../src/main/first-run'
import { serveConsole, type WebHost } from '../../src/main/web/web-host'
import { App } from '../../src/renderer/src/App'
import { useFrontlineStore } from '../../src/renderer/src/store'
import { connectConsole, giveTheInboxAViewport } from './console-host'

const SLOW = { timeout: 5_000 }
const TOKEN = 'the-same-token-across-restarts-0123456789'

const dataDir = mkdtempSync(join(tmpdir(), 'frontline-connection-'))
const dbPath = join(dataDir, 'frontline.db')
ensureShopOnFirstRun(dbPath)
let host: WebHost | null = null
const restoreViewport = giveTheInboxAViewport()

async function serve(port = 0): Promise<WebHost> {
  const core = createCore({ dbPath, host: 'web', env: {} })
  host = await serveConsole(
    {
      invoke: (channel, input) => core.invokeRaw(channel, input),
      subscribe: (listener) => core.subscribe(listener),
      close: () => core.close()
    },
    { rendererDir: dataDir, port, token: TOKEN }
  )
  return host
}

afterEach(() => cleanup())
afterAll(async () => {
  restoreViewport()
  await host?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('the connection to the core', () => {
  it('says at once that the host is gone, disables what cannot succeed, and recovers when it returns', async () => {
    const first = await serve()
    connectConsole(first.url)
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' }, SLOW)
    const ticketId = 'TKT-000001'
    await useFrontlineStore.getState().openTicket(ticketId)
    const note = await screen.findByRole('textbox', { name: 'Internal note' }, SLOW)
    fireEvent.change(note, { target: { value: 'Written while the host restarts' } })

    await first.close()
    host = null
    const banner = await screen.findByText('Disconnected from Frontline.', undefined, SLOW)
    expect(banner.closest('[role="alert"]')?.textContent).toContain('Reconnecting by itself')
    const add = screen.getByRole('button', { name: 'Add note' })
    expect(add).toHaveProperty('disabled', true)
    expect(add.getAttribute('title')).toMatch(/^Not connected to Frontline/)
    const status = screen.getByRole('group', { name: 'Ticket status' })
    expect(within(status).getByRole('button', { name: 'Solved' }).getAttribute('aria-disabled')).toBe('true')
    // What the person wrote stays.
    expect(note).toHaveProperty('value', 'Written while the host restarts')

    await serve(first.port)
    await waitFor(() => expect(screen.queryByText('Disconnected from Frontline.')).toBeNull(), SLOW)
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Add note' })).toHaveProperty('disabled', false)
    )
    fireEvent.click(screen.getByRole('button', { name: 'Add note' }))
    expect(await screen.findByRole('article', { name: /^Internal note by support agent/ }, SLOW)).toBeTruthy()
  }, 30_000)
})
