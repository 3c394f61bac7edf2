import type { StateCreator } from 'zustand'
import type { AppInfo } from '../../../shared/contract'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

/** The console's top-level views, in the order the navigation shows them. */
export const VIEWS = ['inbox', 'approvals', 'costs', 'lab', 'settings'] as const
export type View = (typeof VIEWS)[number]

export type Theme = 'system' | 'light' | 'dark'
const THEME_KEY = 'frontline.theme'

const isTheme = (value: unknown): value is Theme =>
  value === 'system' || value === 'light' || value === 'dark'

/** A preference of this browser profile, not shop data: it lives beside the page, never in the core. */
function savedTheme(): Theme {
  try {
    const value = globalThis.localStorage?.getItem(THEME_KEY)
    return isTheme(value) ? value : 'system'
  } catch {
    return 'system'
  }
}

function saveTheme(theme: Theme): void {
  try {
    globalThis.localStorage?.setItem(THEME_KEY, theme)
  } catch {
    // Storage can be refused (private windows); the choice still holds for this session.
  }
}

/** Which core the console talks to (version, database, demo mode, host), which view is shown, the theme. */
export interface AppSlice {
  appInfo: Loadable<AppInfo>
  view: View
  theme: Theme
  loadAppInfo(): Promise<void>
  setView(view: View): void
  setTheme(theme: Theme): void
}

export const createAppSlice: StateCreator<FrontlineState, [], [], AppSlice> = (set, get) => ({
  appInfo: idle(),
  view: 'inbox',
  theme: savedTheme(),
  async loadAppInfo() {
    set({ appInfo: loading(get().appInfo) })
    const result = await getApi().invoke('app.info', {})
    set({ appInfo: settled(get().appInfo, result) })
  },
  setView(view) {
    set({ view })
  },
  setTheme(theme) {
    saveTheme(theme)
    set({ theme })
  }
})
