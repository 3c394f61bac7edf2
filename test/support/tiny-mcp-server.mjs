// A small real MCP server for the client tests, run with plain `node` (no build step).
//   node tiny-mcp-server.mjs            serves over stdio
//   node tiny-mcp-server.mjs --http     serves Streamable HTTP on 127.0.0.1 and prints {"port":N} on stdout
// Every tool call is appended as one JSON line to $TINY_MCP_LOG, so a test can count calls across processes.
// Over stdio nothing but the protocol may go to stdout.
import { appendFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { z } from 'zod'

const log = (tool, args) => {
  if (process.env.TINY_MCP_LOG) {
    appendFileSync(
      process.env.TINY_MCP_LOG,
      `${JSON.stringify({ tool, arguments: args, pid: process.pid })}\n`
    )
  }
}

const STOCK = { 'SKU-1': 7, 'SKU-2': 0 }
let labels = 0

function buildServer() {
  const server = new McpServer({ name: 'tiny', version: '1.0.0' })

  server.registerTool(
    'check_stock',
    {
      title: 'Check stock',
      description: 'How many units of a SKU the warehouse holds.',
      inputSchema: { sku: z.string().min(1).describe('e.g. SKU-1') },
      outputSchema: { sku: z.string(), in_stock: z.number().int() },
      annotations: { readOnlyHint: true, openWorldHint: false }
    },
    ({ sku }) => {
      log('check_stock', { sku })
      const inStock = STOCK[sku]
      if (inStock === undefined) {
        return { isError: true, content: [{ type: 'text', text: `Unknown SKU ${sku}.` }] }
      }
      const result = { sku, in_stock: inStock }
      return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result }
    }
  )

  server.registerTool(
    'create_label',
    {
      title: 'Create a shipping label',
      description: 'Buys a shipping label for an order (this costs money).',
      inputSchema: { order_id: z.string().min(1), carrier: z.enum(['ups', 'dhl']) },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false }
    },
    ({ order_id, carrier }) => {
      log('create_label', { order_id, carrier })
      labels++
      return {
        content: [{ type: 'text', text: `Label LBL-${labels} bought from ${carrier} for ${order_id}.` }]
      }
    }
  )

  server.registerTool(
    'add_note',
    {
      description: 'Adds a note to the warehouse record of an order. It declares no annotations.',
      inputSchema: { order_id: z.string(), note: z.string() }
    },
    (args) => {
      log('add_note', args)
      return { content: [{ type: 'text', text: 'Noted.' }] }
    }
  )

  server.registerTool(
    'slow_report',
    {
      title: 'Slow report',
      description: 'A warehouse report that never finishes.',
      inputSchema: {},
      annotations: { readOnlyHint: true }
    },
    () => {
      log('slow_report', {})
      return new Promise(() => {})
    }
  )

  server.registerTool(
    'stock.history',
    {
      description: 'Stock movements of a SKU (a tool name with a dot, which function names do not allow).',
      inputSchema: { sku: z.string() },
      annotations: { readOnlyHint: true }
    },
    ({ sku }) => {
      log('stock.history', { sku })
      return { content: [{ type: 'text', text: `${sku}: no movements.` }] }
    }
  )

  server.registerTool(
    'reservations',
    {
      description: 'Which orders hold the units of a SKU the warehouse has reserved.',
      inputSchema: { sku: z.string() },
      annotations: { readOnlyHint: true }
    },
    ({ sku }) => {
      log('reservations', { sku })
      // A warehouse knows nothing of who is asking: it names whichever orders hold the stock.
      const held = process.env.TINY_HELD_BY ?? ''
      return {
        isError: true,
        content: [
          { type: 'text', text: `${sku} is sold out${held ? `: every unit is held for ${held}` : ''}.` }
        ]
      }
    }
  )

  server.registerTool(
    'exit_now',
    {
      description: 'Stops the server process (to test a server that goes away).',
      inputSchema: {},
      annotations: { readOnlyHint: true }
    },
    () => {
      log('exit_now', {})
      setTimeout(() => process.exit(3), 10)
      return { content: [{ type: 'text', text: 'bye' }] }
    }
  )

  return server
}

if (process.argv.includes('--http')) {
  const token = process.env.TINY_MCP_TOKEN
  const http = createServer(async (req, res) => {
    if (token && req.headers['x-tiny-token'] !== token) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('wrong or missing x-tiny-token')
      return
    }
    // Stateless: a fresh server and transport per request.
    const server = buildServer()
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
    res.on('close', () => {
      void transport.close()
      void server.close()
    })
    await server.connect(transport)
    await transport.handleRequest(req, res)
  })
  http.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: http.address().port })}\n`)
  })
} else {
  process.stderr.write('tiny MCP server ready on stdio\n')
  await buildServer().connect(new StdioServerTransport())
}
