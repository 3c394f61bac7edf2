import { z } from 'zod'
import { findCustomerByEmail, getCustomerCard } from '../db/repositories/customers'
import { getCustomerAddress } from '../db/repositories/order-changes'
import { listOrdersForCustomer } from '../db/repositories/orders'
import { listPaymentMethodsForCustomer } from '../db/repositories/payment-methods'
import { describePaymentMethod } from '../../shared/domain/payment-method'
import { listOpenTicketsForCustomer } from '../db/repositories/tickets'
import { dataScopeOf, mayViewCustomer } from '../policy/data-scope'
import { defineTool, ToolFailure } from './define-tool'

export const getCustomerHistoryTool = defineTool({
  name: 'get_customer_history',
  title: 'Customer history',
  description:
    'Look up a customer by id (CUS-000001) or email: their orders newest first, lifetime value ' +
    '(non-cancelled orders minus refunds), open tickets, stated preferences, and, where the shop keeps them, ' +
    'their default address and payment methods (ids, gift card balances).',
  input: z.object({
    customer_id: z
      .string()
      .trim()
      .min(1)
      .max(254)
      .describe('The customer id, e.g. CUS-000001 (an email also works)'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(10)
      .describe('How many recent orders to list (1–50, default 10)')
  }),
  readOnly: true,
  destructive: false,
  idempotent: true,
  execute(ctx, input) {
    const lookupCard = (id: string | undefined) => (id ? getCustomerCard(ctx.db, id) : undefined)
    const asked = input.customer_id
    const card = asked.includes('@')
      ? lookupCard(findCustomerByEmail(ctx.db, asked)?.id)
      : (lookupCard(asked) ?? lookupCard(asked.toUpperCase()))
    const scope = dataScopeOf(ctx.caller)
    // Someone else's history answers exactly like a customer that does not exist.
    if (!card || !mayViewCustomer(ctx.db, scope, card.id)) {
      const own =
        scope.kind === 'customer' ? scope.customerId : scope.kind === 'shop' ? ctx.customerId : undefined
      throw new ToolFailure({
        code: 'customer_not_found',
        message:
          scope.kind === 'guest'
            ? 'This conversation is with a guest (no account linked): no customer history can be shown. ' +
              'To look up an order, ask for its id and the email it was placed with (get_order_status).'
            : `There is no customer "${asked}" you can see. Customer ids look like CUS-000001.`,
        field: 'customer_id',
        ...(own && own !== asked ? { suggestions: [own] } : {})
      })
    }
    const orders = listOrdersForCustomer(ctx.db, card.id, input.limit)
    const address = getCustomerAddress(ctx.db, card.id)
    const methods = listPaymentMethodsForCustomer(ctx.db, card.id)
    return {
      customer: { id: card.id, name: card.name, email: card.email, customer_since: card.createdAt },
      lifetime_value: card.lifetimeValue,
      order_count: card.orderCount,
      orders_shown: orders.length,
      orders: orders.map((o) => ({
        order_id: o.id,
        status: o.status,
        placed_at: o.placedAt,
        delivered_at: o.deliveredAt,
        total: o.total,
        item_count: o.itemCount
      })),
      open_tickets: listOpenTicketsForCustomer(ctx.db, card.id).map((t) => ({
        ticket_id: t.id,
        subject: t.subject,
        status: t.status,
        priority: t.priority,
        last_customer_message_at: t.lastCustomerMessageAt
      })),
      preferences: card.preferences,
      ...(address ? { address } : {}),
      ...(methods.length > 0
        ? {
            payment_methods: methods.map((m) => ({
              payment_method_id: m.id,
              kind: m.kind,
              description: describePaymentMethod(m)
            }))
          }
        : {})
    }
  }
})
