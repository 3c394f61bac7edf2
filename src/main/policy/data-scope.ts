import type { Caller } from '../../shared/domain/caller'
import type { Db } from '../db/connection'
import { findCustomerIdsByEmails, findExistingCustomerIds, getCustomer } from '../db/repositories/customers'
import {
  getCustomerProof,
  recordCustomerProof,
  type IdentityMethod
} from '../db/repositories/customer-proofs'
import { hasOrderProof, recordOrderProof } from '../db/repositories/order-proofs'
import { findExistingOrderIds } from '../db/repositories/orders'
import { readShopPolicy } from './shop-policy'

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

/** The customer a guest conversation identified as, if it did (see identifyGuest). */
function provedCustomerOf(db: Db, scope: DataScope): string | undefined {
  return scope.kind === 'guest' && scope.ticketId !== null
    ? getCustomerProof(db, scope.ticketId)?.customerId
    : undefined
}

/**
 * Whether the scope may see this customer's account, orders and history: the shop every one, a
 * customer their own, a guest only the customer they identified as in this conversation.
 */
export function mayViewCustomer(db: Db, scope: DataScope, customerId: string): boolean {
  if (scope.kind === 'shop') return true
  if (scope.kind === 'customer') return scope.customerId === customerId
  return provedCustomerOf(db, scope) === customerId
}

export interface OrderRef {
  id: string
  customerId: string
}

/**
 * Whether the scope may see this order and act on it: the shop sees every order, a customer their
 * own, a guest those they proved in this conversation (its id and the email it was placed with),
 * and every order of the customer they identified as.
 */
export function mayViewOrder(db: Db, scope: DataScope, order: OrderRef): boolean {
  if (scope.kind === 'shop') return true
  if (scope.kind === 'customer') return scope.customerId === order.customerId
  if (scope.ticketId === null) return false
  return hasOrderProof(db, scope.ticketId, order.id) || provedCustomerOf(db, scope) === order.customerId
}

export type GuestIdentification =
  | { ok: true; customerId: string }
  | { ok: false; why: 'not_a_guest' | 'not_allowed' | 'another_customer'; customerId?: string }

/**
 * A guest says who they are (their account's email, or their name and postal code) and a customer
 * matches. Where the shop's policy identifies guests so (shop-policy's guestIdentity), the
 * conversation becomes that customer's: the proof is kept, and the ticket linked. A conversation
 * speaks for one customer only: identifying as another is refused.
 */
export function identifyGuest(
  db: Db,
  scope: DataScope,
  customerId: string,
  method: IdentityMethod,
  at: string
): GuestIdentification {
  if (scope.kind !== 'guest' || scope.ticketId === null) return { ok: false, why: 'not_a_guest' }
  if (readShopPolicy(db).guestIdentity !== 'email_or_name_and_postal_code') {
    return { ok: false, why: 'not_allowed' }
  }
  const kept = recordCustomerProof(db, { ticketId: scope.ticketId, customerId, method, verifiedAt: at })
  return kept.customerId === customerId
    ? { ok: true, customerId }
    : { ok: false, why: 'another_customer', customerId: kept.customerId }
}

const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase()

/**
 * A guest's second factor: they name an order and the email it was placed with. When the email is
 * the order's, the proof is kept with their conversation, so later calls in it (a return of that
 * order) may act on it too. Only a guest proves orders this way: a customer's scope is their
 * account, whatever email they give. Answers whether the proof was kept.
 */
export function proveOrder(db: Db, scope: DataScope, order: OrderRef, email: string, at: string): boolean {
  if (scope.kind !== 'guest' || scope.ticketId === null) return false
  const placedWith = getCustomer(db, order.customerId)?.email
  if (placedWith === undefined || !sameEmail(placedWith, email)) return false
  recordOrderProof(db, scope.ticketId, order.id, at)
  return true
}

// Id-like words (letters, digits and dashes with a digit in them: ORD-20261103-AB12, CUS-000001,
// 1001) and email addresses: what could name an order or a customer in a tool's text.
const ID_LIKE = /[\p{L}\p{N}][\p{L}\p{N}_-]*\d[\p{L}\p{N}_-]*/gu
const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:.]+/g
const MAX_WORDS = 500

function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value)
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into)
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, into)
  return into
}

/**
 * The orders and customers named anywhere in `value` (a tool's result, failed or not: an error's
 * message and suggestions count) that the scope may not see, by id or by email. An answer built on
 * such a result must not reach the customer on its own. What `given` already names (the call's
 * arguments: the conversation's own words) is not counted: a result that only repeats it adds
 * nothing.
 */
export function outsideScope(db: Db, scope: DataScope, value: unknown, given?: unknown): string[] {
  if (scope.kind === 'shop') return []
  // Compared letters and digits only: "ord 20261103 ab12" given is ORD-20261103-AB12 repeated.
  const compact = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}@.]/gu, '')
  const givenText = compact(stringsIn(given).join(' '))
  const fresh = (word: string) => !givenText.includes(compact(word))
  const text = stringsIn(value).join('\n')
  const words = [...new Set(text.match(ID_LIKE) ?? [])].filter(fresh).slice(0, MAX_WORDS)
  const emails = [...new Set(text.match(EMAIL) ?? [])].filter(fresh).slice(0, MAX_WORDS)
  const orders = findExistingOrderIds(db, words)
    .filter((order) => !mayViewOrder(db, scope, order))
    .map((order) => order.id)
  const customers = [...findExistingCustomerIds(db, words), ...findCustomerIdsByEmails(db, emails)].filter(
    (id) => !mayViewCustomer(db, scope, id)
  )
  return [...new Set([...orders, ...customers])]
}
