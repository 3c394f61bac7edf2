import { Notification, type BrowserWindow } from 'electron'
import { Notice } from '../../shared/domain/notifications'
import type { CoreBackend } from '../web/core-backend'

/**
 * The core's notices as the system's notifications (the desktop app's counterpart of the browser
 * console's Notification API). Only while the window is not in front: a person looking at the
 * console sees the change itself. Clicking one brings the window back.
 */
export function showCoreNotices(
  core: Pick<CoreBackend, 'subscribe'>,
  window: () => BrowserWindow | null
): () => void {
  return core.subscribe((event, payload) => {
    if (event !== 'notification' || !Notification.isSupported()) return
    const notice = Notice.safeParse(payload)
    const target = window()
    if (!notice.success || (target?.isFocused() && target.isVisible())) return
    const shown = new Notification({ title: notice.data.title, body: notice.data.body, silent: false })
    shown.on('click', () => {
      const current = window()
      if (!current) return
      if (current.isMinimized()) current.restore()
      current.show()
      current.focus()
    })
    shown.show()
  })
}
