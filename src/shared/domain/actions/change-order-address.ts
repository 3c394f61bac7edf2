import { z } from 'zod'
import { PostalAddress } from '../address'
import { actionSchema } from './base'

/** Shipping an order that has not shipped yet to another address. Proposed by change_order_address. */

export const ChangeOrderAddressPayload = z.object({
  order_id: z.string(),
  customer_id: z.string(),
  address: PostalAddress,
  previous: PostalAddress
})
export type ChangeOrderAddressPayload = z.infer<typeof ChangeOrderAddressPayload>

export const ChangeOrderAddressEligibility = z.object({
  order_status: z.string(),
  checked_at: z.string()
})

export const ChangeOrderAddressResult = z.object({ orderId: z.string(), shippingAddress: z.string() })
export type ChangeOrderAddressResult = z.infer<typeof ChangeOrderAddressResult>

export const ChangeOrderAddressAction = actionSchema('change_order_address', {
  payload: ChangeOrderAddressPayload,
  eligibility: ChangeOrderAddressEligibility,
  result: ChangeOrderAddressResult
})
export type ChangeOrderAddressAction = z.infer<typeof ChangeOrderAddressAction>
