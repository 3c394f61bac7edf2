/**
 * Which browser pages may call the chat API. Requests without an Origin (a shop's server, curl)
 * are not a browser's and pass; a browser's request from an origin not on the list is refused
 * outright rather than answered without CORS headers, so it never runs.
 */
export interface CorsPolicy {
  /** undefined: no Origin header; true: listed; false: refuse. */
  allows(origin: string | undefined): boolean | undefined
  headers(origin: string): Record<string, string>
  preflightHeaders(origin: string): Record<string, string>
}

const normalize = (origin: string): string => origin.trim().replace(/\/+$/, '').toLowerCase()

export function createCorsPolicy(origins: readonly string[]): CorsPolicy {
  const allowed = new Set(origins.map(normalize))
  const headers = (origin: string): Record<string, string> => ({
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'Retry-After',
    Vary: 'Origin'
  })
  return {
    allows: (origin) => (origin === undefined ? undefined : allowed.has(normalize(origin))),
    headers,
    preflightHeaders: (origin) => ({
      ...headers(origin),
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Max-Age': '600'
    })
  }
}
