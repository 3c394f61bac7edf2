import { MACRO_VARIABLE_PATTERN, type MacroVariable } from '../../shared/domain/macro'
import { formatMoney } from '../../shared/domain/money'
import type { Db } from '../db/connection'
import { getCustomerCard } from '../db/repositories/customers'
import { findExistingOrderIds, getOrderDetail, listOrdersForCustomer } from '../db/repositories/orders'
import { getTicketSummary, listConversation } from '../db/repositories/tickets'
import { orderIdCandidates } from '../llm/demo/intent'
import { shopOrderIdRules } from '../shop/shop-settings'

/** What a macro's variables are filled with for one ticket: only what the ticket's data says. */
export type MacroValues = Partial<Record<MacroVariable, string>>

/**
 * Fills `{{name}}` with the ticket's values. A variable with no value (no order, no tracking number
 * yet) stays written as it was, and is named in `missing`, so the person sees what to fill in: a
 * reply never goes out with a blank where a fact should be.
 */
export function fillMacro(body: string, values: MacroValues): { body: string; missing: string[] } {
  const missing = new Set<string>()
  const filled = body.replace(MACRO_VARIABLE_PATTERN, (whole, name: string) => {
    const value = values[name as MacroVariable]
    if (value === undefined || value.trim() === '') {
      missing.add(name)
      return `{{${name}}}`
    }
    return value
  })
  return { body: filled, missing: [...missing] }
}

/** The order a ticket is about: one its customer named in the thread, else their latest. */
function ticketOrderId(db: Db, ticketId: string, customerId: string): string | undefined {
  const said = listConversation(db, ticketId)
    .filter((m) => m.author === 'customer')
    .map((m) => m.body)
    .join('\n')
  const rules = shopOrderIdRules(db)
  const typed = orderIdCandidates(said, { pattern: rules.pattern, examples: rules.examples })
  const normalized = typed.flatMap((raw) => {
    const id = rules.normalize(raw)
    return id.ok ? [id.id] : []
  })
  const named = findExistingOrderIds(db, normalized).find((o) => o.customerId === customerId)
  return named?.id ?? listOrdersForCustomer(db, customerId, 1)[0]?.id
}

export function macroValues(db: Db, ticketId: string, agentName: string): MacroValues {
  const ticket = getTicketSummary(db, ticketId)
  if (!ticket) return { 'agent.name': agentName }
  const values: MacroValues = {
    'ticket.id': ticket.id,
    'ticket.subject': ticket.subject,
    'agent.name': agentName
  }
  const customer = ticket.customerId ? getCustomerCard(db, ticket.customerId) : undefined
  if (!customer) return values
  values['customer.name'] = customer.name
  values['customer.first_name'] = customer.name.split(/\s+/)[0] ?? customer.name
  values['customer.email'] = customer.email
  const orderId = ticketOrderId(db, ticketId, customer.id)
  const order = orderId ? getOrderDetail(db, orderId) : undefined
  if (!order) return values
  values['order.id'] = order.id
  values['order.status'] = order.status
  values['order.total'] = formatMoney(order.total)
  if (order.trackingNumber) values['order.tracking_number'] = order.trackingNumber
  if (order.carrier) values['order.carrier'] = order.carrier
  return values
}
