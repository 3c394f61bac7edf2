import type { FrontlineApi } from '../../shared/contract'
import { createContractClient } from '../../shared/contract-client'
import { fail } from '../../shared/result'
import { tokenFromHash } from '../../shared/web-bridge-protocol'
import { createWebSocketTransport } from '../../shared/web-bridge-transport'

/** Stands in when the page was opened without its launch token: every call explains how to recover. */
const missingTokenApi: FrontlineApi = {
  invoke: async () =>
    fail(
      'not_allowed',
      'This page was opened without its access token. Open the full link printed by `npm start` (it ends in #token=…).'
    ),
  on: () => () => undefined
}

function createApiForThisHost(): FrontlineApi {
  if (window.frontline) return window.frontline
  const token = tokenFromHash(window.location.hash)
  if (!token) return missingTokenApi
  const origin = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}`
  return createContractClient(
    createWebSocketTransport({
      origin,
      token,
      createSocket: (url, protocols) => new WebSocket(url, protocols)
    })
  )
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
