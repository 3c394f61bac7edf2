import { getCustomerHistoryTool } from '../tools/get-customer-history'
import { getOrderStatusTool } from '../tools/get-order-status'
import { processReturnTool } from '../tools/process-return'
import type { AnyTool } from '../tools/registry'
import { searchProductsTool } from '../tools/search-products'

/**
 * What `GET /mcp/tools` lists: the seed's four tools, exactly, because that endpoint is the seed's
 * contract with the shops' integrations. The agent answering a chat may use more (issue_refund,
 * the connected servers' tools); they are Frontline's, listed over MCP, not here.
 */
export const seedChatTools: readonly AnyTool[] = [
  getOrderStatusTool,
  processReturnTool,
  searchProductsTool,
  getCustomerHistoryTool
]
