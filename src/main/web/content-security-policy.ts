/**
 * The web console's CSP: everything from this origin only, the bridge's WebSocket, no plugins, no
 * framing. React sets inline styles through the CSSOM, which style-src does not restrict.
 */
export function webContentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}
