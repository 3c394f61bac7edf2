import { z } from 'zod'
import type { Db } from '../db/connection'
import { readSetting, writeSetting } from '../db/repositories/settings'

/**
 * The shop's own policy, beside Frontline's rules: its text (given to the agent in the system
 * prompt, after Frontline's own rules), and how a guest in a conversation may show who they are.
 *
 * A guest proves an order by its id and the email it was placed with (Frontline's default). A shop
 * whose policy identifies customers by their account's email alone, or by name and postal code
 * (τ²-bench's retail policy does), says so here: a guest who gives either is then that customer
 * for the rest of the conversation. It is weaker than an order id and email (anyone who knows a
 * customer's email could act as them), so it is never on unless the shop sets it; `frontline
 * eval tau2-retail` sets it in its scratch shops only.
 */
export const GuestIdentity = z.enum(['order_and_email', 'email_or_name_and_postal_code'])
export type GuestIdentity = z.infer<typeof GuestIdentity>

export const ShopPolicy = z.object({
  text: z.string().max(20_000).default(''),
  guestIdentity: GuestIdentity.default('order_and_email')
})
export type ShopPolicy = z.output<typeof ShopPolicy>

export const SHOP_POLICY_SETTING = 'shop_policy'
const DEFAULT_SHOP_POLICY: ShopPolicy = { text: '', guestIdentity: 'order_and_email' }

export function readShopPolicy(db: Db): ShopPolicy {
  return readSetting(db, SHOP_POLICY_SETTING, ShopPolicy, DEFAULT_SHOP_POLICY)
}

export function writeShopPolicy(db: Db, policy: z.input<typeof ShopPolicy>): ShopPolicy {
  const parsed = ShopPolicy.parse(policy)
  writeSetting(db, SHOP_POLICY_SETTING, parsed)
  return parsed
}
