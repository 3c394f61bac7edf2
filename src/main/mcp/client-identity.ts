import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'

const MAX_DETAIL_LENGTH = 120

/**
 * The host that called, as `name/version` from its `initialize` handshake. The host chooses these
 * strings, and the console shows them beside every proposed action, so they are bounded and
 * stripped of control characters before they are stored.
 */
export function describeClient(server: McpServer): string {
  const info = server.server.getClientVersion()
  if (!info) return 'unknown MCP client'
  // eslint-disable-next-line no-control-regex
  const clean = (value: string): string => value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  const name = clean(info.name) || 'unnamed MCP client'
  const detail = info.version ? `${name}/${clean(info.version)}` : name
  return detail.slice(0, MAX_DETAIL_LENGTH)
}
