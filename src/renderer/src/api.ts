import type { FrontlineApi } from '../../shared/contract'
import { createContractClient } from '../../shared/contract-client'
import { fail } from '../../shared/result'
import { tokenFromHash } from '../../shared/web-bridge-protocol'
import { createWebSocketTransport } from '../../shared/web-bridge-transport'

/**
 * Stands in when the page reaches no host: a web console opened without its launch token, or a
 * team server that is not running. Every call explains how to recover.
 */
export const unreachableHostApi: FrontlineApi = {
  invoke: async () =>
    fail(
      'not_allowed',
      'This page was opened without its access token, or its host is not running. Open the full link ' +
        'printed by `npm start` (it ends in #token=…), or check that the team server is running.'
    ),
  on: () => () => undefined
}

const SESSION_KEY = 'frontline.session'

/** A team server's session token, kept by this browser profile until it signs out or the session ends. */
export function storedSession(): string | null {
  try {
    return globalThis.localStorage?.getItem(SESSION_KEY) ?? null
  } catch {
    return null
  }
}

export function rememberSession(token: string | null): void {
  try {
    if (token) globalThis.localStorage?.setItem(SESSION_KEY, token)
    else globalThis.localStorage?.removeItem(SESSION_KEY)
  } catch {
    // Storage can be refused (private windows): the session then lasts as long as the page.
  }
}

/**
 * Which kind of host serves this page. Electron's window has its bridge; a web console opened from
 * `npm start` carries its launch token in the fragment; anything else is a team server's console,
 * where people sign in.
 */
export const isTeamPage = (): boolean =>
  typeof window !== 'undefined' && !window.frontline && tokenFromHash(window.location.hash) === null

/** The bridge to this page's own host, speaking with `token` (a launch token, a session, or none). */
function bridgeApi(token: string | null): FrontlineApi {
  const origin = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}`
  return createContractClient(
    createWebSocketTransport({
      origin,
      token,
      createSocket: (url, protocols) => new WebSocket(url, protocols)
    })
  )
}

function createApiForThisHost(): FrontlineApi {
  if (window.frontline) return window.frontline
  return bridgeApi(tokenFromHash(window.location.hash) ?? storedSession())
}

let api: FrontlineApi | null = null

/** The one typed way to reach the core: window.frontline in Electron, the WebSocket bridge in a browser. */
export function getApi(): FrontlineApi {
  api ??= createApiForThisHost()
  return api
}

/** Tests plug in their own FrontlineApi (for instance one over a real in-process core). */
export function setApi(next: FrontlineApi | null): void {
  api = next
}

/**
 * After signing in or out on a team server's page: the bridge again, with the new session (or
 * none). Electron's main process keeps the desktop's session itself, so its bridge stays.
 */
export function reconnectAs(token: string | null): void {
  if (window.frontline) return
  rememberSession(token)
  api?.close?.()
  api = bridgeApi(token)
}
