import { execFile } from 'node:child_process'
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate, migrations } from '../../src/main/db/migrate'
import { allowStdioCommand, readStdioAllowlist } from '../../src/main/mcp-client/stdio-allowlist'
import type { StdioConfirmRequest } from '../../src/main/mcp-client/manager'
import { builtAppProblem, builtMain } from '../support/built-app'
import { commandLineText } from '../../src/shared/domain/mcp-server'
import { ClientWorld, TINY_SERVER } from './mcp-client-support'

const run = promisify(execFile)
const TOKEN = 'tiny-http-token-SECRET-4242'
const ENV_SECRET = 'env-value-SECRET-9191'

let world: ClientWorld
beforeEach(() => {
  world = new ClientWorld()
})
afterEach(async () => {
  await world.dispose()
})

const tiny = (env: Record<string, string> = {}) => ({
  id: 'tiny',
  name: 'Tiny warehouse',
  transport: 'stdio' as const,
  command: process.execPath,
  args: [TINY_SERVER],
  ...(Object.keys(env).length > 0 ? { env } : {})
})

/** Everything SQLite keeps on disk for the database: the file, and its WAL if there is one. */
const databaseBytes = (dbPath: string): string =>
  [dbPath, `${dbPath}-wal`, `${dbPath}-journal`]
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('')

describe('stdio MCP servers run only from the allowlist', () => {
  it('refuses a program the console asks for, saying how to allow it; allowed from the CLI, it runs', async () => {
    const core = await world.core({ core: { confirmStdio: undefined } })
    const refused = await core.invoke('mcpServers.add', tiny())
    expect(refused.ok).toBe(false)
    if (refused.ok) return
    expect(refused.error.code).toBe('not_allowed')
    expect(refused.error.issues?.[0]?.field).toBe('command')
    expect(refused.error.message).toContain(
      `frontline mcp-server allow --db '${world.dbPath}' --command '${commandLineText([process.execPath, TINY_SERVER])}'`
    )
    const listed = await core.invoke('mcpServers.list', {})
    expect(listed.ok && listed.value).toEqual([])

    allowStdioCommand(core.context.db, { command: process.execPath, args: [TINY_SERVER], envNames: [] })
    const added = await core.invoke('mcpServers.add', tiny())
    expect(added.ok).toBe(true)
    expect((await core.context.mcpClients.settled('tiny')).state).toBe('connected')

    // The same program with an environment variable nobody allowed is another command line.
    const withEnv = await core.invoke('mcpServers.add', {
      ...tiny({ NODE_OPTIONS: '--require /tmp/x.js' }),
      id: 'tiny-2'
    })
    expect(!withEnv.ok && withEnv.error.code).toBe('not_allowed')
  })

  it('in the desktop app, asks the person in a dialog: no keeps it out, yes allows it for good', async () => {
    const asked: StdioConfirmRequest[] = []
    let answer = false
    const core = await world.core({
      core: {
        confirmStdio: async (request) => {
          asked.push(request)
          return answer
        }
      }
    })
    const declined = await core.invoke('mcpServers.add', tiny({ TINY_MCP_LOG: world.callLog }))
    expect(!declined.ok && declined.error.message).toMatch(/declined in the confirmation dialog/)
    expect(asked).toEqual([
      { name: 'Tiny warehouse', command: process.execPath, args: [TINY_SERVER], envNames: ['TINY_MCP_LOG'] }
    ])
    answer = true
    expect((await core.invoke('mcpServers.add', tiny({ TINY_MCP_LOG: world.callLog }))).ok).toBe(true)
    expect(readStdioAllowlist(core.context.db)).toEqual([
      { command: process.execPath, args: [TINY_SERVER], envNames: ['TINY_MCP_LOG'] }
    ])
    await core.invoke('mcpServers.remove', { id: 'tiny' })
    expect((await core.invoke('mcpServers.add', tiny({ TINY_MCP_LOG: world.callLog }))).ok).toBe(true)
    expect(asked).toHaveLength(2)
  })

  it('does not start a saved server that is not on the allowlist (a database written elsewhere)', async () => {
    const core = await world.core({ core: { confirmStdio: undefined } })
    core.context.db
      .prepare("INSERT INTO settings (key, value) VALUES ('mcp.servers', ?)")
      .run(JSON.stringify([{ ...tiny(), enabled: true, envNames: [] }]))
    await core.close()
    const again = await world.core({ core: { confirmStdio: undefined } })
    const view = await again.context.mcpClients.settled('tiny')
    expect(view.state).toBe('failed')
    expect(view.lastError).toMatch(
      /^Frontline starts a program as an MCP server only when it is on this machine's allowlist/
    )
    expect(world.calls()).toEqual([])
  })
})

const problem = builtAppProblem(['cli.js'])
describe.skipIf(problem !== null)(
  `frontline mcp-server allow${problem ? ` (skipped: ${problem})` : ''}`,
  () => {
    it('allows the command line the refusal names, and lists it', async () => {
      const cli = builtMain('cli.js')
      const line = `${process.execPath} ${TINY_SERVER} --flag "two words"`
      const allowed = await run(process.execPath, [
        cli,
        'mcp-server',
        'allow',
        '--db',
        world.dbPath,
        '--command',
        line,
        '--env',
        'API_TOKEN'
      ])
      expect(allowed.stdout).toContain('Allowed:')
      const listed = await run(process.execPath, [cli, 'mcp-server', 'list', '--db', world.dbPath])
      expect(listed.stdout.trim()).toBe(
        `${process.execPath} ${TINY_SERVER} --flag "two words"  (env: API_TOKEN)`
      )
      const usage = await run(process.execPath, [cli, 'mcp-server', 'allow', '--db', world.dbPath]).catch(
        (error: { code: number; stderr: string }) => error
      )
      expect('code' in usage && usage.code).toBe(2)

      const core = await world.core({ core: { confirmStdio: undefined } })
      const added = await core.invoke('mcpServers.add', {
        ...tiny({ API_TOKEN: 'x' }),
        args: [TINY_SERVER, '--flag', 'two words']
      })
      expect(added.ok).toBe(true)
    })
  }
)

describe('MCP server tokens are kept like API keys, never in the database', () => {
  it('stores header and environment values in the key store, and uses them after a restart', async () => {
    const url = await world.startTinyHttp(TOKEN)
    const core = await world.core()
    const added = await core.invoke('mcpServers.add', {
      id: 'tiny-http',
      name: 'Tiny over HTTP',
      transport: 'http',
      url,
      headers: { 'x-tiny-token': TOKEN }
    })
    expect(added.ok).toBe(true)
    expect((await core.context.mcpClients.settled('tiny-http')).state).toBe('connected')
    expect(
      (await core.invoke('mcpServers.add', tiny({ TINY_MCP_LOG: world.callLog, API_TOKEN: ENV_SECRET }))).ok
    ).toBe(true)
    await core.context.mcpClients.settled('tiny')

    const keyFile = join(world.dir, 'keys', 'mcp.tiny-http.key')
    expect(readFileSync(keyFile, 'utf8')).toContain(TOKEN)
    expect(statSync(keyFile).mode & 0o077).toBe(0)
    expect(readFileSync(join(world.dir, 'keys', 'mcp.tiny.key'), 'utf8')).toContain(ENV_SECRET)
    await core.close()
    expect(databaseBytes(world.dbPath)).not.toContain(TOKEN)
    expect(databaseBytes(world.dbPath)).not.toContain(ENV_SECRET)

    const again = await world.core()
    const view = await again.context.mcpClients.settled('tiny-http')
    expect(view).toMatchObject({ state: 'connected', headerNames: ['x-tiny-token'] })

    await again.invoke('mcpServers.remove', { id: 'tiny-http' })
    expect(existsSync(keyFile)).toBe(false)
  })

  it('moves the tokens a database kept before out of it (migration and first start), leaving no trace in the file', async () => {
    const url = await world.startTinyHttp(TOKEN)
    // A database as the version before this one left it.
    rmSync(world.dbPath)
    const old = new Database(world.dbPath)
    const secretsOut = migrations.find((m) => m.name === 'mcp_secrets_out')!
    migrate(
      old,
      migrations.filter((m) => m.version < secretsOut.version)
    )
    old.prepare("INSERT INTO settings (key, value) VALUES ('mcp.servers', ?)").run(
      JSON.stringify([
        {
          id: 'tiny-http',
          name: 'Tiny over HTTP',
          enabled: true,
          transport: 'http',
          url,
          headers: { 'x-tiny-token': TOKEN }
        }
      ])
    )
    old.close()
    expect(databaseBytes(world.dbPath)).toContain(TOKEN)

    const core = await world.core()
    await core.context.mcpClients.ready()
    const view = await core.context.mcpClients.settled('tiny-http')
    expect(view).toMatchObject({ state: 'connected', headerNames: ['x-tiny-token'] })
    expect(readFileSync(join(world.dir, 'keys', 'mcp.tiny-http.key'), 'utf8')).toContain(TOKEN)
    expect(databaseBytes(world.dbPath), 'while the core runs').not.toContain(TOKEN)
    await core.close()
    expect(databaseBytes(world.dbPath), 'after it closed').not.toContain(TOKEN)
  })
})
