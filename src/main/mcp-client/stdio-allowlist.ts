import { StdioAllowEntry } from '../../shared/domain/mcp-server'
import type { Db } from '../db/connection'
import { readSettingList, writeSetting } from '../db/repositories/settings'

/** The programs a person allowed as stdio MCP servers on this machine (see policy/stdio-servers.ts). */
export const STDIO_ALLOWLIST_SETTING = 'mcp.stdioAllowlist'

export const readStdioAllowlist = (db: Db): StdioAllowEntry[] =>
  readSettingList(db, STDIO_ALLOWLIST_SETTING, StdioAllowEntry).entries

const sameEntry = (a: StdioAllowEntry, b: StdioAllowEntry): boolean =>
  JSON.stringify([a.command, a.args, [...a.envNames].sort()]) ===
  JSON.stringify([b.command, b.args, [...b.envNames].sort()])

/**
 * Adds a program to the allowlist. Only the CLI and the desktop app's native dialog call this: no
 * contract channel does, so the console cannot allow a program by itself.
 */
export function allowStdioCommand(db: Db, entry: StdioAllowEntry): StdioAllowEntry[] {
  const { entries, unreadable } = readSettingList(db, STDIO_ALLOWLIST_SETTING, StdioAllowEntry)
  const clean = StdioAllowEntry.parse(entry)
  if (entries.some((e) => sameEntry(e, clean))) return entries
  const next = [...entries, clean]
  writeSetting(db, STDIO_ALLOWLIST_SETTING, [...next, ...unreadable])
  return next
}
