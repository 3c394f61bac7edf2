import { z } from 'zod'
import { McpServerConfig } from '../../shared/domain/mcp-server'
import type { Db } from '../db/connection'
import { readSetting, writeSetting } from '../db/repositories/settings'

export const MCP_SERVERS_SETTING = 'mcp.servers'

/**
 * The configured external servers. Each entry is checked on its own: one unreadable entry (written
 * by a newer version, or edited by hand) is skipped with a log line instead of hiding all the others.
 */
export function readServerConfigs(db: Db): McpServerConfig[] {
  const raw = readSetting(db, MCP_SERVERS_SETTING, z.array(z.unknown()), [])
  const configs: McpServerConfig[] = []
  for (const entry of raw) {
    const parsed = McpServerConfig.safeParse(entry)
    if (parsed.success && !configs.some((c) => c.id === parsed.data.id)) configs.push(parsed.data)
    else console.error(`[mcp-client] skipping an unreadable entry of the ${MCP_SERVERS_SETTING} setting`)
  }
  return configs
}

export function writeServerConfigs(db: Db, configs: readonly McpServerConfig[]): void {
  writeSetting(db, MCP_SERVERS_SETTING, configs)
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
