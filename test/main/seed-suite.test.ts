/**
 * The seed service's own test suite, run against `frontline serve` as its clients run it: a real
 * HTTP client against the built CLI in its own process, the demo shop and the offline demo model,
 * with only the bearer header added (the channel key comes from FRONTLINE_CHANNEL_KEY).
 *
 * The seed's exact request bodies are not in this repository: these are the ones the suite is
 * known to send (issue 13), written down here. Its clients assert exactly four tools on
 * GET /mcp/tools, so that list stays the seed's four.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtAppProblem, builtMain } from '../support/built-app'

const KEY = 'flc_seed-suite-key-0123456789abcdefghijklmnopqrstuvwxyz'
const problem = builtAppProblem(['cli.js'])

let dataDir: string
let server: ChildProcess | undefined
let url: string
let stderr = ''

/** The environment of a shop's server: none of the developer's FRONTLINE_* settings, the demo model. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('FRONTLINE_')) env[name] = value
  return { ...env, FRONTLINE_DATA_DIR: dataDir, FRONTLINE_CHANNEL_KEY: KEY }
}

beforeAll(async () => {
  if (problem) return
  dataDir = mkdtempSync(join(tmpdir(), 'frontline-seed-suite-'))
  server = spawn(process.execPath, [builtMain('cli.js'), 'serve', '--port', '0'], {
    env: serverEnv(),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`frontline serve did not start in 30 s: ${stderr}`)),
      30_000
    )
    createInterface({ input: server!.stdout! }).on('line', (line) => {
      const served = /^Frontline chat channel: (\S+)$/.exec(line)
      if (served) {
        clearTimeout(timer)
        resolve(served[1]!)
      }
    })
    server!.once('exit', (code) => reject(new Error(`frontline serve exited (${code}): ${stderr}`)))
  })
}, 60_000)

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = once(server, 'exit')
    server.kill('SIGTERM')
    const [code] = (await exited) as [number | null]
    expect(code).toBe(0)
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${KEY}` }

async function chat(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/mcp/chat`, { method: 'POST', headers, body: JSON.stringify(body) })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe.skipIf(problem !== null)(
  `the seed's test suite against frontline serve${problem ? ` (skipped: ${problem})` : ''}`,
  () => {
    it('GET /health answers 200, status "healthy"', async () => {
      const response = await fetch(`${url}/health`)
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ status: 'healthy' })
    })

    it("GET /mcp/tools lists exactly the seed's four tools, with their input schemas", async () => {
      const response = await fetch(`${url}/mcp/tools`, { headers })
      expect(response.status).toBe(200)
      const { tools } = (await response.json()) as {
        tools: {
          name: string
          input_schema: { type: string; properties: Record<string, unknown>; required?: string[] }
        }[]
      }
      expect(tools.map((t) => t.name).sort()).toEqual([
        'get_customer_history',
        'get_order_status',
        'process_return',
        'search_products'
      ])
      for (const tool of tools) expect(tool.input_schema.type).toBe('object')
      const schema = (name: string) => tools.find((t) => t.name === name)!.input_schema
      expect(schema('get_order_status').required).toEqual(['order_id'])
      expect(schema('search_products').required ?? []).toEqual([])
      expect(schema('process_return').properties).toHaveProperty('order_id')
      expect(schema('get_customer_history').properties).toHaveProperty('customer_id')
    })

    it('POST /mcp/chat answers a greeting with response, model_used, usage and a tool call count', async () => {
      const { status, body } = await chat({
        messages: [{ role: 'user', content: 'Hello, what can you help me with?' }],
        customer_id: 'test-001'
      })
      expect(status).toBe(200)
      expect(typeof body.response).toBe('string')
      expect((body.response as string).length).toBeGreaterThan(0)
      expect(typeof body.model_used).toBe('string')
      const usage = body.usage as Record<string, number>
      for (const field of ['prompt_tokens', 'completion_tokens', 'total_tokens']) {
        expect(typeof usage[field], field).toBe('number')
      }
      expect(usage.total_tokens).toBe(usage.prompt_tokens! + usage.completion_tokens!)
      expect(typeof body.tool_calls_executed).toBe('number')
    })

    it("POST /mcp/chat about an order calls a tool, and a guest with an id not in the shop's form gets a polite answer", async () => {
      const { status, body } = await chat({
        messages: [{ role: 'user', content: 'What is the status of order 12345?' }],
        customer_id: 'customer-3'
      })
      expect(status).toBe(200)
      expect(body.tool_calls_executed).toBeGreaterThanOrEqual(1)
      expect(body.guest).toBe(true)
      expect(body.response).toMatch(/order number and the email address it was placed with/)
    })

    it('ten concurrent POST /mcp/chat, one per customer, all answer 200', async () => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          chat({
            messages: [{ role: 'user', content: `Hi, this is customer ${i}. Where is my order?` }],
            customer_id: `customer-${i}`
          })
        )
      )
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200))
      expect(new Set(answers.map((a) => a.body.ticket_id)).size).toBe(10)
    })
  }
)
