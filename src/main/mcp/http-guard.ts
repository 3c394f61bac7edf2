import type { IncomingHttpHeaders } from 'node:http'
import { tokenMatches } from '../web/access-token'

export const MCP_HTTP_PATH = '/mcp'

export interface Refusal {
  status: 401 | 403 | 404
  message: string
}

const ownNames = (port: number): string[] => [`127.0.0.1:${port}`, `localhost:${port}`]

/**
 * Why a request to the loopback MCP endpoint is refused, or undefined to serve it. A page in a
 * browser can reach 127.0.0.1 (directly, or by DNS rebinding under a foreign Host name): browsers
 * always send Origin, so a foreign one is refused; hosts that are not browsers send none. Every
 * request, browser or not, must carry the bearer token.
 */
export function refuseMcpRequest(
  url: string | undefined,
  headers: IncomingHttpHeaders,
  port: number,
  token: string
): Refusal | undefined {
  const path = new URL(url ?? '/', 'http://127.0.0.1').pathname
  if (path !== MCP_HTTP_PATH)
    return { status: 404, message: `Not found: the MCP endpoint is ${MCP_HTTP_PATH}` }
  const names = ownNames(port)
  if (!names.includes(headers.host ?? '')) return { status: 403, message: 'Forbidden: foreign Host header' }
  const origin = headers.origin
  if (origin !== undefined && !names.some((name) => origin === `http://${name}`)) {
    return { status: 403, message: `Forbidden: foreign Origin ${origin}` }
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')
  if (!tokenMatches(token, match?.[1])) {
    return { status: 401, message: 'Unauthorized: send Authorization: Bearer <token>' }
  }
  return undefined
}
