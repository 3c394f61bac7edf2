import type { StateCreator } from 'zustand'
import type { FrontlineApi } from '../../../shared/contract'
import type { Notice, NotificationSettings } from '../../../shared/domain/notifications'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

/** What this browser lets the page do with notifications; 'unsupported' where it has no such API. */
export type NotificationPermissionState = NotificationPermission | 'unsupported'

const browserNotifications = (): typeof Notification | null =>
  typeof globalThis.Notification === 'function' ? globalThis.Notification : null

export const notificationPermission = (): NotificationPermissionState =>
  browserNotifications()?.permission ?? 'unsupported'

export interface NotificationsSlice {
  notificationSettings: Loadable<NotificationSettings>
  notificationSave: { state: 'idle' | 'saving' } | { state: 'failed'; error: AppError }
  notificationPermission: NotificationPermissionState
  loadNotificationSettings(): Promise<void>
  saveNotificationSettings(patch: Partial<NotificationSettings>): Promise<boolean>
  /** Asks the browser (from a click: browsers ignore the question otherwise). */
  askNotificationPermission(): Promise<void>
}

export const createNotificationsSlice: StateCreator<FrontlineState, [], [], NotificationsSlice> = (
  set,
  get
) => ({
  notificationSettings: idle(),
  notificationSave: { state: 'idle' },
  notificationPermission: notificationPermission(),

  async loadNotificationSettings() {
    // The browser's answer may have changed since (a prompt answered, the site's settings edited).
    set({
      notificationSettings: loading(get().notificationSettings),
      notificationPermission: notificationPermission()
    })
    const result = await getApi().invoke('notifications.get', {})
    set({ notificationSettings: settled(get().notificationSettings, result) })
  },

  async saveNotificationSettings(patch) {
    set({ notificationSave: { state: 'saving' } })
    const result = await getApi().invoke('notifications.update', patch)
    if (!result.ok) {
      set({ notificationSave: { state: 'failed', error: result.error } })
      return false
    }
    set({
      notificationSave: { state: 'idle' },
      notificationSettings: settled(get().notificationSettings, result)
    })
    return true
  },

  async askNotificationPermission() {
    const api = browserNotifications()
    if (!api) return
    set({ notificationPermission: await api.requestPermission() })
  }
})

/**
 * The core's notices as the browser's notifications, while the page is not in front of the person
 * (they see the change itself otherwise). The desktop app's shell shows its own, so the console
 * there shows none. Clicking one brings the page forward on the ticket. Returns the unsubscribe.
 */
export function showNoticesInBrowser(api: FrontlineApi, store: () => FrontlineState): () => void {
  return api.on('notification', (notice: Notice) => {
    const Browser = browserNotifications()
    if (!Browser || Browser.permission !== 'granted') return
    if (store().appInfo.data?.host === 'electron') return
    if (document.visibilityState === 'visible' && document.hasFocus()) return
    const shown = new Browser(notice.title, {
      body: notice.body,
      tag: `${notice.kind}:${notice.ticketId ?? ''}`
    })
    shown.onclick = () => {
      window.focus()
      if (notice.ticketId) {
        store().setView('inbox')
        void store().openTicket(notice.ticketId)
      }
      shown.close()
    }
  })
}
