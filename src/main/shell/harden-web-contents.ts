import type { Session, WebContents } from 'electron'
import { isAppUrl, type RendererEntry } from './renderer-entry'

/**
 * The window shows the app's own page and nothing else: no navigation, no new windows, no
 * permissions (camera, notifications…), no webviews.
 */
export function hardenWebContents(contents: WebContents, entry: RendererEntry): void {
  const blockNavigation = (event: { preventDefault(): void }, url: string): void => {
    if (isAppUrl(url, entry)) return
    event.preventDefault()
    console.warn('[shell] blocked navigation to', url)
  }
  contents.on('will-navigate', (event) => blockNavigation(event, event.url))
  contents.on('will-frame-navigate', (event) => blockNavigation(event, event.url))
  contents.on('will-redirect', (event) => blockNavigation(event, event.url))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    console.warn('[shell] blocked a new window for', url)
    return { action: 'deny' }
  })
}

/** Session-wide: the CSP header on every response (the dev server's too), and every permission denied. */
export function hardenSession(session: Session, contentSecurityPolicy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
        'X-Content-Type-Options': ['nosniff']
      }
    })
  })
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
