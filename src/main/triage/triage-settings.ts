import { TriageSettings } from '../../shared/domain/triage'
import type { Db } from '../db/connection'
import { readSettingFields, writeSettingFields, type StoredSetting } from '../db/repositories/settings'

export const TRIAGE_SETTING = 'triage'

export const storedTriageSettings = (db: Db): StoredSetting<TriageSettings> =>
  readSettingFields(db, TRIAGE_SETTING, TriageSettings)

export const readTriageSettings = (db: Db): TriageSettings => storedTriageSettings(db).value

export function writeTriageSettings(db: Db, patch: Partial<TriageSettings>): TriageSettings {
  const stored = storedTriageSettings(db)
  const next = TriageSettings.parse({ ...stored.value, ...patch })
  writeSettingFields(db, TRIAGE_SETTING, next, stored, Object.keys(patch))
  return next
}
