import { createFollowUpTool } from './create-follow-up'
import { getCustomerHistoryTool } from './get-customer-history'
import { getOrderStatusTool } from './get-order-status'
import { issueRefundTool } from './issue-refund'
import { processReturnTool } from './process-return'
import type { AnyTool } from './registry'
import { searchHelpCenterTool } from './search-help-center'
import { searchProductsTool } from './search-products'

/** Frontline's own tools, in the order models and MCP hosts see them. */
export const shopTools: readonly AnyTool[] = [
  getOrderStatusTool,
  processReturnTool,
  searchProductsTool,
  getCustomerHistoryTool,
  issueRefundTool,
  searchHelpCenterTool,
  createFollowUpTool
]
