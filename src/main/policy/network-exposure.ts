/**
 * Where a server may listen. Same name and rule as the chat channel's in wip/settings-keys (which
 * keeps isLoopbackHost in shared/domain/setting-values): one rule for every server, unified at merge.
 */

/** 127.0.0.0/8, ::1 and localhost: nothing sent there leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  return v4 !== null && v4.slice(1).every((n) => Number(n) <= 255) && v4[1] === '127'
}

/** How a server would listen: the address, and what protects traffic beyond this machine. */
export interface Exposure {
  host: string
  /** A certificate and key are configured: the server speaks HTTPS itself. */
  tls: boolean
  /** A TLS-terminating proxy in front of it was declared explicitly. */
  behindProxy: boolean
}

/**
 * Why a server may not listen where it was asked to, or null when it may. On loopback only this
 * machine can reach it; anywhere else (0.0.0.0, ::, a LAN or public address) it must serve TLS or
 * be declared behind a proxy that does, so passwords, session tokens and bearer keys never cross a
 * network in clear.
 */
export function exposureRefusal(exposure: Exposure): string | null {
  if (isLoopbackHost(exposure.host)) return null
  if (exposure.tls || exposure.behindProxy) return null
  return (
    `Listening on ${exposure.host} would expose the API beyond this machine without TLS. ` +
    'Configure a TLS certificate and key, or declare that a TLS proxy is in front (behind proxy), ' +
    'or listen on 127.0.0.1.'
  )
}
