import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import { McpError, ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/main/core/clock'
import { openDb } from '../../src/main/db/connection'
import { getAction, listPendingActions } from '../../src/main/db/repositories/actions'
import { getCustomerCard } from '../../src/main/db/repositories/customers'
import { getOrderDetail, listOrdersForCustomer } from '../../src/main/db/repositories/orders'
import { getProduct } from '../../src/main/db/repositories/products'
import { getTicketSummary, listMessages } from '../../src/main/db/repositories/tickets'
import { buildServer } from '../../src/main/mcp/build-server'
import { watchOrderList } from '../../src/main/mcp/order-list-watch'
import { LISTED_ORDERS, RETURN_POLICY_URI } from '../../src/main/mcp/register-resources'
import { AWAITS_APPROVAL_NOTE } from '../../src/main/mcp/tool-result'
import { RETURN_WINDOW_DAYS } from '../../src/main/policy/return-policy'
import { createToolRegistry, toolJsonSchema } from '../../src/main/tools/registry'
import { shopTools } from '../../src/main/tools/shop-tools'
import {
  ANCHOR,
  insertOrderElsewhere,
  returnableOrderId,
  seededDbFile,
  undeliveredOrderId,
  type SeededFile
} from './mcp-support'

const CLIENT = { name: 'frontline-test-host', version: '1.2.3' }
const clock = fixedClock(ANCHOR)
const registry = createToolRegistry(shopTools)

let file: SeededFile
let client: Client

beforeEach(async () => {
  file = seededDbFile()
  const server = buildServer({ db: file.db, clock, tools: registry })
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
  client = new Client(CLIENT)
  await Promise.all([server.connect(serverSide), client.connect(clientSide)])
})

afterEach(async () => {
  await client.close()
  file.cleanup()
})

const text = (result: Awaited<ReturnType<Client['callTool']>>): string =>
  (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n')

/** The text of a resource's first content, which for these resources is never a blob. */
const resourceText = (result: Awaited<ReturnType<Client['readResource']>>): string => {
  const [first] = result.contents
  return first && 'text' in first ? first.text : ''
}

const countMcpToolCalls = (): number =>
  file.db.prepare("SELECT COUNT(*) FROM tool_calls WHERE origin = 'mcp'").pluck().get() as number

describe('tools over MCP', () => {
  it('lists every registry tool with its title, description, the agent’s JSON Schema and honest annotations', async () => {
    const { tools } = await client.listTools()
    expect(tools.map((t) => t.name)).toEqual(shopTools.map((t) => t.name))
    for (const tool of shopTools) {
      const listed = tools.find((t) => t.name === tool.name)
      expect(listed?.title).toBe(tool.title)
      expect(listed?.description).toBe(tool.description)
      expect(listed?.inputSchema).toEqual(toolJsonSchema(tool))
      expect(listed?.annotations).toEqual({
        title: tool.title,
        readOnlyHint: tool.readOnly,
        destructiveHint: tool.destructive,
        idempotentHint: tool.idempotent,
        openWorldHint: false
      })
    }
    const processReturn = tools.find((t) => t.name === 'process_return')
    expect(processReturn?.annotations?.readOnlyHint).toBe(false)
    expect(tools.find((t) => t.name === 'get_order_status')?.annotations?.readOnlyHint).toBe(true)
  })

  it('answers each tool with good input, and bad input with an isError result naming the field', async () => {
    const orderId = returnableOrderId(file.db, clock)
    const productWord = getProduct(file.db, 'PRD-0001')?.name.split(' ').at(-1) ?? 'shirt'
    const pendingOrderId = undeliveredOrderId(file.db)
    const address = { line1: '1 Harbour Row', city: 'Leith', postal_code: 'EH6 6JJ', country: 'UK' }
    // `refusedWith`: good input the demo shop's rules refuse by name (it sells no variants and keeps
    // no payment methods), which still proves the tool is served and validated over MCP.
    const cases: Record<
      string,
      {
        good: Record<string, unknown>
        bad: Record<string, unknown>
        field: string
        expected: RegExp
        refusedWith?: string
      }
    > = {
      get_order_status: {
        good: { order_id: orderId },
        bad: { order_id: 42 },
        field: 'order_id',
        expected: /expected string/
      },
      process_return: {
        good: { order_id: orderId, reason: 'damaged', note: 'Arrived broken' },
        bad: { order_id: orderId, reason: 'because' },
        field: 'reason',
        expected: /expected one of/
      },
      search_products: {
        good: { query: productWord },
        bad: { query: productWord, limit: 99 },
        field: 'limit',
        expected: /25/
      },
      get_customer_history: {
        good: { customer_id: 'CUS-000001' },
        bad: {},
        field: 'customer_id',
        expected: /expected string/
      },
      issue_refund: {
        // Goodwill credit: the return proposed above already holds what the order could refund.
        good: { order_id: orderId, amount: 5, type: 'goodwill_credit', reason: 'late_delivery' },
        bad: { order_id: orderId, amount: 5.001, reason: 'late_delivery' },
        field: 'amount',
        expected: /two decimals/
      },
      search_help_center: {
        good: { query: 'return policy' },
        bad: { query: 'return policy', limit: 9 },
        field: 'limit',
        expected: /5/
      },
      create_follow_up: {
        good: {
          task: 'Open a trace with the carrier and update the customer',
          ticket_id: file.db.prepare('SELECT id FROM tickets ORDER BY id LIMIT 1').pluck().get()
        },
        bad: { task: 'x' },
        field: 'task',
        expected: /say what a teammate will do/
      },
      find_customer: {
        good: { email: 'CUS-000001'.toLowerCase() },
        bad: { first_name: 'Ada' },
        field: 'email',
        expected: /first_name, last_name and zip/,
        refusedWith: 'customer_not_found'
      },
      get_order_details: {
        good: { order_id: orderId },
        bad: {},
        field: 'order_id',
        expected: /expected string/
      },
      get_product_details: {
        good: { product_id: 'PRD-0001' },
        bad: { product_id: '' },
        field: 'product_id',
        expected: /too small|>=1/
      },
      cancel_order: {
        good: { order_id: pendingOrderId, reason: 'ordered_by_mistake' },
        bad: { order_id: pendingOrderId, reason: 'bored' },
        field: 'reason',
        expected: /expected one of/
      },
      change_order_address: {
        good: { order_id: undeliveredOrderId(file.db), address },
        bad: { order_id: pendingOrderId, address: { ...address, postal_code: '' } },
        field: 'address.postal_code',
        expected: /too small|>=1/,
        refusedWith: 'change_pending'
      },
      change_order_items: {
        good: {
          order_id: pendingOrderId,
          items: [{ item_id: 1, new_variant_id: 'V-1' }],
          payment_method_id: 'card_1'
        },
        bad: { order_id: pendingOrderId, items: [], payment_method_id: 'card_1' },
        field: 'items',
        expected: /too small|>=1/,
        refusedWith: 'change_pending'
      },
      change_order_payment: {
        good: { order_id: orderId, payment_method_id: 'card_1' },
        bad: { order_id: orderId },
        field: 'payment_method_id',
        expected: /expected string/,
        refusedWith: 'already_shipped'
      },
      change_customer_address: {
        good: { customer_id: 'CUS-000001', address },
        bad: { customer_id: 'CUS-000001', address: { ...address, city: 7 } },
        field: 'address.city',
        expected: /expected string/
      },
      exchange_items: {
        good: {
          order_id: orderId,
          items: [{ item_id: 1, new_variant_id: 'V-1' }],
          payment_method_id: 'card_1'
        },
        bad: {
          order_id: orderId,
          items: [{ item_id: 'one', new_variant_id: 'V-1' }],
          payment_method_id: 'card_1'
        },
        field: 'items.0.item_id',
        expected: /expected number/,
        refusedWith: 'item_not_in_order'
      }
    }
    expect(Object.keys(cases).sort()).toEqual(shopTools.map((t) => t.name).sort())

    for (const tool of shopTools) {
      const c = cases[tool.name]
      if (!c) throw new Error(`no case for ${tool.name}`)
      const pendingBefore = listPendingActions(file.db).length

      const bad = await client.callTool({ name: tool.name, arguments: c.bad })
      expect(bad.isError, tool.name).toBe(true)
      expect(text(bad)).toContain(`Invalid arguments for ${tool.name}: ${c.field}:`)
      expect(text(bad)).toMatch(c.expected)
      expect((bad.structuredContent as { error: { field: string } }).error.field).toBe(c.field)
      expect(listPendingActions(file.db).length, `a bad ${tool.name} call proposes nothing`).toBe(
        pendingBefore
      )

      const good = await client.callTool({ name: tool.name, arguments: c.good })
      expect(good.structuredContent).toBeTypeOf('object')
      if (c.refusedWith) {
        expect(good.isError, `${tool.name}: ${text(good)}`).toBe(true)
        const { code } = (good.structuredContent as { error: { code: string } }).error
        expect(code, `${tool.name}: ${text(good)}`).toMatch(new RegExp(`^(${c.refusedWith})$`))
        continue
      }
      expect(good.isError ?? false, `${tool.name}: ${text(good)}`).toBe(false)
    }
    expect(countMcpToolCalls()).toBe(shopTools.length * 2)
  })

  it('returns the order a tool looked up, and a refusal with real alternatives as isError', async () => {
    const orderId = returnableOrderId(file.db, clock)
    const found = await client.callTool({
      name: 'get_order_status',
      arguments: { order_id: orderId.toLowerCase() }
    })
    expect(found.structuredContent).toMatchObject({ order_id: orderId, status: 'delivered' })

    const missing = await client.callTool({
      name: 'get_order_status',
      arguments: { order_id: 'ORD-20000101-ZZZZ' }
    })
    expect(missing.isError).toBe(true)
    expect(text(missing)).toContain('ORD-20000101-ZZZZ')
    expect((missing.structuredContent as { error: { field: string } }).error.field).toBe('order_id')

    const refused = await client.callTool({
      name: 'process_return',
      arguments: { order_id: undeliveredOrderId(file.db), reason: 'changed_mind' }
    })
    expect(refused.isError).toBe(true)
    expect(text(refused)).toMatch(/has not shipped yet|not been delivered/)
  })

  it('answers an unknown tool and malformed arguments as tool errors, and keeps serving', async () => {
    const unknown = await client.callTool({ name: 'refund_everything', arguments: {} })
    expect(unknown.isError).toBe(true)
    expect(text(unknown)).toContain('refund_everything')
    const wrongShape = await client.callTool({
      name: 'get_order_status',
      arguments: { order_id: ['a', 'b'] }
    })
    expect(wrongShape.isError).toBe(true)
    expect(text(wrongShape)).toContain('order_id')
    expect((await client.listTools()).tools.length).toBe(shopTools.length)
  })

  it('only proposes a return: one pending action per call, origin mcp, with the host’s name', async () => {
    const orderId = returnableOrderId(file.db, clock)
    const before = listPendingActions(file.db).filter((a) => a.orderId === orderId)
    expect(before).toEqual([])

    const result = await client.callTool({
      name: 'process_return',
      arguments: { order_id: orderId, reason: 'damaged' }
    })
    expect(result.isError ?? false).toBe(false)
    expect(text(result)).toContain(AWAITS_APPROVAL_NOTE)
    const proposal = result.structuredContent as { action_id: string; status: string }
    expect(proposal.status).toBe('pending_approval')

    const pending = listPendingActions(file.db).filter((a) => a.orderId === orderId)
    expect(pending.map((a) => a.id)).toEqual([proposal.action_id])
    const action = getAction(file.db, proposal.action_id)
    expect(action).toMatchObject({
      kind: 'return',
      status: 'pending_approval',
      origin: 'mcp',
      originDetail: `${CLIENT.name}/${CLIENT.version}`,
      decidedAt: null
    })
    expect(getOrderDetail(file.db, orderId)?.status, 'nothing is applied before a person approves').toBe(
      'delivered'
    )

    // The same items cannot be claimed twice while the first proposal waits.
    const again = await client.callTool({
      name: 'process_return',
      arguments: { order_id: orderId, reason: 'damaged' }
    })
    expect(again.isError).toBe(true)
    expect(listPendingActions(file.db).filter((a) => a.orderId === orderId)).toHaveLength(1)
  })
})

describe('resources over MCP', () => {
  it('reads an order as the orders repository shows it', async () => {
    const orderId = returnableOrderId(file.db, clock)
    const result = await client.readResource({ uri: `frontline://orders/${orderId}` })
    expect(result.contents[0]?.mimeType).toBe('application/json')
    expect(JSON.parse(resourceText(result))).toEqual(getOrderDetail(file.db, orderId))
  })

  it('reads a customer card with recent orders', async () => {
    const result = await client.readResource({ uri: 'frontline://customers/CUS-000001' })
    expect(JSON.parse(resourceText(result))).toEqual({
      customer: getCustomerCard(file.db, 'CUS-000001'),
      recentOrders: listOrdersForCustomer(file.db, 'CUS-000001', 10)
    })
  })

  it('refuses unknown and malformed ids with errors that name the id', async () => {
    const missing = client.readResource({ uri: 'frontline://orders/ORD-20000101-ZZZZ' })
    await expect(missing).rejects.toThrow(/no order ORD-20000101-ZZZZ/)
    await expect(missing).rejects.toMatchObject({ code: -32002 })
    await expect(client.readResource({ uri: 'frontline://orders/not-an-order' })).rejects.toThrow(
      /id: "not-an-order" is not an order id\. Order ids look like ORD-YYYYMMDD-XXXX/
    )
    await expect(client.readResource({ uri: 'frontline://customers/CUS-999999' })).rejects.toBeInstanceOf(
      McpError
    )
  })

  it('serves the return policy generated from the policy constants', async () => {
    const result = await client.readResource({ uri: RETURN_POLICY_URI })
    expect(result.contents[0]?.mimeType).toBe('text/markdown')
    expect(resourceText(result)).toContain(`within ${RETURN_WINDOW_DAYS} days of delivery`)
    expect(resourceText(result)).toContain('process_return')
    // The refund rules with the shop's caps as they are set now.
    expect(resourceText(result)).toContain('at most 500.00 per refund')
    expect(resourceText(result)).toContain('at most 50.00 per credit')
  })

  it('lists the policy and the newest orders, and the two templates', async () => {
    const { resources } = await client.listResources()
    expect(resources.map((r) => r.uri)).toContain(RETURN_POLICY_URI)
    const orders = resources.filter((r) => r.uri.startsWith('frontline://orders/'))
    expect(orders).toHaveLength(LISTED_ORDERS)
    // Newest by placement, whatever the shape of the shop's ids.
    const placed = orders.map((r) => /placed (\d{4}-\d{2}-\d{2})/.exec(r.description ?? '')?.[1] ?? '')
    expect(placed).toEqual([...placed].sort().reverse())
    const newest = file.db.prepare('SELECT max(placed_at) AS at FROM orders').get() as { at: string }
    expect(placed[0]).toBe(newest.at.slice(0, 10))
    const { resourceTemplates } = await client.listResourceTemplates()
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'frontline://customers/{id}',
      'frontline://orders/{id}'
    ])
  })

  it('completes order ids from a prefix', async () => {
    const orderId = returnableOrderId(file.db, clock)
    const prefix = orderId.slice(0, 15).toLowerCase()
    const { completion } = await client.complete({
      ref: { type: 'ref/resource', uri: 'frontline://orders/{id}' },
      argument: { name: 'id', value: prefix }
    })
    expect(completion.values).toContain(orderId)
    expect(completion.values.every((id) => id.startsWith(prefix.toUpperCase()))).toBe(true)
  })

  it('announces a list change when another connection adds an order', async () => {
    const changed = new Promise<void>((resolve) =>
      client.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve())
    )
    const server = buildServer({ db: file.db, clock, tools: registry })
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
    await Promise.all([server.connect(serverSide), client.close().then(() => client.connect(clientSide))])
    const watch = watchOrderList(file.db, () => server.sendResourceListChanged(), 20)
    try {
      insertOrderElsewhere(file.dbPath, 'ORD-29991231-NEW1')
      await changed
      const { resources } = await client.listResources()
      expect(resources.map((r) => r.uri)).toContain('frontline://orders/ORD-29991231-NEW1')
    } finally {
      watch.stop()
    }
  })

  it('does not announce when other tables change', async () => {
    let announced = 0
    const watch = watchOrderList(file.db, () => announced++, 10)
    try {
      const other = openDb(file.dbPath)
      other.prepare("INSERT INTO settings (key, value) VALUES ('x', '1')").run()
      other.close()
      await new Promise((resolve) => setTimeout(resolve, 100))
      watch.check()
      expect(announced).toBe(0)
    } finally {
      watch.stop()
    }
  })
})

describe('the customer_service_reply prompt', () => {
  it('builds a drafting message from a ticket: the shop’s rules, the customer and the thread', async () => {
    const ticketId = file.shop.exampleTickets.return_request
    const ticket = getTicketSummary(file.db, ticketId)
    const [first] = listMessages(file.db, ticketId)
    const { prompts } = await client.listPrompts()
    expect(prompts.find((p) => p.name === 'customer_service_reply')?.arguments?.map((a) => a.name)).toEqual([
      'ticket_id',
      'customer_message'
    ])

    const prompt = await client.getPrompt({
      name: 'customer_service_reply',
      arguments: { ticket_id: ticketId }
    })
    expect(prompt.messages).toHaveLength(1)
    const body = prompt.messages[0]?.content
    expect(body?.type).toBe('text')
    const promptText = body?.type === 'text' ? body.text : ''
    expect(promptText).toContain(`Ticket: ${ticketId} — ${ticket?.subject}`)
    expect(promptText).toContain(first?.body ?? '(no message)')
    expect(promptText).toContain(`within ${RETURN_WINDOW_DAYS} days of delivery`)
    expect(promptText).toContain(`Today: ${ANCHOR.slice(0, 10)}`)
  })

  it('builds one from a bare customer message, and refuses neither or an unknown ticket', async () => {
    const prompt = await client.getPrompt({
      name: 'customer_service_reply',
      arguments: { customer_message: 'Where is my parcel?' }
    })
    const body = prompt.messages[0]?.content
    expect(body?.type === 'text' && body.text).toContain('Where is my parcel?')
    await expect(client.getPrompt({ name: 'customer_service_reply', arguments: {} })).rejects.toThrow(
      /ticket_id or customer_message/
    )
    await expect(
      client.getPrompt({ name: 'customer_service_reply', arguments: { ticket_id: 'TKT-999999' } })
    ).rejects.toThrow(/ticket_id: no ticket TKT-999999/)
  })
})
