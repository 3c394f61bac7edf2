import { McpServerConfig } from '../../shared/domain/mcp-server'
import type { SettingProblem } from '../../shared/domain/settings'
import type { Db } from '../db/connection'
import { readSettingList, writeSetting } from '../db/repositories/settings'

export const MCP_SERVERS_SETTING = 'mcp.servers'

/**
 * The configured external servers, and the entries that could not be read. Each entry is checked
 * on its own: one unreadable entry (written by a newer version, or edited by hand) is reported
 * (logged once, shown in Settings) instead of hiding all the others.
 */
export function readServerConfigsReport(db: Db): { configs: McpServerConfig[]; problems: SettingProblem[] } {
  const { entries, problems } = readSettingList(db, MCP_SERVERS_SETTING, McpServerConfig)
  const configs: McpServerConfig[] = []
  entries.forEach((config) => {
    if (!configs.some((c) => c.id === config.id)) configs.push(config)
    else
      problems.push({
        setting: MCP_SERVERS_SETTING,
        field: config.id,
        message: 'the same id is listed twice'
      })
  })
  return { configs, problems }
}

export const readServerConfigs = (db: Db): McpServerConfig[] => readServerConfigsReport(db).configs

/** Saves the servers; entries this version could not read stay in the list as they were. */
export function writeServerConfigs(db: Db, configs: readonly McpServerConfig[]): void {
  const { unreadable } = readSettingList(db, MCP_SERVERS_SETTING, McpServerConfig)
  writeSetting(db, MCP_SERVERS_SETTING, [...configs, ...unreadable])
}

/** An id for a server added without one: its name in lower case, made unique among the others. */
export function idFromName(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 20)
      .replace(/-+$/, '') || 'server'
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`
    if (!taken.has(candidate)) return candidate
  }
}
