import type { Handlers } from '../../shared/contract'
import type { McpClientManager } from './manager'

export type McpServerHandlers = Pick<
  Handlers,
  | 'mcpServers.list'
  | 'mcpServers.add'
  | 'mcpServers.remove'
  | 'mcpServers.setEnabled'
  | 'mcpServers.reconnect'
>

/** Settings' channels for external MCP servers; connecting happens in the background, so each answers at once. */
export function createMcpServerHandlers(manager: McpClientManager): McpServerHandlers {
  return {
    'mcpServers.list': async () => {
      await manager.ready()
      return manager.list()
    },
    'mcpServers.add': (input) => manager.add(input),
    'mcpServers.remove': ({ id }) => manager.remove(id),
    'mcpServers.setEnabled': ({ id, enabled }) => manager.setEnabled(id, enabled),
    'mcpServers.reconnect': ({ id }) => manager.reconnect(id)
  }
}
