import type { StateCreator, StoreApi } from 'zustand'
import type { ChannelInput, FrontlineApi } from '../../../shared/contract'
import type { McpServerView } from '../../../shared/domain/mcp-server'
import type { SettingsView } from '../../../shared/domain/settings'
import type { AppError, Result } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { FrontlineState } from './index'

export type SettingsUpdate = ChannelInput<'settings.update'>
export type McpServerAdd = ChannelInput<'mcpServers.add'>

/**
 * Each part of the Settings page saves on its own: the default model, the budget, one provider,
 * one provider's key. Its state says whether the last save is running, done, or refused and why.
 */
export type SettingsPart =
  'defaultModel' | 'budget' | `provider:${string}` | `key:${string}` | 'mcpServer:add' | `mcpServer:${string}`
export type SaveState = { state: 'saving' } | { state: 'saved' } | { state: 'failed'; error: AppError }

export interface SettingsSlice {
  settings: Loadable<SettingsView>
  settingsSaves: Partial<Record<SettingsPart, SaveState>>
  loadSettings(): Promise<void>
  saveSettings(part: SettingsPart, update: SettingsUpdate): Promise<boolean>
  /** The key goes to the core and is never kept here; only whether one is set comes back. */
  saveApiKey(providerId: string, apiKey: string): Promise<boolean>
  /** External MCP servers whose tools the agent may use, with their connection state. */
  mcpServers: Loadable<McpServerView[]>
  loadMcpServers(): Promise<void>
  addMcpServer(server: McpServerAdd): Promise<boolean>
  removeMcpServer(id: string): Promise<boolean>
  setMcpServerEnabled(id: string, enabled: boolean): Promise<boolean>
  reconnectMcpServer(id: string): Promise<boolean>
}

export const createSettingsSlice: StateCreator<FrontlineState, [], [], SettingsSlice> = (set, get) => {
  const mark = (part: SettingsPart, save: SaveState): void =>
    set({ settingsSaves: { ...get().settingsSaves, [part]: save } })

  /** Demo mode and the model are shown elsewhere too (app bar, status bar): ask for them again. */
  const refreshDependents = (): void => {
    void get().loadAppInfo()
    void get().loadStatus()
  }

  /** A change to one server answers with that server (or the whole list): fold it into the list. */
  const serverChange = async (
    part: SettingsPart,
    call: () => Promise<Result<McpServerView | McpServerView[]>>
  ): Promise<boolean> => {
    mark(part, { state: 'saving' })
    const result = await call()
    if (!result.ok) {
      mark(part, { state: 'failed', error: result.error })
      return false
    }
    const answer = result.value
    const current = get().mcpServers.data ?? []
    const servers = Array.isArray(answer)
      ? answer
      : current.some((s) => s.id === answer.id)
        ? current.map((s) => (s.id === answer.id ? answer : s))
        : [...current, answer]
    set({ mcpServers: { status: 'ready', data: servers, error: null } })
    mark(part, { state: 'saved' })
    return true
  }

  return {
    settings: idle(),
    settingsSaves: {},
    mcpServers: idle(),

    async loadMcpServers() {
      set({ mcpServers: loading(get().mcpServers) })
      const result = await getApi().invoke('mcpServers.list', {})
      set({ mcpServers: settled(get().mcpServers, result) })
    },

    addMcpServer: (server) => serverChange('mcpServer:add', () => getApi().invoke('mcpServers.add', server)),
    removeMcpServer: (id) =>
      serverChange(`mcpServer:${id}`, () => getApi().invoke('mcpServers.remove', { id })),
    setMcpServerEnabled: (id, enabled) =>
      serverChange(`mcpServer:${id}`, () => getApi().invoke('mcpServers.setEnabled', { id, enabled })),
    reconnectMcpServer: (id) =>
      serverChange(`mcpServer:${id}`, () => getApi().invoke('mcpServers.reconnect', { id })),

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
          p.id === providerId ? { ...p, keySet: result.value.keySet, keyNeeded: result.value.keyNeeded } : p
        )
        set({ settings: { ...get().settings, data: { ...current, providers } } })
      }
      mark(part, { state: 'saved' })
      refreshDependents()
      return true
    }
  }
}

/** Servers connect, fail and list their tools in the background: the core says so as it happens. */
export function followMcpServers(
  api: FrontlineApi,
  store: Pick<StoreApi<FrontlineState>, 'setState'>
): () => void {
  return api.on('mcpServers.changed', ({ servers }) =>
    store.setState({ mcpServers: { status: 'ready', data: servers, error: null } })
  )
}
