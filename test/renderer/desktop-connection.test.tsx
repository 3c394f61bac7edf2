import { join } from 'node:path'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { connectionHandlers } from '../../src/main/team-client/connection-settings'
import { routeContract } from '../../src/main/team-client/contract-router'
import { App } from '../../src/renderer/src/App'
import { getApi, setApi } from '../../src/renderer/src/api'
import type { FrontlineApi } from '../../src/shared/contract'
import type { ConnectionChoice } from '../../src/shared/domain/team'
import { startConsoleHost, type ConsoleHost } from './console-host'

let console_: ConsoleHost

beforeAll(async () => {
  console_ = await startConsoleHost()
})
afterAll(() => console_.close())
afterEach(() => cleanup())

/** The desktop app's window: its main process answers connection.* and forwards the rest to the core. */
function openDesktopWindow(hadDatabase: boolean): ConnectionChoice[] {
  console_.openConsole()
  const core = getApi()
  const switched: ConnectionChoice[] = []
  const router = routeContract(
    core,
    connectionHandlers({
      dataDir: join(console_.dataDir, `desktop-${Math.random().toString(36).slice(2)}`),
      saved: null,
      hadDatabase,
      switchTo: (choice) => switched.push(choice)
    })
  )
  const api: FrontlineApi = {
    invoke: (channel, input) => router.invoke(channel, input) as never,
    on: core.on
  }
  setApi(api)
  return switched
}

describe('the desktop app: this computer or a team server', () => {
  it('asks on the first run, and this computer opens the console without a restart', async () => {
    const switched = openDesktopWindow(false)
    render(<App />)
    const form = await screen.findByRole('form', { name: 'Where this console works' })
    fireEvent.click(within(form).getByRole('button', { name: 'Continue' }))
    await screen.findByRole('grid', { name: 'Inbox' })
    expect(switched).toEqual([])
  })

  it('does not ask a desktop that already had its database; Settings switches to a team server over https only', async () => {
    const switched = openDesktopWindow(true)
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' })
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: /^Settings/ })
    )
    const card = await screen.findByRole('region', { name: 'Where this console works' })
    fireEvent.click(within(card).getByLabelText(/With my team/))
    fireEvent.change(within(card).getByLabelText('Team server address'), {
      target: { value: 'http://10.0.0.5:8780' }
    })
    fireEvent.click(within(card).getByRole('button', { name: 'Switch' }))
    expect((await within(card).findByRole('alert')).textContent).toContain('https://')
    fireEvent.change(within(card).getByLabelText('Team server address'), {
      target: { value: 'https://support.shop.example' }
    })
    fireEvent.click(within(card).getByRole('button', { name: 'Switch' }))
    expect((await within(card).findByRole('status')).textContent).toContain(
      'restarting to connect to https://support.shop.example'
    )
    expect(switched).toEqual([{ mode: 'team', url: 'https://support.shop.example' }])
  })
})
