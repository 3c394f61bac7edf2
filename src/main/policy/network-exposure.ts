import { isLoopbackHost } from '../../shared/domain/setting-values'

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
 * be declared behind a proxy that does, so bearer keys, passwords and session tokens never cross a
 * network in clear. The chat channel and the team server both apply it.
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
