import type { Readable } from 'node:stream'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock as clock } from '../../src/main/core/clock'
import { getAction } from '../../src/main/db/repositories/actions'
import { shopTools } from '../../src/main/tools/shop-tools'
import { returnableOrderId, seededDbFile, type SeededFile } from './mcp-support'
import { builtAppProblem, builtMain, repoRoot } from '../support/built-app'

const builtCli = builtMain('cli.js')

const problem = builtAppProblem()

describe.skipIf(problem !== null)(
  `frontline mcp over real stdio${problem ? ` (skipped: ${problem})` : ''}`,
  () => {
    let file: SeededFile
    let client: Client
    let stderr = ''
    const protocolErrors: Error[] = []

    beforeAll(async () => {
      // The child runs on the system clock, so the shop is anchored at the real now.
      file = seededDbFile(clock.now().toISOString())
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [builtCli, 'mcp', '--db', file.dbPath],
        cwd: repoRoot,
        stderr: 'pipe'
      })
      ;(transport.stderr as Readable | null)?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      client = new Client({ name: 'stdio-test-host', version: '0.9.0' })
      // A stray line on stdout would arrive here as a parse error.
      client.onerror = (error) => protocolErrors.push(error)
      await client.connect(transport)
    })

    afterAll(async () => {
      await client?.close()
      file?.cleanup()
    })

    it('lists the tools and runs one, with logs on stderr and only the protocol on stdout', async () => {
      const { tools } = await client.listTools()
      expect(tools.map((t) => t.name)).toEqual(shopTools.map((t) => t.name))

      const orderId = returnableOrderId(file.db, clock)
      const status = await client.callTool({ name: 'get_order_status', arguments: { order_id: orderId } })
      expect(status.isError ?? false).toBe(false)
      expect(status.structuredContent).toMatchObject({ order_id: orderId, status: 'delivered' })

      const bad = await client.callTool({ name: 'get_order_status', arguments: { order_id: 7 } })
      expect(bad.isError).toBe(true)
      expect(JSON.stringify(bad.content)).toContain(
        'order_id: Invalid input: expected string, received number'
      )

      expect(stderr).toContain('[mcp] Frontline MCP server on stdio')
      expect(protocolErrors).toEqual([])
    })

    it('shares the database file with another open connection: the proposal lands as pending, from this host', async () => {
      const orderId = returnableOrderId(file.db, clock)
      const result = await client.callTool({
        name: 'process_return',
        arguments: { order_id: orderId, reason: 'damaged' }
      })
      expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false)
      const { action_id } = result.structuredContent as { action_id: string }
      expect(getAction(file.db, action_id)).toMatchObject({
        status: 'pending_approval',
        origin: 'mcp',
        originDetail: 'stdio-test-host/0.9.0'
      })
    })
  }
)
