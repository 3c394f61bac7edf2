import { createHash } from 'node:crypto'

/** OpenAI function names: letters, digits, `_` and `-`, at most 64 characters. */
export const MAX_FUNCTION_NAME = 64
export const NAMESPACE_SEPARATOR = '__'

const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 6)

/**
 * The names the model sees for one server's tools: `<serverId>__<tool>`. MCP allows dots and slashes
 * in tool names, which function names do not, so those become `_`; a name still too long, or one
 * that collides after that, keeps a short hash of the original so each maps back to exactly one tool.
 */
export function qualifyToolNames(serverId: string, toolNames: readonly string[]): Map<string, string> {
  const prefix = `${serverId}${NAMESPACE_SEPARATOR}`
  const room = MAX_FUNCTION_NAME - prefix.length
  const fits = (name: string): boolean => name.length <= room && /^[a-zA-Z0-9_-]+$/.test(name)
  const taken = new Set<string>()
  const qualified = new Map<string, string>()
  // Names that need no rewriting keep it, whatever order the server lists them in.
  const ordered = [...toolNames.filter(fits), ...toolNames.filter((name) => !fits(name))]
  for (const name of ordered) {
    const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_') || 'tool'
    const hashed = `${cleaned.slice(0, room - 7)}_${shortHash(name)}`
    const local = cleaned.length <= room && !taken.has(cleaned) ? cleaned : hashed
    taken.add(local)
    qualified.set(name, `${prefix}${local}`)
  }
  return qualified
}
