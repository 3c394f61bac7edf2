import type { Caller } from '../../shared/domain/caller'

/**
 * What of the shop's customer data a caller may see: all of it (a person at a console, the CLI,
 * an MCP host), one customer's own (a customer in the chat or email channel), or only what a guest
 * has proved in their own conversation. Tools ask here, so "who may see this" has one home.
 */
export type DataScope =
  { kind: 'shop' } | { kind: 'customer'; customerId: string } | { kind: 'guest'; ticketId: string | null }

export function dataScopeOf(caller: Caller): DataScope {
  if (caller.kind === 'customer') return { kind: 'customer', customerId: caller.customerId }
  if (caller.kind === 'guest') return { kind: 'guest', ticketId: caller.ticketId }
  return { kind: 'shop' }
}

/** Whether the scope may see this customer's account, orders and history. */
export const mayViewCustomer = (scope: DataScope, customerId: string): boolean =>
  scope.kind === 'shop' || (scope.kind === 'customer' && scope.customerId === customerId)
