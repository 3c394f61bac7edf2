import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute } from 'node:path'
import { describe, expect, it } from 'vitest'
import { refuseMcpRequest } from '../../src/main/mcp/http-guard'
import {
  mcpClientConfig,
  mcpHttpClientConfig,
  shellQuote,
  thisCliLauncher
} from '../../src/main/mcp/host-config'
import { builtAppProblem } from '../support/built-app'

const node = { command: '/usr/local/bin/node', args: ['/opt/frontline/out/main/cli.js'] }

describe('mcpClientConfig', () => {
  it('gives the Claude Desktop entry that starts `frontline mcp` by absolute paths, not npx', () => {
    const config = mcpClientConfig('/home/ana/Frontline/shop.db', node)
    expect(config.json).toEqual({
      mcpServers: {
        frontline: {
          command: '/usr/local/bin/node',
          args: ['/opt/frontline/out/main/cli.js', 'mcp', '--db', '/home/ana/Frontline/shop.db']
        }
      }
    })
    expect(JSON.parse(config.jsonText)).toEqual(config.json)
    expect(config.commandLine).toBe(
      '/usr/local/bin/node /opt/frontline/out/main/cli.js mcp --db /home/ana/Frontline/shop.db'
    )
  })

  it('runs the installed desktop app as Node when that is what is running', () => {
    const app = thisCliLauncher({
      execPath: '/Applications/Frontline.app/Contents/MacOS/Frontline',
      electron: true,
      script: '/Applications/Frontline.app/Contents/Resources/app.asar/out/main/cli.js'
    })
    const config = mcpClientConfig('/Users/ana/Library/Application Support/Frontline/frontline.db', app)
    expect(config.json.mcpServers.frontline.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' })
    expect(config.commandLine).toBe(
      "ELECTRON_RUN_AS_NODE=1 /Applications/Frontline.app/Contents/MacOS/Frontline /Applications/Frontline.app/Contents/Resources/app.asar/out/main/cli.js mcp --db '/Users/ana/Library/Application Support/Frontline/frontline.db'"
    )
  })

  it('quotes a path with spaces and quotes so the command line survives a shell', () => {
    const config = mcpClientConfig("/Users/Ana's Mac/Frontline Data/shop.db", node)
    expect(config.json.mcpServers.frontline.args[3]).toBe("/Users/Ana's Mac/Frontline Data/shop.db")
    expect(config.commandLine).toBe(
      `/usr/local/bin/node /opt/frontline/out/main/cli.js mcp --db '/Users/Ana'\\''s Mac/Frontline Data/shop.db'`
    )
    expect(shellQuote('')).toBe("''")
  })

  it('names this machine’s own Node and CLI, so the command runs from any folder', () => {
    const { command, args } = thisCliLauncher()
    expect(command).toBe(process.execPath)
    expect(isAbsolute(args[0]!)).toBe(true)
    expect(existsSync(args[0]!)).toBe(true)
  })

  it.skipIf(builtAppProblem() !== null)(
    'the command line it shows starts the CLI from another folder',
    () => {
      const { command, args } = thisCliLauncher()
      const run = spawnSync(command, [...args, 'help', 'mcp'], { cwd: tmpdir(), encoding: 'utf8' })
      expect(run.status).toBe(0)
      expect(run.stdout).toContain('Usage: frontline mcp')
      // The usage shows the same command, with this machine's paths.
      expect(run.stdout).toContain(JSON.stringify(command))
    }
  )

  it('gives the Streamable HTTP entry with the bearer header', () => {
    expect(mcpHttpClientConfig('http://127.0.0.1:7777/mcp', 'secret-token-123456')).toEqual({
      mcpServers: {
        frontline: {
          type: 'http',
          url: 'http://127.0.0.1:7777/mcp',
          headers: { Authorization: 'Bearer secret-token-123456' }
        }
      }
    })
  })
})

describe('refuseMcpRequest', () => {
  const token = 'a-long-enough-test-token'
  const ok = { host: '127.0.0.1:4000', authorization: `Bearer ${token}` }

  it('serves our own names with the token, with or without an Origin', () => {
    expect(refuseMcpRequest('/mcp', ok, 4000, token)).toBeUndefined()
    expect(refuseMcpRequest('/mcp', { ...ok, host: 'localhost:4000' }, 4000, token)).toBeUndefined()
    expect(refuseMcpRequest('/mcp', { ...ok, origin: 'http://localhost:4000' }, 4000, token)).toBeUndefined()
    expect(refuseMcpRequest('/mcp', { ...ok, origin: 'http://127.0.0.1:4000' }, 4000, token)).toBeUndefined()
  })

  it('refuses a missing or wrong token with 401', () => {
    expect(refuseMcpRequest('/mcp', { host: ok.host }, 4000, token)?.status).toBe(401)
    expect(refuseMcpRequest('/mcp', { ...ok, authorization: 'Bearer nope' }, 4000, token)?.status).toBe(401)
    expect(refuseMcpRequest('/mcp', { ...ok, authorization: token }, 4000, token)?.status).toBe(401)
  })

  it('refuses a foreign Origin or Host with 403 (DNS rebinding), whatever the token', () => {
    const foreign = refuseMcpRequest('/mcp', { ...ok, origin: 'https://evil.example' }, 4000, token)
    expect(foreign).toEqual({ status: 403, message: 'Forbidden: foreign Origin https://evil.example' })
    expect(refuseMcpRequest('/mcp', { ...ok, origin: 'http://localhost:4001' }, 4000, token)?.status).toBe(
      403
    )
    expect(refuseMcpRequest('/mcp', { ...ok, host: 'evil.example:4000' }, 4000, token)?.status).toBe(403)
  })

  it('answers 404 off the endpoint path', () => {
    expect(refuseMcpRequest('/other', ok, 4000, token)?.status).toBe(404)
    expect(refuseMcpRequest('/mcp?x=1', ok, 4000, token)).toBeUndefined()
  })
})
