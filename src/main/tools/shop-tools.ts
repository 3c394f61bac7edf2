import { createFollowUpTool } from './create-follow-up'
import { cancelOrderTool } from './cancel-order'
import { changeCustomerAddressTool } from './change-customer-address'
import { changeOrderAddressTool } from './change-order-address'
import { changeOrderItemsTool } from './change-order-items'
import { changeOrderPaymentTool } from './change-order-payment'
import { exchangeItemsTool } from './exchange-items'
import { findCustomerTool } from './find-customer'
import { getCustomerHistoryTool } from './get-customer-history'
import { getOrderDetailsTool } from './get-order-details'
import { getProductDetailsTool } from './get-product-details'
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
  createFollowUpTool,
  findCustomerTool,
  getOrderDetailsTool,
  getProductDetailsTool,
  cancelOrderTool,
  changeOrderAddressTool,
  changeOrderItemsTool,
  changeOrderPaymentTool,
  changeCustomerAddressTool,
  exchangeItemsTool
]
