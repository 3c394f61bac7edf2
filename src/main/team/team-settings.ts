import { z } from 'zod'
import { TeamSettings, type ApprovalCaps } from '../../shared/domain/team'
import type { Db } from '../db/connection'
import { readSetting, writeSetting } from '../db/repositories/settings'
import { DEFAULT_CAPS } from '../policy/approval-caps'

const TEAM_SETTINGS_KEY = 'team'
/** Where the team server says it can be reached, so invite links made elsewhere (the CLI) point at it. */
const PUBLIC_URL_KEY = 'team.publicUrl'

const DEFAULTS: TeamSettings = { caps: DEFAULT_CAPS, autoAssign: false }

export function readTeamSettings(db: Db): TeamSettings {
  return readSetting(db, TEAM_SETTINGS_KEY, TeamSettings, DEFAULTS)
}

export function writeTeamSettings(
  db: Db,
  patch: { caps?: ApprovalCaps; autoAssign?: boolean }
): TeamSettings {
  const next = TeamSettings.parse({ ...readTeamSettings(db), ...patch })
  writeSetting(db, TEAM_SETTINGS_KEY, next)
  return next
}

export const readPublicUrl = (db: Db): string | null =>
  readSetting(db, PUBLIC_URL_KEY, z.url().nullable(), null)

export function writePublicUrl(db: Db, url: string): void {
  writeSetting(db, PUBLIC_URL_KEY, url)
}
