import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/run'
import { ADA, ADA_SHIPPED, buildShop, type WireJson } from './channel-support'
import { Capture, cli } from '../support/cli-runner'

let dir: string
let dbPath: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-channel-cli-'))
  dbPath = join(dir, 'shop.db')
  buildShop(dbPath)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('frontline channel-key and serve', () => {
  it('creates a key shown once, lists it, serves the chat API with it, and revokes it', async () => {
    const created = await cli('channel-key', 'create', 'shop website', '--db', dbPath)
    expect(created.code).toBe(0)
    const key = created.stdout.trim()
    expect(key).toMatch(/^flc_[\w-]{40,}$/)

    const listed = await cli('channel-key', 'list', '--db', dbPath)
    expect(listed.stdout).toContain('shop website')
    expect(listed.stdout).toContain(key.slice(0, 10))
    expect(listed.stdout).not.toContain(key)
    const keyId = /CHK-[0-9a-f]+/.exec(listed.stdout)![0]

    const stdout = new Capture()
    const stderr = new Capture()
    const stop = new AbortController()
    const serving = runCli(['serve', '--db', dbPath, '--port', '0', '--cors', 'https://shop.example.com'], {
      stdout,
      stderr,
      shutdown: stop.signal
    })
    const url = (await stdout.waitFor(/Frontline chat channel: (http:\/\/\S+)/))[1]!
    expect(stderr.text).toContain('demo/')
    const response = await fetch(`${url}/mcp/chat`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${key}`,
        Origin: 'https://shop.example.com'
      },
      body: JSON.stringify({
        customer_id: ADA,
        messages: [{ role: 'user', content: `Where is my order ${ADA_SHIPPED}?` }]
      })
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example.com')
    const body = (await response.json()) as WireJson
    expect(body.response).toContain('1Z999AA10123456784')
    expect(body.delivery).toBe('sent')

    const revoked = await cli('channel-key', 'revoke', keyId, '--db', dbPath)
    expect(revoked.code).toBe(0)
    // The running server reads keys again within seconds (another process revoked it).
    await new Promise((resolve) => setTimeout(resolve, 2_100))
    const refused = await fetch(`${url}/mcp/tools`, { headers: { Authorization: `Bearer ${key}` } })
    expect(refused.status).toBe(401)

    stop.abort()
    expect(await serving).toBe(0)
  })

  it('explains misuse with the usage, exit 2', async () => {
    const noName = await cli('channel-key', 'create', '--db', dbPath)
    expect(noName.code).toBe(2)
    expect(noName.stderr).toContain('NAME')
    const badAction = await cli('channel-key', 'rotate', '--db', dbPath)
    expect(badAction.code).toBe(2)
    expect(badAction.stderr).toContain('create, list or revoke')
    const badCors = await cli('serve', '--db', dbPath, '--cors', 'shop.example.com')
    expect(badCors.code).toBe(2)
    expect(badCors.stderr).toContain('--cors')
    const unknown = await cli('channel-key', 'revoke', 'CHK-nope', '--db', dbPath)
    expect(unknown.code).toBe(1)
  })
})
