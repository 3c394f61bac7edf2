/**
 * The console's one Content Security Policy, for both hosts: everything from the app's own origin,
 * no plugins, no framing, no remote content. Only what the renderer may connect to differs: the
 * desktop window talks over IPC (plus Vite's HMR socket in development), the web console over its
 * WebSocket bridge. React sets inline styles through the CSSOM, which style-src does not restrict.
 */
export function contentSecurityPolicy(extraConnectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...extraConnectSources].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

export const desktopContentSecurityPolicy = (devServerUrl?: string): string =>
  contentSecurityPolicy(devServerUrl ? [`ws://${new URL(devServerUrl).host}`] : [])

export const webContentSecurityPolicy = (port: number): string =>
  contentSecurityPolicy([`ws://127.0.0.1:${port}`])
