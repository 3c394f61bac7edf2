import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { startMockOpenAi, type MockOpenAiServer, type Script } from '../../src/main/bench/mock-openai-server'
import { fixedClock } from '../../src/main/core/clock'
import { createCore, type Core, type CoreOptions } from '../../src/main/core/create-core'
import { openDb } from '../../src/main/db/connection'
import type { ProviderProfile } from '../../src/main/llm'
import type { McpServerView } from '../../src/shared/domain/mcp-server'
import { ShopBuilder } from '../support/shop-builder'

export const NOW = '2026-11-20T12:00:00.000Z'
export const TINY_SERVER = resolve(__dirname, '..', 'support', 'tiny-mcp-server.mjs')

/** One test's world: a shop database with one ticket, a mock model, and a call log for the tiny server. */
export class ClientWorld {
  readonly dir = mkdtempSync(join(tmpdir(), 'frontline-mcp-client-'))
  readonly dbPath = join(this.dir, 'shop.db')
  readonly callLog = join(this.dir, 'calls.jsonl')
  readonly cores: Core[] = []
  readonly children: ChildProcess[] = []
  mock: MockOpenAiServer | undefined

  constructor() {
    const shop = new ShopBuilder(openDb(this.dbPath))
    const ada = shop.customer({ id: 'CUS-000001', name: 'Ada Lovelace' })
    shop.product({ id: 'PRD-0001', name: 'Trail Runner Shoe', priceCents: 8999 })
    shop.order({
      id: 'ORD-20261115-AB12',
      customerId: ada,
      status: 'paid',
      items: [{ productId: 'PRD-0001', quantity: 1 }]
    })
    const ticket = shop.ticket({
      id: 'TKT-000001',
      customerId: ada,
      subject: 'Is it in stock?',
      status: 'new'
    })
    shop.message(ticket, {
      body: 'Hi, is SKU-1 in stock? And please ship order ORD-20261115-AB12 with UPS.',
      createdAt: '2026-11-20T09:00:00.000Z'
    })
    shop.db.close()
  }

  /** A core over this world's database; with a script, its model is the mock server. */
  async core(options: { script?: Script; core?: Partial<CoreOptions> } = {}): Promise<Core> {
    let llm: CoreOptions['llm']
    if (options.script) {
      this.mock ??= await startMockOpenAi({ script: options.script })
      llm = {
        connections: [{ profile: mockProfile(this.mock.baseURL), apiKey: 'sk-test-0123456789abcdef' }],
        defaultModel: { providerId: 'mock', model: 'mock-model' }
      }
    }
    const core = createCore({
      dbPath: this.dbPath,
      clock: fixedClock(NOW),
      env: {},
      llm,
      // As the desktop app's dialog would when the person says yes; tests of the refusal pass their own.
      confirmStdio: async () => true,
      ...options.core,
      mcpClient: { callTimeoutMs: 1_000, connectTimeoutMs: 15_000, ...options.core?.mcpClient }
    })
    this.cores.push(core)
    return core
  }

  /** The tiny server as Settings would add it (stdio), connected. */
  async addTiny(core: Core, id = 'tiny'): Promise<McpServerView> {
    const added = await core.invoke('mcpServers.add', {
      id,
      name: 'Tiny warehouse',
      transport: 'stdio',
      command: process.execPath,
      args: [TINY_SERVER],
      env: { TINY_MCP_LOG: this.callLog }
    })
    if (!added.ok) throw new Error(added.error.message)
    return core.context.mcpClients.settled(id)
  }

  /** The tiny server over Streamable HTTP in its own process; resolves with its URL. */
  async startTinyHttp(token: string): Promise<string> {
    const child = spawn(process.execPath, [TINY_SERVER, '--http'], {
      env: { ...process.env, TINY_MCP_TOKEN: token, TINY_MCP_LOG: this.callLog },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    this.children.push(child)
    const lines = createInterface({ input: child.stdout! })
    for await (const line of lines) {
      const { port } = JSON.parse(line) as { port: number }
      return `http://127.0.0.1:${port}/mcp`
    }
    throw new Error('the tiny HTTP server exited before it listened')
  }

  /** The tool calls the tiny server received, in order. */
  calls(tool?: string): { tool: string; arguments: Record<string, unknown> }[] {
    if (!existsSync(this.callLog)) return []
    const all = readFileSync(this.callLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { tool: string; arguments: Record<string, unknown> })
    return tool ? all.filter((c) => c.tool === tool) : all
  }

  async dispose(): Promise<void> {
    for (const core of this.cores) await core.close()
    for (const child of this.children) child.kill()
    await this.mock?.close()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

const mockProfile = (baseURL: string): ProviderProfile => ({
  id: 'mock',
  name: 'Mock provider',
  baseURL,
  models: [{ id: 'mock-model', inputPerMTok: 2, outputPerMTok: 8 }],
  source: { url: 'https://example.com/pricing', checkedOn: '2026-11-25' },
  rateLimits: { requestsPerMinute: 10_000, tokensPerMinute: 10_000_000, maxInFlight: 100 },
  timeoutMs: 5_000
})

/**
 * A model that calls one tool in its first round and then answers, quoting the tool's result, so a
 * test can see what the model was told.
 */
export function callOnce(tool: string, args: Record<string, unknown>): Script {
  return (request) => {
    const last = request.body.messages?.at(-1)
    if (last?.role === 'tool') {
      return { kind: 'stream', content: `Here is what I found: ${String(last.content)}` }
    }
    return { kind: 'stream', toolCalls: [{ id: 'call_1', name: tool, arguments: JSON.stringify(args) }] }
  }
}
