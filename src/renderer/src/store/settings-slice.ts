import type { StateCreator } from 'zustand'
import type { ChannelInput } from '../../../shared/contract'
import type { SettingsView } from '../../../shared/domain/settings'
import type { AppError } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

export type SettingsUpdate = ChannelInput<'settings.update'>

/**
 * Each part of the Settings page saves on its own: the default model, the budget, one provider,
 * one provider's key. Its state says whether the last save is running, done, or refused and why.
 */
export type SettingsPart = 'defaultModel' | 'budget' | `provider:${string}` | `key:${string}`
export type SaveState = { state: 'saving' } | { state: 'saved' } | { state: 'failed'; error: AppError }

export interface SettingsSlice {
  settings: Loadable<SettingsView>
  settingsSaves: Partial<Record<SettingsPart, SaveState>>
  loadSettings(): Promise<void>
  saveSettings(part: SettingsPart, update: SettingsUpdate): Promise<boolean>
  /** The key goes to the core and is never kept here; only whether one is set comes back. */
  saveApiKey(providerId: string, apiKey: string): Promise<boolean>
}

export const createSettingsSlice: StateCreator<FrontlineState, [], [], SettingsSlice> = (set, get) => {
  const mark = (part: SettingsPart, save: SaveState): void =>
    set({ settingsSaves: { ...get().settingsSaves, [part]: save } })

  /** Demo mode and the model are shown elsewhere too (app bar, status bar): ask for them again. */
  const refreshDependents = (): void => {
    void get().loadAppInfo()
    void get().loadStatus()
  }

  return {
    settings: idle(),
    settingsSaves: {},

    async loadSettings() {
      set({ settings: loading(get().settings) })
      const result = await getApi().invoke('settings.get', {})
      set({ settings: settled(get().settings, result) })
    },

    async saveSettings(part, update) {
      mark(part, { state: 'saving' })
      const result = await getApi().invoke('settings.update', update)
      if (!result.ok) {
        mark(part, { state: 'failed', error: result.error })
        return false
      }
      set({ settings: { status: 'ready', data: result.value, error: null } })
      mark(part, { state: 'saved' })
      refreshDependents()
      return true
    },

    async saveApiKey(providerId, apiKey) {
      const part: SettingsPart = `key:${providerId}`
      mark(part, { state: 'saving' })
      const result = await getApi().invoke('settings.setApiKey', { providerId, apiKey })
      if (!result.ok) {
        mark(part, { state: 'failed', error: result.error })
        return false
      }
      const current = get().settings.data
      if (current) {
        const providers = current.providers.map((p) =>
          p.id === providerId ? { ...p, keySet: result.value.keySet } : p
        )
        set({ settings: { ...get().settings, data: { ...current, providers } } })
      }
      mark(part, { state: 'saved' })
      refreshDependents()
      return true
    }
  }
}
