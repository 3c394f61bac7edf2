import type { StateCreator, StoreApi } from 'zustand'
import type { ChannelInput, FrontlineApi } from '../../../shared/contract'
import {
  ChannelKeyInfo,
  type ChannelSettings,
  type ChannelStatus,
  type CreatedChannelKey
} from '../../../shared/domain/channel'
import type { Result } from '../../../shared/result'
import { getApi } from '../api'
import { idle, loading, settled, type Loadable } from './load-state'
import type { SaveState } from './settings-slice'
import type { FrontlineState } from './index'

export type ChannelSettingsUpdate = ChannelInput<'channel.settings.update'>

/**
 * Each part of the Chat channel section saves on its own: the on/off switch, the address, the
 * autopilot, the CORS origins, the rate limits, a new key, one key's revocation.
 */
export type ChannelPart =
  | 'switch'
  | 'address'
  | 'autopilot'
  | 'cors'
  | 'rateLimits'
  | 'models'
  | 'tls'
  | 'key:create'
  | `key:${string}`

/** The customer chat API as Settings shows it: whether it serves, how it is set, which keys open it. */
export interface ChannelSlice {
  channelStatus: Loadable<ChannelStatus>
  channelSettings: Loadable<ChannelSettings>
  channelKeys: Loadable<ChannelKeyInfo[]>
  channelSaves: Partial<Record<ChannelPart, SaveState>>
  loadChannel(): Promise<void>
  loadChannelStatus(): Promise<void>
  loadChannelKeys(): Promise<void>
  /** Starts the API with the saved settings; a refusal (port taken…) lands on the 'switch' part. */
  startChannel(): Promise<boolean>
  stopChannel(): Promise<boolean>
  saveChannelSettings(part: ChannelPart, update: ChannelSettingsUpdate): Promise<boolean>
  /**
   * The new key, or null when refused. It is handed to the caller and never kept in the store: the
   * section shows it once and forgets it when the person moves on.
   */
  createChannelKey(name: string): Promise<CreatedChannelKey | null>
  revokeChannelKey(keyId: string): Promise<boolean>
  applyChannelStatus(status: ChannelStatus): void
}

// Only the latest status answer may land: an older one would undo a newer start or stop.
let latestStatusRequest = 0

export const createChannelSlice: StateCreator<FrontlineState, [], [], ChannelSlice> = (set, get) => {
  const mark = (part: ChannelPart, save: SaveState): void =>
    set({ channelSaves: { ...get().channelSaves, [part]: save } })

  /** Runs one change: marks the part saving, then saved or failed with the core's error. */
  const change = async <T>(part: ChannelPart, call: () => Promise<Result<T>>): Promise<T | null> => {
    mark(part, { state: 'saving' })
    const result = await call()
    if (!result.ok) {
      mark(part, { state: 'failed', error: result.error })
      return null
    }
    mark(part, { state: 'saved' })
    return result.value
  }

  const switchTo = async (call: () => Promise<Result<ChannelStatus>>): Promise<boolean> => {
    const status = await change('switch', call)
    if (status) {
      get().applyChannelStatus(status)
      // "Saved: takes effect at the next start" has just come true (or stale): let it go.
      const { address: _told, ...others } = get().channelSaves
      set({ channelSaves: others })
    } else void get().loadChannelStatus()
    return status !== null
  }

  return {
    channelStatus: idle(),
    channelSettings: idle(),
    channelKeys: idle(),
    channelSaves: {},

    async loadChannel() {
      set({ channelSettings: loading(get().channelSettings) })
      const [settings] = await Promise.all([
        getApi().invoke('channel.settings.get', {}),
        get().loadChannelStatus(),
        get().loadChannelKeys()
      ])
      set({ channelSettings: settled(get().channelSettings, settings) })
    },

    async loadChannelStatus() {
      const request = ++latestStatusRequest
      set({ channelStatus: loading(get().channelStatus) })
      const result = await getApi().invoke('channel.status', {})
      if (request === latestStatusRequest) set({ channelStatus: settled(get().channelStatus, result) })
    },

    async loadChannelKeys() {
      set({ channelKeys: loading(get().channelKeys) })
      const result = await getApi().invoke('channel.keys.list', {})
      set({ channelKeys: settled(get().channelKeys, result) })
    },

    startChannel: () => switchTo(() => getApi().invoke('channel.start', {})),
    stopChannel: () => switchTo(() => getApi().invoke('channel.stop', {})),

    async saveChannelSettings(part, update) {
      const saved = await change(part, () => getApi().invoke('channel.settings.update', update))
      if (saved) set({ channelSettings: { status: 'ready', data: saved, error: null } })
      return saved !== null
    },

    async createChannelKey(name) {
      const created = await change('key:create', () => getApi().invoke('channel.keys.create', { name }))
      if (!created) return null
      // The list's schema has no room for the key: parsing leaves it out.
      const info = ChannelKeyInfo.parse(created)
      set({ channelKeys: { status: 'ready', data: [info, ...(get().channelKeys.data ?? [])], error: null } })
      return created
    },

    async revokeChannelKey(keyId) {
      const revoked = await change(`key:${keyId}`, () => getApi().invoke('channel.keys.revoke', { keyId }))
      if (!revoked) return false
      const keys = get().channelKeys.data ?? []
      set({
        channelKeys: {
          status: 'ready',
          data: keys.map((k) => (k.id === revoked.id ? revoked : k)),
          error: null
        }
      })
      return true
    },

    applyChannelStatus(status) {
      ++latestStatusRequest
      set({ channelStatus: { status: 'ready', data: status, error: null } })
    }
  }
}

/** Chats come in bursts; one status and key reload per burst is plenty. */
const RELOAD_AFTER_MS = 400

/**
 * Keeps the section current: the core announces starts, stops and key changes (channel.status).
 * The queue depth and the keys' last use move with each chat, which the core reports as ticket
 * changes: while the API serves, those ask for the status and keys again, once per burst.
 */
export function followChannel(
  api: FrontlineApi,
  store: Pick<StoreApi<FrontlineState>, 'getState'>
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const offs = [
    api.on('channel.status', (status) => store.getState().applyChannelStatus(status)),
    api.on('tickets.changed', () => {
      if (!store.getState().channelStatus.data?.running) return
      timer ??= setTimeout(() => {
        timer = null
        void store.getState().loadChannelStatus()
        void store.getState().loadChannelKeys()
      }, RELOAD_AFTER_MS)
    })
  ]
  return () => {
    for (const off of offs) off()
    if (timer) clearTimeout(timer)
  }
}
