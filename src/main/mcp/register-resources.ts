import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js'
import { z } from 'zod'
import { getCustomerCard } from '../db/repositories/customers'
import { listNewestOrders, listOrderIdsWithPrefix, type OrderRef } from '../db/repositories/order-feed'
import { getOrderDetail, listOrdersForCustomer } from '../db/repositories/orders'
import type { MoneyCaps } from '../../shared/domain/money-caps'
import { moneyPolicyText, readMoneyCaps } from '../policy/refund-policy'
import { returnPolicyText } from '../policy/return-policy'
import { orderIdHint } from '../shop/order-id-format'
import { shopOrderIdRules } from '../shop/shop-settings'
import type { McpServerDeps } from './build-server'

export const RETURN_POLICY_URI = 'frontline://policies/returns'
// A shop's ids may hold characters a URI gives a meaning to (Shopify's `#1001`): they are encoded.
export const orderUri = (id: string): string => `frontline://orders/${encodeURIComponent(id)}`
const ORDER_URI_TEMPLATE = 'frontline://orders/{id}'
const CUSTOMER_URI_TEMPLATE = 'frontline://customers/{id}'

/** How many orders `resources/list` names; older ones stay readable through the template. */
export const LISTED_ORDERS = 50
const RECENT_ORDERS_PER_CUSTOMER = 10
const COMPLETIONS = 20

/** The MCP spec's code for an unknown resource; the SDK has no constant for it. */
const RESOURCE_NOT_FOUND = -32002

const CustomerId = z.string().min(1).max(64)

/** What `resources/list` shows for an order; the change watcher compares these to decide whether to announce. */
export function listedOrders(deps: Pick<McpServerDeps, 'db'>): OrderRef[] {
  return listNewestOrders(deps.db, LISTED_ORDERS)
}

/** A template variable, decoded; `{id}` never legitimately holds a list. */
function variable(variables: Record<string, string | string[]>, name: string): string {
  const raw = variables[name]
  const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '')
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

const json = (uri: URL, value: unknown): ReadResourceResult => ({
  contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }]
})

export function registerResources(server: McpServer, deps: McpServerDeps): void {
  const { db } = deps

  server.registerResource(
    'order',
    new ResourceTemplate(ORDER_URI_TEMPLATE, {
      list: () => ({
        resources: listedOrders(deps).map((order) => ({
          uri: orderUri(order.id),
          name: order.id,
          title: `Order ${order.id}`,
          description: `${order.status}, placed ${order.placedAt.slice(0, 10)} by ${order.customerId}`,
          mimeType: 'application/json'
        }))
      }),
      complete: { id: (value) => listOrderIdsWithPrefix(db, value.trim().toUpperCase(), COMPLETIONS) }
    }),
    {
      title: 'Order',
      description:
        "One order with its items, amounts, shipping and tracking, by the shop's order id (e.g. #1001 or ORD-20261103-AB12).",
      mimeType: 'application/json'
    },
    (uri, variables) => {
      const asked = variable(variables, 'id')
      const rules = shopOrderIdRules(db)
      const parsed = rules.normalize(asked)
      if (!parsed.ok) {
        throw new McpError(ErrorCode.InvalidParams, `id: "${asked}" ${parsed.why}. ${orderIdHint(rules)}`)
      }
      const order = getOrderDetail(db, parsed.id)
      if (!order) throw new McpError(RESOURCE_NOT_FOUND, `id: no order ${parsed.id}`, { uri: uri.href })
      return json(uri, order)
    }
  )

  server.registerResource(
    'customer',
    new ResourceTemplate(CUSTOMER_URI_TEMPLATE, { list: undefined }),
    {
      title: 'Customer',
      description:
        'A customer card (lifetime value, order count, open tickets) with their most recent orders.',
      mimeType: 'application/json'
    },
    (uri, variables) => {
      const id = variable(variables, 'id')
      if (!CustomerId.safeParse(id).success) {
        throw new McpError(
          ErrorCode.InvalidParams,
          `id: expected a customer id such as CUS-000001, got "${id}"`
        )
      }
      const customer = getCustomerCard(db, id)
      if (!customer) throw new McpError(RESOURCE_NOT_FOUND, `id: no customer ${id}`, { uri: uri.href })
      return json(uri, { customer, recentOrders: listOrdersForCustomer(db, id, RECENT_ORDERS_PER_CUSTOMER) })
    }
  )

  server.registerResource(
    'return-policy',
    RETURN_POLICY_URI,
    {
      title: 'Return policy',
      description: 'The shop’s return and refund rules, as the support agent applies them.',
      mimeType: 'text/markdown'
    },
    (uri) => ({
      contents: [
        { uri: uri.href, mimeType: 'text/markdown', text: returnPolicyDocument(readMoneyCaps(deps.db)) }
      ]
    })
  )
}

export function returnPolicyDocument(caps: MoneyCaps): string {
  return `# Return policy\n\n${returnPolicyText()}\n\n## Refunds and goodwill credit\n\n${moneyPolicyText(caps)}\n`
}
