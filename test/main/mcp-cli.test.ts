import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/run'
import { seededDbFile, type SeededFile } from './mcp-support'

let file: SeededFile
beforeEach(() => {
  file = seededDbFile()
})
afterEach(() => file.cleanup())

function captureIo(shutdown?: AbortSignal) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out = { stdout: '', stderr: '' }
  stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()))
  return { io: { stdout, stderr, shutdown }, out }
}

describe('frontline mcp', () => {
  it('refuses --port without --http, naming the option', async () => {
    const { io, out } = captureIo()
    expect(await runCli(['mcp', '--port', '7777', '--db', file.dbPath], io)).toBe(2)
    expect(out.stderr).toContain('frontline mcp: --port: only with --http')
    expect(out.stderr).toContain('Usage: frontline mcp')
  })

  it('refuses a --db that does not exist instead of creating a new shop', async () => {
    const { io, out } = captureIo()
    expect(await runCli(['mcp', '--db', join(file.dir, 'typo.db')], io)).toBe(1)
    expect(out.stderr).toContain('No database at')
  })

  it('serves --http until shut down, with the token printed once to stderr', async () => {
    const stop = new AbortController()
    const { io, out } = captureIo(stop.signal)
    const previous = process.env.FRONTLINE_MCP_TOKEN
    delete process.env.FRONTLINE_MCP_TOKEN
    try {
      const exit = runCli(['mcp', '--http', '--port', '0', '--db', file.dbPath], io)
      await expect.poll(() => out.stderr, { timeout: 10_000 }).toMatch(/Bearer \S+/)
      const url = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(out.stderr)?.[1] ?? ''
      const token = /Bearer (\S+)/.exec(out.stderr)?.[1] ?? ''
      expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(401)
      const authorized = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: '{}'
      })
      expect(authorized.status).toBe(400)
      stop.abort()
      expect(await exit).toBe(0)
      expect(out.stdout).toBe('')
    } finally {
      if (previous !== undefined) process.env.FRONTLINE_MCP_TOKEN = previous
    }
  })
})
