import type { StateCreator } from 'zustand'
import type { AppInfo } from '../../../shared/contract'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

/** Which core the console talks to: version, database, demo mode, host. */
export interface AppSlice {
  appInfo: Loadable<AppInfo>
  loadAppInfo(): Promise<void>
}

export const createAppSlice: StateCreator<FrontlineState, [], [], AppSlice> = (set, get) => ({
  appInfo: idle(),
  async loadAppInfo() {
    set({ appInfo: loading(get().appInfo) })
    const result = await getApi().invoke('app.info', {})
    set({ appInfo: settled(get().appInfo, result) })
  }
})
