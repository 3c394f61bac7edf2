import type { IncomingHttpHeaders } from 'node:http'

/** Who a request came from and how, as far as this server may believe it. */
export interface RequestOrigin {
  clientAddress: string
  proto: 'http' | 'https'
  /** host[:port] the client asked for. */
  host: string
}

export interface ForwardedTrust {
  /** The one address whose X-Forwarded-* headers are believed (the TLS proxy in front); null: none. */
  proxy: string | null
  /** This server speaks TLS itself. */
  tls: boolean
}

const normalizeAddress = (address: string | undefined): string =>
  (address ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')

const firstValue = (header: string | string[] | undefined): string | undefined => {
  const text = Array.isArray(header) ? header[0] : header
  return text?.split(',')[0]?.trim() || undefined
}

/**
 * Anyone can send X-Forwarded-For; only the configured proxy's are believed, and of its
 * X-Forwarded-For only the last entry, the address the proxy itself saw (earlier ones are whatever
 * the client claimed).
 */
export function requestOrigin(
  request: { socket: { remoteAddress?: string }; headers: IncomingHttpHeaders },
  trust: ForwardedTrust
): RequestOrigin {
  const direct = normalizeAddress(request.socket.remoteAddress)
  const host = request.headers.host ?? ''
  const own: RequestOrigin = { clientAddress: direct, proto: trust.tls ? 'https' : 'http', host }
  if (!trust.proxy || direct !== normalizeAddress(trust.proxy)) return own
  const forwardedFor = request.headers['x-forwarded-for']
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  const proto = firstValue(request.headers['x-forwarded-proto'])
  return {
    clientAddress: normalizeAddress(chain.at(-1)) || direct,
    proto: proto === 'https' || proto === 'http' ? proto : own.proto,
    host: firstValue(request.headers['x-forwarded-host']) ?? host
  }
}
