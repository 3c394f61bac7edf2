import { cliScriptPath } from '../worker-files'

/**
 * What to paste into an MCP host to use Frontline's tools. The command names this machine's own
 * programs by their absolute paths, so it runs from any folder: `npx frontline` only worked inside
 * Frontline's folder, and outside it npx would fetch whatever the registry holds under that name.
 */

/** A program to start, by absolute path, with its arguments and environment. */
export interface StdioCommand {
  command: string
  args: string[]
  /** The desktop app's binary runs the CLI as plain Node only when told to. */
  env?: Record<string, string>
}

/** An MCP host's entry for a stdio server: the command that starts it. */
export type McpStdioServerEntry = StdioCommand

export interface McpHttpServerEntry {
  type: 'http'
  url: string
  headers: { Authorization: string }
}

export interface McpClientConfig {
  /** Claude Desktop's `claude_desktop_config.json` (other hosts take the same `mcpServers` shape). */
  json: { mcpServers: { frontline: McpStdioServerEntry } }
  /** The same, as text to paste. */
  jsonText: string
  /** One shell line for hosts that ask for a stdio command. */
  commandLine: string
}

const SAFE_SHELL_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/

/** POSIX single quotes, so a path with spaces or quotes survives a paste into a shell. */
export function shellQuote(word: string): string {
  return SAFE_SHELL_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/**
 * This process's way to the CLI: the Node (or the desktop app's binary) running now and the CLI's
 * script (see cliScriptPath), both by absolute path. The desktop app's binary is Electron, which
 * runs a script as Node with ELECTRON_RUN_AS_NODE=1.
 */
export function thisCliLauncher(
  runtime: { execPath: string; electron: boolean; script: string } = {
    execPath: process.execPath,
    electron: typeof process.versions.electron === 'string',
    script: cliScriptPath()
  }
): StdioCommand {
  return {
    command: runtime.execPath,
    args: [runtime.script],
    ...(runtime.electron ? { env: { ELECTRON_RUN_AS_NODE: '1' } } : {})
  }
}

export function mcpClientConfig(dbPath: string, launcher: StdioCommand = thisCliLauncher()): McpClientConfig {
  const entry: McpStdioServerEntry = {
    command: launcher.command,
    args: [...launcher.args, 'mcp', '--db', dbPath],
    ...(launcher.env ? { env: launcher.env } : {})
  }
  const json = { mcpServers: { frontline: entry } }
  const envWords = Object.entries(launcher.env ?? {}).map(([name, value]) => `${name}=${shellQuote(value)}`)
  return {
    json,
    jsonText: JSON.stringify(json, null, 2),
    commandLine: [...envWords, ...[entry.command, ...entry.args].map(shellQuote)].join(' ')
  }
}

/** For hosts that speak Streamable HTTP to a running `frontline mcp --http`. */
export function mcpHttpClientConfig(
  url: string,
  token: string
): { mcpServers: { frontline: McpHttpServerEntry } } {
  return { mcpServers: { frontline: { type: 'http', url, headers: { Authorization: `Bearer ${token}` } } } }
}
