import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMockOpenAi } from '../../src/main/bench/mock-openai-server'
import { ADA, ADA_SHIPPED, buildShop, postJson, type WireJson } from './channel-support'
import { cli, startCli } from '../support/cli-runner'

let dir: string
let dbPath: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-channel-cli-'))
  dbPath = join(dir, 'shop.db')
  buildShop(dbPath)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Opens a TCP connection and closes it: null when something listens there, else the error code. */
function connectionRefusal(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(null)
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })
}

const servedUrl = async (serving: ReturnType<typeof startCli>): Promise<string> =>
  (await serving.stdout.waitFor(/^Frontline chat channel: (\S+)$/m))[1]!

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

    const serving = startCli('serve', '--db', dbPath, '--port', '0', '--cors', 'https://shop.example.com')
    const url = (await serving.stdout.waitFor(/Frontline chat channel: (http:\/\/\S+)/))[1]!
    expect(serving.stderr.text).toContain('demo/')
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

    expect(await serving.stop()).toBe(0)
  })

  it('listens on 127.0.0.1 unless told otherwise, and stops listening when shut down', async () => {
    const serving = startCli('serve', '--db', dbPath, '--port', '0')
    const url = await servedUrl(serving)
    const port = Number(/^http:\/\/127\.0\.0\.1:(\d+)$/.exec(url)?.[1])
    expect(port, url).toBeGreaterThan(0)
    expect(await connectionRefusal('127.0.0.1', port)).toBeNull()
    const health = await fetch(`${url}/health`)
    expect(health.status).toBe(200)
    expect(((await health.json()) as WireJson).provider.id).toBe('demo')
    expect(await serving.stop()).toBe(0)
    expect(await connectionRefusal('127.0.0.1', port)).toBe('ECONNREFUSED')
  })

  it('answers the chat through --base-url and --model, with FRONTLINE_API_KEY as the bearer', async () => {
    const mock = await startMockOpenAi()
    const previousKey = process.env.FRONTLINE_API_KEY
    process.env.FRONTLINE_API_KEY = 'sk-serve-test-0123456789'
    try {
      const key = (await cli('channel-key', 'create', 'shop website', '--db', dbPath)).stdout.trim()
      const serving = startCli(
        'serve',
        '--db',
        dbPath,
        '--port',
        '0',
        '--base-url',
        mock.baseURL,
        '--model',
        'gpt-4.1'
      )
      const url = await servedUrl(serving)
      expect(serving.stderr.text).toContain('Answering with custom/gpt-4.1.')
      const health = (await (await fetch(`${url}/health`)).json()) as WireJson
      expect(health.provider).toMatchObject({ id: 'custom', model: 'gpt-4.1' })

      const question = `Where is my order ${ADA_SHIPPED}?`
      const chat = await postJson({ url, auth: { Authorization: `Bearer ${key}` } }, '/mcp/chat', {
        customer_id: ADA,
        messages: [{ role: 'user', content: question }]
      })
      expect(chat.status).toBe(200)
      // The mock's own words, from the tool result it was given.
      expect(chat.body.response).toContain(`I checked ${ADA_SHIPPED}: its status is "shipped"`)
      expect(chat.body.delivery).toBe('sent')

      expect(mock.requests.length).toBeGreaterThanOrEqual(2)
      for (const request of mock.requests) {
        expect(request.path).toBe('/v1/chat/completions')
        expect(request.headers.authorization).toBe('Bearer sk-serve-test-0123456789')
        expect(request.body.model).toBe('gpt-4.1')
      }
      expect(JSON.stringify(mock.requests[0]!.body.messages)).toContain(question)

      expect(await serving.stop()).toBe(0)
      expect(serving.stdout.text + serving.stderr.text).not.toContain('sk-serve-test')
    } finally {
      if (previousKey === undefined) delete process.env.FRONTLINE_API_KEY
      else process.env.FRONTLINE_API_KEY = previousKey
      await mock.close()
    }
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
