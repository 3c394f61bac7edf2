import type { FrontlineApi } from '../shared/contract'

declare global {
  interface Window {
    /** Present in the desktop app (exposed by the preload); absent in a browser, where the web bridge is used. */
    frontline?: FrontlineApi
  }
}

export {}
