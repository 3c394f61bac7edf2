import { z } from 'zod'
import type { Customer } from '../../shared/domain/customer'
import { findCustomerByEmail, findCustomersByNameAndPostalCode } from '../db/repositories/customers'
import type { IdentityMethod } from '../db/repositories/customer-proofs'
import { dataScopeOf, identifyGuest } from '../policy/data-scope'
import { defineTool, ToolFailure, type ToolContext } from './define-tool'

/** One object (MCP and models need one): an email, or a first name, last name and zip. */
const FindCustomerInput = z
  .object({
    email: z.string().trim().min(3).max(254).optional().describe("The customer's account email"),
    first_name: z.string().trim().min(1).max(100).optional(),
    last_name: z.string().trim().min(1).max(100).optional(),
    zip: z.string().trim().min(1).max(20).optional().describe('The postal code of their address')
  })
  .refine(
    (input) =>
      input.email !== undefined ||
      (input.first_name !== undefined && input.last_name !== undefined && input.zip !== undefined),
    { message: 'give email, or first_name, last_name and zip', path: ['email'] }
  )

const NOT_FOUND: Record<IdentityMethod, string> = {
  email: 'No customer has that email. Ask the customer to check it, or for their name and zip code.',
  name_postal_code:
    'No customer has that name and zip code. Ask the customer to check them, or for their email.'
}

/**
 * The customer found becomes who the conversation speaks for when the caller is a guest (where the
 * shop's policy identifies guests so); a customer can only find themselves. Anything else answers
 * as "not found", so a guest cannot probe who is a customer.
 */
function identify(ctx: ToolContext, matches: Customer[], method: IdentityMethod) {
  const scope = dataScopeOf(ctx.caller)
  const [only] = matches
  const notFound = () => new ToolFailure({ code: 'customer_not_found', message: NOT_FOUND[method] })
  if (!only) throw notFound()
  if (matches.length > 1) {
    throw new ToolFailure({
      code: 'several_customers',
      message: 'Several customers match; ask the customer for their email instead.'
    })
  }
  if (scope.kind === 'customer' && scope.customerId !== only.id) throw notFound()
  if (scope.kind === 'guest') {
    const identified = identifyGuest(ctx.db, scope, only.id, method, ctx.clock.now().toISOString())
    if (!identified.ok) {
      if (identified.why === 'not_a_guest') throw notFound()
      throw new ToolFailure(
        identified.why === 'another_customer'
          ? {
              code: 'another_customer',
              message:
                'This conversation already speaks for another customer; it cannot act for a second one.'
            }
          : {
              code: 'identification_not_allowed',
              message:
                'This shop does not identify guests by email or name and zip: ask for an order id and the email it was placed with (get_order_status).'
            }
      )
    }
  }
  return { customer_id: only.id, name: only.name }
}

export const findCustomerTool = defineTool({
  name: 'find_customer',
  title: 'Find a customer',
  description:
    'Find the customer you are talking to by their account email, or by first name, last name and zip code; ' +
    'returns their customer_id (then get_customer_history lists their address, payment methods and orders). In a ' +
    'conversation with a guest, the customer found is who the conversation speaks for from then on.',
  input: FindCustomerInput,
  readOnly: true,
  destructive: false,
  idempotent: true,
  execute(ctx, input) {
    if (input.email !== undefined) {
      const customer = findCustomerByEmail(ctx.db, input.email)
      return identify(ctx, customer ? [customer] : [], 'email')
    }
    const matches = findCustomersByNameAndPostalCode(
      ctx.db,
      { first: input.first_name ?? '', last: input.last_name ?? '' },
      input.zip ?? ''
    )
    return identify(ctx, matches, 'name_postal_code')
  }
})
