import type { Db } from '../../db/connection'
import { getVariant } from '../../db/repositories/product-variants'
import type { ExpectedAction } from './retail-task'

/**
 * A τ²-bench action (its tool name and arguments, as a task's expected actions list them) as the
 * call of Frontline's own tool that does the same in a Frontline shop imported from db.json. The
 * expected final state of a task is what these calls, approved, leave; the oracle model makes
 * exactly these calls.
 *
 * τ²-bench names an order's item by its variant id (`item_id`); Frontline names the order line
 * (get_order_details items[].item_id), so each variant id is matched to a line of the order that
 * is that variant, each line once (an order can hold the same variant twice).
 */
export interface FrontlineCall {
  tool: string
  arguments: Record<string, unknown>
  /** Proposes an action a person approves (the others only read). */
  mutating: boolean
}

type Args = Record<string, unknown>
const text = (args: Args, key: string): string => String(args[key] ?? '')
const texts = (args: Args, key: string): string[] => (Array.isArray(args[key]) ? args[key].map(String) : [])

const addressOf = (args: Args) => ({
  line1: text(args, 'address1'),
  line2: text(args, 'address2'),
  city: text(args, 'city'),
  region: text(args, 'state'),
  postal_code: text(args, 'zip'),
  country: text(args, 'country')
})

/** The order lines that are these variants, in the order given, each line at most once. */
export function linesOfVariants(db: Db, orderId: string, variantIds: readonly string[]): number[] {
  const lines = db
    .prepare('SELECT id, variant_id FROM order_items WHERE order_id = ? ORDER BY id')
    .all(orderId) as { id: number; variant_id: string | null }[]
  const used = new Set<number>()
  return variantIds.map((variantId) => {
    const line = lines.find((l) => l.variant_id === variantId && !used.has(l.id))
    if (!line) throw new Error(`order ${orderId} has no line of variant ${variantId} left`)
    used.add(line.id)
    return line.id
  })
}

const swapItems = (db: Db, args: Args) => {
  const orderId = text(args, 'order_id')
  const lines = linesOfVariants(db, orderId, texts(args, 'item_ids'))
  const targets = texts(args, 'new_item_ids')
  return lines.map((itemId, index) => ({ item_id: itemId, new_variant_id: targets[index] }))
}

const TRANSLATE: Record<string, (db: Db, args: Args) => FrontlineCall | null> = {
  find_user_id_by_email: (_db, args) => ({
    tool: 'find_customer',
    arguments: { email: text(args, 'email') },
    mutating: false
  }),
  find_user_id_by_name_zip: (_db, args) => ({
    tool: 'find_customer',
    arguments: {
      first_name: text(args, 'first_name'),
      last_name: text(args, 'last_name'),
      zip: text(args, 'zip')
    },
    mutating: false
  }),
  get_user_details: (_db, args) => ({
    tool: 'get_customer_history',
    arguments: { customer_id: text(args, 'user_id') },
    mutating: false
  }),
  get_order_details: (_db, args) => ({
    tool: 'get_order_details',
    arguments: { order_id: text(args, 'order_id') },
    mutating: false
  }),
  get_product_details: (_db, args) => ({
    tool: 'get_product_details',
    arguments: { product_id: text(args, 'product_id') },
    mutating: false
  }),
  get_item_details: (db, args) => {
    const variant = getVariant(db, text(args, 'item_id'))
    return variant
      ? { tool: 'get_product_details', arguments: { product_id: variant.productId }, mutating: false }
      : null
  },
  cancel_pending_order: (_db, args) => ({
    tool: 'cancel_order',
    arguments: { order_id: text(args, 'order_id'), reason: text(args, 'reason').replace(/ /g, '_') },
    mutating: true
  }),
  modify_pending_order_address: (_db, args) => ({
    tool: 'change_order_address',
    arguments: { order_id: text(args, 'order_id'), address: addressOf(args) },
    mutating: true
  }),
  modify_pending_order_payment: (_db, args) => ({
    tool: 'change_order_payment',
    arguments: { order_id: text(args, 'order_id'), payment_method_id: text(args, 'payment_method_id') },
    mutating: true
  }),
  modify_pending_order_items: (db, args) => ({
    tool: 'change_order_items',
    arguments: {
      order_id: text(args, 'order_id'),
      items: swapItems(db, args),
      payment_method_id: text(args, 'payment_method_id')
    },
    mutating: true
  }),
  exchange_delivered_order_items: (db, args) => ({
    tool: 'exchange_items',
    arguments: {
      order_id: text(args, 'order_id'),
      items: swapItems(db, args),
      payment_method_id: text(args, 'payment_method_id')
    },
    mutating: true
  }),
  return_delivered_order_items: (db, args) => ({
    tool: 'process_return',
    arguments: {
      order_id: text(args, 'order_id'),
      items: linesOfVariants(db, text(args, 'order_id'), texts(args, 'item_ids')).map((itemId) => ({
        item_id: itemId
      })),
      reason: 'other',
      refund_to: text(args, 'payment_method_id')
    },
    mutating: true
  }),
  modify_user_address: (_db, args) => ({
    tool: 'change_customer_address',
    arguments: { customer_id: text(args, 'user_id'), address: addressOf(args) },
    mutating: true
  })
}

/**
 * The Frontline call for a τ²-bench action; null for what changes nothing and has no tool here
 * (calculate: arithmetic; transfer_to_human_agents: the conversation is handed to a person, which a
 * chat in Frontline always can be).
 */
export function toFrontlineCall(
  db: Db,
  action: Pick<ExpectedAction, 'name' | 'arguments'>
): FrontlineCall | null {
  const translate = TRANSLATE[action.name]
  return translate ? translate(db, action.arguments) : null
}
