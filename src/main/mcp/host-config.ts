/**
 * What to paste into an MCP host to use Frontline's tools. Pure strings: the Settings view and the
 * README show the same text.
 */

export interface McpStdioServerEntry {
  command: string
  args: string[]
}

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

export function mcpStdioArgs(dbPath: string): string[] {
  return ['frontline', 'mcp', '--db', dbPath]
}

export function mcpClientConfig(dbPath: string): McpClientConfig {
  const entry: McpStdioServerEntry = { command: 'npx', args: mcpStdioArgs(dbPath) }
  const json = { mcpServers: { frontline: entry } }
  return {
    json,
    jsonText: JSON.stringify(json, null, 2),
    commandLine: [entry.command, ...entry.args].map(shellQuote).join(' ')
  }
}

/** For hosts that speak Streamable HTTP to a running `frontline mcp --http`. */
export function mcpHttpClientConfig(
  url: string,
  token: string
): { mcpServers: { frontline: McpHttpServerEntry } } {
  return { mcpServers: { frontline: { type: 'http', url, headers: { Authorization: `Bearer ${token}` } } } }
}
