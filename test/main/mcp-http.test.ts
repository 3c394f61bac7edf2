import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import {
  LATEST_PROTOCOL_VERSION,
  ResourceListChangedNotificationSchema
} from '@modelcontextprotocol/sdk/types.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH } from '../../src/main/bounded-json'
import { fixedClock } from '../../src/main/core/clock'
import { getAction } from '../../src/main/db/repositories/actions'
import { startMcpHttp, type McpHttpHandle } from '../../src/main/mcp/http'
import { shopTools } from '../../src/main/tools/shop-tools'
import { ANCHOR, insertOrderElsewhere, returnableOrderId, seededDbFile, type SeededFile } from './mcp-support'

const TOKEN = 'test-token-0123456789abcdef'
const clock = fixedClock(ANCHOR)
const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'curl', version: '1' }
  }
}

let file: SeededFile
let mcp: McpHttpHandle
const clients: Client[] = []

beforeEach(async () => {
  file = seededDbFile()
  mcp = await startMcpHttp({
    dbPath: file.dbPath,
    port: 0,
    token: TOKEN,
    clock,
    orderWatchIntervalMs: 25,
    log: () => {}
  })
})

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  await mcp.close()
  file.cleanup()
})

function post(headers: Record<string, string>, body: unknown = initialize): Promise<Response> {
  return fetch(mcp.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...headers
    },
    body: JSON.stringify(body)
  })
}

async function connectClient(info = { name: 'http-test-host', version: '2.0.0' }): Promise<Client> {
  const client = new Client(info)
  const transport = new StreamableHTTPClientTransport(new URL(mcp.url), {
    requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } }
  })
  await client.connect(transport)
  clients.push(client)
  return client
}

describe('frontline mcp --http', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(mcp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/)
  })

  it('answers 401 without the token, or with a wrong one', async () => {
    const missing = await post({})
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(await missing.json()).toMatchObject({ error: { message: expect.stringContaining('Bearer') } })
    expect((await post({ Authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401)
    expect((await post({ Authorization: TOKEN })).status).toBe(401)
  })

  it('answers 403 to a foreign Origin even with the token (DNS rebinding)', async () => {
    const foreign = await post({ Authorization: `Bearer ${TOKEN}`, Origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
    expect(await foreign.json()).toMatchObject({
      error: { message: 'Forbidden: foreign Origin https://evil.example' }
    })
    const own = await post({ Authorization: `Bearer ${TOKEN}`, Origin: `http://localhost:${mcp.port}` })
    expect(own.status).toBe(200)
    expect(own.headers.get('mcp-session-id')).toBeTruthy()
  })

  it('refuses requests outside a session clearly', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` }
    const notInit = await post(auth, { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} })
    expect(notInit.status).toBe(400)
    expect(await notInit.json()).toMatchObject({ error: { message: expect.stringContaining('initialize') } })
    const unknownSession = await post({ ...auth, 'Mcp-Session-Id': 'no-such-session' }, {})
    expect(unknownSession.status).toBe(404)
    const notJson = await fetch(mcp.url, { method: 'POST', headers: auth, body: '{oops' })
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toMatchObject({ error: { code: -32700 } })
  })

  it('refuses a body nested past the limit, in a session or opening one, as a JSON-RPC parse error', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` }
    const deep = '['.repeat(50_000) + ']'.repeat(50_000)
    const send = (headers: Record<string, string>, body: string) =>
      fetch(mcp.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          ...headers
        },
        body
      })
    const opening = await send(
      auth,
      JSON.stringify(initialize).replace('"capabilities":{}', `"capabilities":${deep}`)
    )
    expect(opening.status).toBe(400)
    expect(await opening.json()).toMatchObject({
      error: { code: -32700, message: expect.stringContaining(`nested deeper than ${MAX_JSON_DEPTH} levels`) }
    })

    const opened = await post(auth)
    const session = opened.headers.get('mcp-session-id')!
    await opened.text()
    const call = `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_order_status","arguments":{"order_id":${deep}}}}`
    const deepCall = await send({ ...auth, 'Mcp-Session-Id': session }, call)
    expect(deepCall.status).toBe(400)
    expect(await deepCall.json()).toMatchObject({
      error: { code: -32700, message: expect.stringContaining('(at params.arguments.order_id.0') }
    })
  })

  it('serves a real client with the token: tools, and a proposal recorded with the host’s name', async () => {
    const client = await connectClient()
    const { tools } = await client.listTools()
    expect(tools.map((t) => t.name)).toEqual(shopTools.map((t) => t.name))

    const orderId = returnableOrderId(file.db, clock)
    const status = await client.callTool({ name: 'get_order_status', arguments: { order_id: orderId } })
    expect(status.structuredContent).toMatchObject({ order_id: orderId })

    const bad = await client.callTool({ name: 'get_order_status', arguments: {} })
    expect(bad.isError).toBe(true)
    expect(JSON.stringify(bad.content)).toContain('order_id')

    const proposed = await client.callTool({
      name: 'process_return',
      arguments: { order_id: orderId, reason: 'defective' }
    })
    const { action_id } = proposed.structuredContent as { action_id: string }
    // The test's own connection reads what the server's connection wrote: one WAL file, two users.
    expect(getAction(file.db, action_id)).toMatchObject({
      status: 'pending_approval',
      origin: 'mcp',
      originDetail: 'http-test-host/2.0.0'
    })
  })

  it('keeps each session’s host apart', async () => {
    const orderIds = [returnableOrderId(file.db, clock)]
    const first = await connectClient({ name: 'host-one', version: '1' })
    const second = await connectClient({ name: 'host-two', version: '1' })
    const one = await first.callTool({
      name: 'process_return',
      arguments: { order_id: orderIds[0], reason: 'damaged' }
    })
    const two = await second.callTool({
      name: 'get_customer_history',
      arguments: { customer_id: 'CUS-000002' }
    })
    expect(two.isError ?? false).toBe(false)
    const { action_id } = one.structuredContent as { action_id: string }
    expect(getAction(file.db, action_id)?.originDetail).toBe('host-one/1')
  })

  it('announces resource list changes over the session’s stream when another process adds an order', async () => {
    const client = await connectClient()
    const changed = new Promise<void>((resolve) =>
      client.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve())
    )
    // Give the client a moment to open its GET stream, which is where unsolicited notifications go.
    await new Promise((resolve) => setTimeout(resolve, 200))
    insertOrderElsewhere(file.dbPath, 'ORD-29991231-HTTP')
    await changed
    const { resources } = await client.listResources()
    expect(resources.map((r) => r.uri)).toContain('frontline://orders/ORD-29991231-HTTP')
  })
})

describe('the MCP token', () => {
  it('is read from FRONTLINE_MCP_TOKEN, or generated and printed once', async () => {
    const lines: string[] = []
    const previous = process.env.FRONTLINE_MCP_TOKEN
    try {
      process.env.FRONTLINE_MCP_TOKEN = 'from-the-environment-123'
      const fromEnv = await startMcpHttp({ dbPath: file.dbPath, port: 0, log: (l) => lines.push(l) })
      expect(fromEnv.token).toBe('from-the-environment-123')
      await fromEnv.close()
      expect(lines.join('\n')).not.toContain('from-the-environment-123')

      delete process.env.FRONTLINE_MCP_TOKEN
      lines.length = 0
      const generated = await startMcpHttp({ dbPath: file.dbPath, port: 0, log: (l) => lines.push(l) })
      expect(generated.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(lines.filter((l) => l.includes(generated.token))).toHaveLength(1)
      await generated.close()

      await expect(
        startMcpHttp({ dbPath: file.dbPath, port: 0, token: 'short', log: () => {} })
      ).rejects.toThrow(/at least 16 characters/)
    } finally {
      if (previous === undefined) delete process.env.FRONTLINE_MCP_TOKEN
      else process.env.FRONTLINE_MCP_TOKEN = previous
    }
  })
})
