import { describe, expect, it } from 'vitest'
import { refuseMcpRequest } from '../../src/main/mcp/http-guard'
import { mcpClientConfig, mcpHttpClientConfig, shellQuote } from '../../src/main/mcp/host-config'

describe('mcpClientConfig', () => {
  it('gives the Claude Desktop entry that starts `frontline mcp` on the database', () => {
    const config = mcpClientConfig('/home/ana/Frontline/shop.db')
    expect(config.json).toEqual({
      mcpServers: {
        frontline: { command: 'npx', args: ['frontline', 'mcp', '--db', '/home/ana/Frontline/shop.db'] }
      }
    })
    expect(JSON.parse(config.jsonText)).toEqual(config.json)
    expect(config.commandLine).toBe('npx frontline mcp --db /home/ana/Frontline/shop.db')
  })

  it('quotes a path with spaces and quotes so the command line survives a shell', () => {
    const config = mcpClientConfig("/Users/Ana's Mac/Frontline Data/shop.db")
    expect(config.json.mcpServers.frontline.args[3]).toBe("/Users/Ana's Mac/Frontline Data/shop.db")
    expect(config.commandLine).toBe(`npx frontline mcp --db '/Users/Ana'\\''s Mac/Frontline Data/shop.db'`)
    expect(shellQuote('')).toBe("''")
  })

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
