import { McpServerSecrets, StoredMcpServer, type McpServerConfig } from '../../shared/domain/mcp-server'
import type { SettingProblem } from '../../shared/domain/settings'
import type { Db } from '../db/connection'
import { readSettingList, writeSetting } from '../db/repositories/settings'
import { commitPendingTurn } from '../db/turn-commit'
import type { KeyStore } from '../llm'

export const MCP_SERVERS_SETTING = 'mcp.servers'

/** Where a server's header and environment values live in the key store. */
export const secretNameOf = (serverId: string): string => `mcp.${serverId}`

/**
 * The configured external servers (without their secret values), and the entries that could not
 * be read. Each entry is checked on its own: one unreadable entry (written by a newer version, or
 * edited by hand) is reported (logged once, shown in Settings) instead of hiding all the others.
 */
export function readServerConfigsReport(db: Db): { servers: StoredMcpServer[]; problems: SettingProblem[] } {
  const { entries, problems } = readSettingList(db, MCP_SERVERS_SETTING, StoredMcpServer)
  const servers: StoredMcpServer[] = []
  for (const server of entries) {
    if (!servers.some((s) => s.id === server.id)) servers.push(server)
    else
      problems.push({
        setting: MCP_SERVERS_SETTING,
        field: server.id,
        message: 'the same id is listed twice'
      })
  }
  return { servers, problems }
}

export const readServerConfigs = (db: Db): StoredMcpServer[] => readServerConfigsReport(db).servers

export const storedFormOf = (config: McpServerConfig): StoredMcpServer =>
  config.transport === 'stdio'
    ? {
        id: config.id,
        name: config.name,
        enabled: config.enabled,
        transport: 'stdio',
        command: config.command,
        args: [...config.args],
        envNames: Object.keys(config.env ?? {})
      }
    : {
        id: config.id,
        name: config.name,
        enabled: config.enabled,
        transport: 'http',
        url: config.url,
        headerNames: Object.keys(config.headers ?? {})
      }

/** A server's secret values, or null when it has none. */
export function secretsOf(config: McpServerConfig): McpServerSecrets | null {
  const headers = config.transport === 'http' ? (config.headers ?? {}) : {}
  const env = config.transport === 'stdio' ? (config.env ?? {}) : {}
  return Object.keys(headers).length + Object.keys(env).length > 0 ? { headers, env } : null
}

/** The server as the connection needs it: stored settings plus the values from the key store. */
export function withSecrets(stored: StoredMcpServer, secrets: McpServerSecrets | null): McpServerConfig {
  if (stored.transport === 'stdio') {
    const { envNames, ...rest } = stored
    const env = Object.fromEntries(
      envNames.flatMap((n) => (secrets?.env[n] !== undefined ? [[n, secrets.env[n]]] : []))
    )
    return { ...rest, ...(envNames.length > 0 ? { env } : {}) }
  }
  const { headerNames, ...rest } = stored
  const headers = Object.fromEntries(
    headerNames.flatMap((n) => (secrets?.headers[n] !== undefined ? [[n, secrets.headers[n]]] : []))
  )
  return { ...rest, ...(headerNames.length > 0 ? { headers } : {}) }
}

export async function readSecrets(keys: KeyStore, serverId: string): Promise<McpServerSecrets | null> {
  const text = await keys.get(secretNameOf(serverId))
  if (!text) return null
  try {
    const parsed = McpServerSecrets.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export async function saveSecrets(keys: KeyStore, config: McpServerConfig): Promise<void> {
  const secrets = secretsOf(config)
  if (secrets) await keys.set(secretNameOf(config.id), JSON.stringify(secrets))
  else await keys.delete(secretNameOf(config.id))
}

/** Saves the servers without their secret values; entries this version could not read stay as they were. */
export function writeServerConfigs(db: Db, configs: readonly McpServerConfig[]): void {
  const { unreadable } = readSettingList(db, MCP_SERVERS_SETTING, StoredMcpServer)
  writeSetting(db, MCP_SERVERS_SETTING, [...configs.map(storedFormOf), ...unreadable])
}

/**
 * Hands the values migration 0010 took out of the servers' settings to the key store, then deletes
 * them from the database: the row is zeroed (secure_delete) and, once committed, the WAL is
 * checkpointed and truncated, so no token stays in the database files. A value the key store
 * refuses stays for the next start (and is still used meanwhile).
 */
export async function moveSecretsToKeyStore(db: Db, keys: KeyStore): Promise<number> {
  const rows = db.prepare('SELECT server_id AS id, secrets FROM mcp_secret_moves').all() as {
    id: string
    secrets: string
  }[]
  let moved = 0
  for (const row of rows) {
    try {
      await keys.set(secretNameOf(row.id), row.secrets)
    } catch (error) {
      console.error(
        `[mcp-client] could not move the secrets of ${row.id} to the key store: ${(error as Error).message}`
      )
      continue
    }
    if (!db.open) return moved
    const previous = db.pragma('secure_delete', { simple: true }) as number
    db.pragma('secure_delete = ON')
    try {
      db.prepare('DELETE FROM mcp_secret_moves WHERE server_id = ?').run(row.id)
    } finally {
      db.pragma(`secure_delete = ${previous}`)
    }
    moved += 1
  }
  if (moved > 0 && db.open) {
    commitPendingTurn(db)
    db.pragma('wal_checkpoint(TRUNCATE)')
  }
  return moved
}

/** Secrets migration 0010 took out and the key store has not taken yet. */
export function pendingSecrets(db: Db, serverId: string): McpServerSecrets | null {
  const row = db.prepare('SELECT secrets FROM mcp_secret_moves WHERE server_id = ?').get(serverId) as
    { secrets: string } | undefined
  if (!row) return null
  const parsed = McpServerSecrets.safeParse(JSON.parse(row.secrets))
  return parsed.success ? parsed.data : null
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
