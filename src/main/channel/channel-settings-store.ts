import type { z } from 'zod'
import { ChannelSettings, type ChannelSettingsPatch } from '../../shared/domain/channel'
import type { Db } from '../db/connection'
import { readSettingFields, writeSettingFields, type StoredSetting } from '../db/repositories/settings'

export const CHANNEL_SETTINGS_KEY = 'channel'

/** The saved channel settings apart from the autopilot, which has its own key. */
export const StoredChannelSettings = ChannelSettings.omit({ autopilot: true })
export type StoredChannelSettings = z.output<typeof StoredChannelSettings>

export const readStoredChannelSettings = (db: Db): StoredSetting<StoredChannelSettings> =>
  readSettingFields(db, CHANNEL_SETTINGS_KEY, StoredChannelSettings)

/** Applies a patch to the saved settings and saves them; what could not be read and was not changed stays. */
export function saveChannelSettings(db: Db, patch: ChannelSettingsPatch): StoredChannelSettings {
  const stored = readStoredChannelSettings(db)
  const current = stored.value
  const next = StoredChannelSettings.parse({
    ...current,
    ...(patch.host !== undefined ? { host: patch.host } : {}),
    ...(patch.port !== undefined ? { port: patch.port } : {}),
    ...(patch.corsOrigins !== undefined ? { corsOrigins: patch.corsOrigins } : {}),
    ...(patch.models !== undefined ? { models: patch.models } : {}),
    ...(patch.tls !== undefined ? { tls: patch.tls } : {}),
    ...(patch.behindProxy !== undefined ? { behindProxy: patch.behindProxy } : {}),
    rateLimits: { ...current.rateLimits, ...patch.rateLimits }
  })
  const changed = Object.keys(patch).filter((key) => key !== 'autopilot')
  writeSettingFields(db, CHANNEL_SETTINGS_KEY, next, stored, changed)
  return next
}
