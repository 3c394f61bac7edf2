import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getApi } from '../../src/renderer/src/api'
import { App } from '../../src/renderer/src/App'
import { SettingsView } from '../../src/renderer/src/features/settings'
import { useFrontlineStore } from '../../src/renderer/src/store'
import type { Notice } from '../../src/shared/domain/notifications'
import { useLiveCore } from './live-core'

const SLOW = { timeout: 5_000 }
const live = useLiveCore()

/** The browser's Notification API, which jsdom lacks: records what the console shows. */
class FakeNotification {
  static permission: NotificationPermission = 'granted'
  static shown: FakeNotification[] = []
  static requestPermission = async (): Promise<NotificationPermission> => {
    FakeNotification.permission = 'granted'
    return 'granted'
  }
  onclick: (() => void) | null = null
  closed = false
  constructor(
    readonly title: string,
    readonly options: NotificationOptions
  ) {
    FakeNotification.shown.push(this)
  }
  close(): void {
    this.closed = true
  }
}

const notice = (ticketId: string): Notice => ({
  kind: 'customerReply',
  title: 'Maya Clark answered',
  body: 'Looking for rain jackets — Thanks, that helps!',
  ticketId,
  at: new Date().toISOString()
})

let focused = true
beforeEach(() => {
  FakeNotification.shown = []
  FakeNotification.permission = 'granted'
  Object.assign(globalThis, { Notification: FakeNotification })
  focused = true
  document.hasFocus = () => focused
  // jsdom has no windows to bring forward.
  window.focus = () => undefined
})
afterEach(() => {
  delete (globalThis as { Notification?: unknown }).Notification
})

describe('notifications', () => {
  it("shows the core's notices while the console is not in front, and a click opens the ticket", async () => {
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' }, SLOW)
    await waitFor(() => expect(useFrontlineStore.getState().appInfo.data?.host).toBe('web'), SLOW)

    // In front of the person: they see the change itself.
    const arrived = new Promise((resolve) => getApi().on('notification', resolve))
    act(() => live.core.context.events.emit('notification', notice('TKT-000001')))
    await arrived
    expect(FakeNotification.shown).toEqual([])
    focused = false
    act(() => live.core.context.events.emit('notification', notice('TKT-000002')))
    await waitFor(() => expect(FakeNotification.shown).toHaveLength(1), SLOW)
    const [shown] = FakeNotification.shown
    expect(shown!.title).toBe('Maya Clark answered')
    expect(shown!.options.body).toBe('Looking for rain jackets — Thanks, that helps!')

    act(() => shown!.onclick?.())
    expect(shown!.closed).toBe(true)
    await waitFor(() => expect(useFrontlineStore.getState().openTicketId).toBe('TKT-000002'), SLOW)
  }, 20_000)

  it('shows none without the browser’s permission', async () => {
    FakeNotification.permission = 'denied'
    focused = false
    render(<App />)
    await screen.findByRole('grid', { name: 'Inbox' }, SLOW)
    await waitFor(() => expect(useFrontlineStore.getState().appInfo.data?.host).toBe('web'), SLOW)
    // Heard after the console's own listener, which was there first.
    const arrived = new Promise((resolve) => getApi().on('notification', resolve))
    act(() => live.core.context.events.emit('notification', notice('TKT-000003')))
    await arrived
    expect(FakeNotification.shown).toEqual([])
  }, 20_000)

  it('switches each notice on and off in Settings, stored in the shop', async () => {
    FakeNotification.permission = 'default'
    render(<SettingsView />)
    const card = await screen.findByRole('region', { name: 'Notifications' }, SLOW)
    const approvals = await within(card).findByRole('switch', { name: 'Notify: an approval waiting' }, SLOW)
    expect(approvals.getAttribute('aria-checked')).toBe('true')
    fireEvent.click(approvals)
    await waitFor(() => expect(approvals.getAttribute('aria-checked')).toBe('false'), SLOW)
    const stored = await live.core.invoke('notifications.get', {})
    expect(stored.ok && stored.value).toEqual({ newChat: true, customerReply: true, approvalWaiting: false })

    fireEvent.click(within(card).getByRole('button', { name: 'Allow notifications' }))
    await within(card).findByText(/shows them while the console is not in front of you/, undefined, SLOW)
    fireEvent.click(approvals)
    await waitFor(() => expect(approvals.getAttribute('aria-checked')).toBe('true'), SLOW)
  }, 20_000)
})
