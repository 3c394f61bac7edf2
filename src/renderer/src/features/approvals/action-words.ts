import type { Action } from '../../../../shared/domain/action'

const originWords: Record<Action['origin'], string> = {
  agent: 'AI agent',
  fallback: 'Fallback drafter (no AI)',
  mcp: 'MCP client',
  cli: 'Command line',
  chat: 'Customer chat'
}

/** Who proposed it, in words: "AI agent", "MCP client · Claude Desktop"… */
export function describeOrigin(action: Action): string {
  const words = originWords[action.origin]
  return action.originDetail ? `${words} · ${action.originDetail}` : words
}

/** A reason as the customer would say it: `wrong_size` → "Wrong size". */
export const reasonWords = (reason: string): string => {
  const words = reason.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}
