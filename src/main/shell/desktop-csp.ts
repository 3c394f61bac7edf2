/**
 * The desktop window's CSP. The renderer reaches the core only through IPC, so it needs no network
 * at all; in development, Vite's dev server also needs its HMR socket.
 */
export function desktopContentSecurityPolicy(devServerUrl?: string): string {
  const dev = devServerUrl ? new URL(devServerUrl) : null
  const connect = dev ? `'self' ws://${dev.host}` : "'self'"
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}
