import type { SettingProblem } from '../../shared/domain/settings'
import { storedAutopilotSettings } from '../agent/autopilot'
import { readStoredChannelSettings } from '../channel/channel-settings-store'
import type { Db } from '../db/connection'
import { readServerConfigsReport } from '../mcp-client/server-store'
import { STDIO_ALLOWLIST_SETTING } from '../mcp-client/stdio-allowlist'
import { StdioAllowEntry } from '../../shared/domain/mcp-server'
import { readSettingList } from '../db/repositories/settings'
import type { LlmRuntime } from './llm-setup'

/** Every saved setting this version could not read, for Settings to show: AI, chat channel, autopilot, MCP servers. */
export function storedSettingProblems(db: Db, llm: Pick<LlmRuntime, 'settingsProblems'>): SettingProblem[] {
  return [
    ...llm.settingsProblems(),
    ...readStoredChannelSettings(db).problems,
    ...storedAutopilotSettings(db).problems,
    ...readServerConfigsReport(db).problems,
    ...readSettingList(db, STDIO_ALLOWLIST_SETTING, StdioAllowEntry).problems
  ]
}
