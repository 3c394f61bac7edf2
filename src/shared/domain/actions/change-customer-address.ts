import { z } from 'zod'
import { PostalAddress } from '../address'
import { actionSchema } from './base'

/**
 * A customer's default address (where new orders ship) replaced; orders already placed keep
 * theirs. Proposed by change_customer_address.
 */

export const ChangeCustomerAddressPayload = z.object({
  customer_id: z.string(),
  address: PostalAddress,
  previous: PostalAddress.nullable()
})
export type ChangeCustomerAddressPayload = z.infer<typeof ChangeCustomerAddressPayload>

export const ChangeCustomerAddressEligibility = z.object({ checked_at: z.string() })

export const ChangeCustomerAddressResult = z.object({ customerId: z.string(), address: z.string() })
export type ChangeCustomerAddressResult = z.infer<typeof ChangeCustomerAddressResult>

export const ChangeCustomerAddressAction = actionSchema('change_customer_address', {
  payload: ChangeCustomerAddressPayload,
  eligibility: ChangeCustomerAddressEligibility,
  result: ChangeCustomerAddressResult
})
export type ChangeCustomerAddressAction = z.infer<typeof ChangeCustomerAddressAction>
